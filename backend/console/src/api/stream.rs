//! Live updates: `GET …/projects/{project}/stream` answers server-sent events while the
//! project's Jobs change, from a Kubernetes watch made as the user (so a Job appears,
//! changes status or goes away in the browser without polling).
//!
//! Events: `snapshot` (`{"items": [JobSummary]}`, once the watch has listed everything, and
//! again after it re-lists), `upsert` (a `JobSummary` that was created or changed) and
//! `delete` (`{"name"}`); a comment every 15 s keeps proxies from closing the connection.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use chrono::Utc;
use futures::{Stream, StreamExt};
use k8s_openapi::api::batch::v1::Job;
use kube::runtime::{WatchStreamExt, watcher};
use serde::Serialize;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paths::ProjectPath;
use super::scope::Scope;
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::error::{ApiError, ErrorResponses};
use crate::jobs::{self, JobSummary};

fn event(name: &str, data: &impl Serialize) -> Event {
    Event::default()
        .event(name)
        .json_data(data)
        .unwrap_or_else(|_| Event::default().comment("unserializable event"))
}

/// Maps the watch's events to SSE events: `InitApply`s are gathered into one `snapshot`.
fn job_events(
    watch: impl Stream<Item = Result<watcher::Event<Job>, watcher::Error>> + Send + 'static,
) -> impl Stream<Item = Result<Event, Infallible>> + Send + 'static {
    watch
        .scan(Vec::<JobSummary>::new(), |listing, item| {
            let now = Utc::now();
            let out = match item {
                Ok(watcher::Event::Init) => {
                    listing.clear();
                    None
                }
                Ok(watcher::Event::InitApply(job)) => {
                    listing.push(jobs::summarize(&job, now));
                    None
                }
                Ok(watcher::Event::InitDone) => Some(event(
                    "snapshot",
                    &json!({ "items": std::mem::take(listing) }),
                )),
                Ok(watcher::Event::Apply(job)) => {
                    Some(event("upsert", &jobs::summarize(&job, now)))
                }
                Ok(watcher::Event::Delete(job)) => Some(event(
                    "delete",
                    &json!({ "name": job.metadata.name.unwrap_or_default() }),
                )),
                Err(err) => {
                    tracing::warn!(error = %err, "job watch failed; retrying");
                    Some(Event::default().comment("watch interrupted; resuming"))
                }
            };
            futures::future::ready(Some(out))
        })
        .filter_map(|out| futures::future::ready(out.map(Ok)))
}

/// Server-sent events for the project's Jobs: `snapshot`, `upsert`, `delete`.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/stream",
    tag = "jobs",
    operation_id = "streamJobs",
    params(ProjectPath),
    responses(
        (status = 200, description = "An endless text/event-stream: `snapshot` ({items: [JobSummary]}), `upsert` (JobSummary), `delete` ({name})", body = String, content_type = "text/event-stream"),
        ErrorResponses,
    )
)]
async fn stream_jobs(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let scope = Scope::new(
        &state,
        &path,
        identity,
        &[Check::jobs("list"), Check::jobs("watch")],
    )
    .await?;
    let watch = watcher(scope.jobs(), watcher::Config::default()).default_backoff();
    Ok(Sse::new(job_events(watch)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stream_jobs))
}
