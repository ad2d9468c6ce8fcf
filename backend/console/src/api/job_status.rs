//! What a Job is made of while it runs: its Pods and the events of the Job and its Pods.

use axum::extract::State;
use k8s_openapi::api::core::v1::Event;
use kube::Api;
use kube::api::ListParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paths::JobPath;
use super::scope::Scope;
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::error::{ApiError, ErrorResponses, Json};
use crate::jobs::{self, EventList, PodList};

/// The Job's Pods: phase, readiness, restarts, node, IP, times, index, containers.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/pods",
    tag = "jobs",
    operation_id = "listJobPods",
    params(JobPath),
    responses(
        (status = 200, description = "The Pods the Job owns", body = PodList),
        ErrorResponses,
    )
)]
async fn job_pods(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
) -> Result<Json<PodList>, ApiError> {
    let scope = Scope::new(
        &state,
        &path.project_path(),
        identity,
        &[Check::jobs("get"), Check::PODS_LIST],
    )
    .await?;
    let job = scope.job(&path.job).await?;
    let pods = scope.job_pods(&job).await?;
    Ok(Json(jobs::pod_rows(&pods)))
}

/// Whether an event's Pod name could be one of this Job's Pods (`<job>-<5 chars>` or, for
/// Indexed Jobs, `<job>-<index>-<5 chars>`), for Pods already deleted.
fn job_pod_name(job: &str, pod: &str) -> bool {
    let Some(rest) = pod.strip_prefix(job).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    let suffix_ok = |s: &str| s.len() == 5 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    match parts.as_slice() {
        [suffix] => suffix_ok(suffix),
        [index, suffix] => index.bytes().all(|b| b.is_ascii_digit()) && suffix_ok(suffix),
        _ => false,
    }
}

/// The events of the Job and its Pods, newest first, repeats merged with a count.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/events",
    tag = "jobs",
    operation_id = "listJobEvents",
    params(JobPath),
    responses(
        (status = 200, description = "The events", body = EventList),
        ErrorResponses,
    )
)]
async fn job_events(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
) -> Result<Json<EventList>, ApiError> {
    let scope = Scope::new(
        &state,
        &path.project_path(),
        identity,
        &[Check::jobs("get"), Check::EVENTS_LIST],
    )
    .await?;
    let job = scope.job(&path.job).await?;
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let events = Api::<Event>::namespaced(scope.client.clone(), &scope.project)
        .list(&ListParams::default())
        .await
        .map_err(|e| scope.err(e))?;
    let mine = events.items.iter().filter(|e| {
        let o = &e.involved_object;
        match o.kind.as_deref() {
            Some("Job") => {
                o.name.as_deref() == Some(path.job.as_str())
                    && o.uid.as_deref().is_none_or(|u| u.is_empty() || u == uid)
            }
            Some("Pod") => o
                .name
                .as_deref()
                .is_some_and(|name| job_pod_name(&path.job, name)),
            _ => false,
        }
    });
    Ok(Json(jobs::event_rows(mine)))
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(job_pods))
        .routes(routes!(job_events))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pod_names_of_a_job() {
        assert!(job_pod_name("pi", "pi-abc12"));
        assert!(job_pod_name("pi", "pi-3-abc12"));
        assert!(!job_pod_name("pi", "pi-x-abc12"));
        assert!(!job_pod_name("pi", "pix-abc12"));
        assert!(!job_pod_name("pi", "pi-abc123"));
    }
}
