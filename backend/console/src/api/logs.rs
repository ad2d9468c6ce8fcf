//! Logs: one Pod's container (`GET pods/{pod}/logs`), or every Pod of a Job merged, each
//! line prefixed with its Pod (`GET jobs/{job}/logs`). Both stream: bytes go to the client
//! as the cluster sends them, and with `follow=true` the answer stays open until the
//! containers end. Only Pods of the project in the path are reachable, and for a Job only
//! the Pods it owns.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use futures::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, Stream, StreamExt};
use http::{HeaderValue, StatusCode, header};
use k8s_openapi::api::core::v1::Pod;
use kube::api::LogParams;
use serde::Deserialize;
use tokio::sync::mpsc;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paths::{JobPath, PodPath};
use super::scope::Scope;
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::error::{ApiError, ErrorResponses, Query};
use crate::jobs::{self, job_finished, merge_logs, pod_finished, prefix};

/// How often a followed Job's log looks for new Pods (retries, later indexes).
const NEW_POD_INTERVAL: Duration = Duration::from_secs(2);

/// The most one Pod contributes to a merged (not followed) Job log.
const MERGED_POD_LIMIT_BYTES: i64 = 16 * 1024 * 1024;

/// The query of both log endpoints.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// The container (default: the Pod's first container).
    pub container: Option<String>,
    /// Keep the answer open and stream new lines until the container ends.
    #[serde(default)]
    pub follow: bool,
    /// Only the last N lines (per Pod).
    pub tail_lines: Option<i64>,
    /// Only lines from the last N seconds.
    pub since_seconds: Option<i64>,
    /// Prefix each line with its RFC 3339 timestamp.
    #[serde(default)]
    pub timestamps: bool,
    /// The previous (restarted) container's log.
    #[serde(default)]
    pub previous: bool,
    /// Answer as an attachment (`<pod>_<container>.log`, or `<job>.log`).
    #[serde(default)]
    pub download: bool,
}

impl LogQuery {
    fn check(&self) -> Result<(), ApiError> {
        let bad = |name: &str, value: i64| {
            ApiError::BadRequest(format!(
                "invalid query parameter {name}={value}: must be greater than 0"
            ))
        };
        if let Some(n) = self.tail_lines.filter(|n| *n < 0) {
            return Err(bad("tailLines", n));
        }
        if let Some(n) = self.since_seconds.filter(|n| *n <= 0) {
            return Err(bad("sinceSeconds", n));
        }
        if self.follow && self.previous {
            return Err(ApiError::BadRequest(
                "follow and previous cannot be combined: a previous container has ended".into(),
            ));
        }
        Ok(())
    }

    fn params(&self, container: &str) -> LogParams {
        LogParams {
            container: Some(container.to_owned()),
            follow: self.follow,
            tail_lines: self.tail_lines,
            since_seconds: self.since_seconds,
            timestamps: self.timestamps,
            previous: self.previous,
            ..LogParams::default()
        }
    }
}

/// The container to read: the one asked for (400 naming the Pod's containers when it has
/// no such container) or the first.
fn choose_container(pod: &Pod, asked: Option<&str>) -> Result<String, ApiError> {
    let names: Vec<&str> = pod
        .spec
        .iter()
        .flat_map(|s| s.init_containers.iter().flatten().chain(&s.containers))
        .map(|c| c.name.as_str())
        .collect();
    let first = pod
        .spec
        .as_ref()
        .and_then(|s| s.containers.first())
        .map(|c| c.name.clone());
    match asked {
        Some(name) if names.contains(&name) => Ok(name.to_owned()),
        Some(name) => Err(ApiError::BadRequest(format!(
            "container {name:?} is not in pod {:?}; its containers: {}",
            pod.metadata.name.as_deref().unwrap_or_default(),
            names.join(", ")
        ))),
        None => first.ok_or_else(|| ApiError::BadRequest("the pod has no containers".into())),
    }
}

/// The bytes of a log reader as a body stream.
fn byte_stream<R>(reader: R) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send
where
    R: AsyncBufRead + Send + Unpin + 'static,
{
    futures::stream::unfold(Some(reader), |reader| async move {
        let mut reader = reader?;
        let mut buf = vec![0; 16 * 1024];
        match reader.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(reader)))
            }
            // The cluster closed the stream early: end the answer (the headers are sent).
            Err(err) => {
                tracing::warn!(%err, "log stream ended with an error");
                None
            }
        }
    })
}

/// The chunks sent into a channel, as a body stream that ends when every sender is gone.
fn channel_stream(
    mut rx: mpsc::Receiver<Bytes>,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx).map(|chunk| chunk.map(Ok)))
}

fn stream_response<S>(stream: S, attachment: Option<String>) -> Response
where
    S: Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
{
    let mut response = (StatusCode::OK, Body::from_stream(stream)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    // `no-transform` also keeps the compression layer from buffering a followed log.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-transform"),
    );
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    if let Some(name) = attachment
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// One container's log.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/pods/{pod}/logs",
    tag = "logs",
    operation_id = "getPodLogs",
    params(PodPath, LogQuery),
    responses(
        (status = 200, description = "The log, streamed", body = String, content_type = "text/plain"),
        ErrorResponses,
    )
)]
async fn pod_logs(
    State(state): State<AppState>,
    path: PodPath,
    identity: Identity,
    Query(query): Query<LogQuery>,
) -> Result<Response, ApiError> {
    query.check()?;
    let scope = Scope::new(&state, &path.project_path(), identity, &[Check::POD_LOGS]).await?;
    let pod = scope
        .pods()
        .get(&path.pod)
        .await
        .map_err(|err| scope.err_about("pod", &path.pod, err))?;
    let container = choose_container(&pod, query.container.as_deref())?;
    let attachment = query
        .download
        .then(|| format!("{}_{container}.log", path.pod));
    if query.follow {
        // Following a container that has not started yet waits for it in the stream.
        let (tx, rx) = mpsc::channel::<Bytes>(256);
        tokio::spawn(follow_pod(
            Arc::new(scope),
            path.pod.clone(),
            String::new(),
            query.params(&container),
            tx,
        ));
        return Ok(stream_response(channel_stream(rx), attachment));
    }
    let reader = scope
        .pods()
        .log_stream(&path.pod, &query.params(&container))
        .await
        .map_err(|e| scope.err(e))?;
    Ok(stream_response(byte_stream(Box::pin(reader)), attachment))
}

/// Follows one Pod's container into the merged stream: waits while the container has not
/// started, then sends each line with the Pod's prefix. Ends when the log ends, the Pod is
/// gone, or the client went away.
async fn follow_pod(
    scope: Arc<Scope>,
    pod_name: String,
    prefix: String,
    params: LogParams,
    tx: mpsc::Sender<Bytes>,
) {
    loop {
        if tx.is_closed() {
            return;
        }
        match scope.pods().log_stream(&pod_name, &params).await {
            Ok(reader) => {
                let mut lines = Box::pin(reader).lines();
                while let Some(line) = lines.next().await {
                    let Ok(line) = line else { return };
                    if tx
                        .send(Bytes::from(format!("{prefix}{line}\n")))
                        .await
                        .is_err()
                    {
                        return;
                    }
                }
                return;
            }
            // The container has not started yet (400 from the cluster): wait for it,
            // unless the Pod is over or gone.
            Err(kube::Error::Api(status)) if status.code == 400 => {
                match scope.pods().get_opt(&pod_name).await {
                    Ok(Some(pod)) if !pod_finished(&pod) => {}
                    _ => return,
                }
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(500)) => {}
                    () = tx.closed() => return,
                }
            }
            Err(err) => {
                let message = scope.err(err).to_string();
                let _ = tx
                    .send(Bytes::from(format!(
                        "{prefix}(log unavailable: {message})\n"
                    )))
                    .await;
                return;
            }
        }
    }
}

/// Follows a Job: every Pod it owns now or later, until the Job has finished and every
/// Pod's log has ended, or the client goes away.
async fn follow_job(scope: Arc<Scope>, job_name: String, query: LogQuery, tx: mpsc::Sender<Bytes>) {
    let mut seen: HashSet<String> = HashSet::new();
    let mut readers = tokio::task::JoinSet::new();
    loop {
        let Ok(Some(job)) = scope.jobs().get_opt(&job_name).await else {
            break;
        };
        let finished = job_finished(&job);
        if let Ok(pods) = scope.job_pods(&job).await {
            let mut pods = pods;
            pods.sort_by_key(|p| p.metadata.creation_timestamp.clone());
            for pod in pods {
                let name = pod.metadata.name.clone().unwrap_or_default();
                if !seen.insert(name.clone()) {
                    continue;
                }
                let container = match choose_container(&pod, query.container.as_deref()) {
                    Ok(c) => c,
                    Err(_) => continue,
                };
                readers.spawn(follow_pod(
                    scope.clone(),
                    name,
                    prefix(&pod),
                    query.params(&container),
                    tx.clone(),
                ));
            }
        }
        if finished {
            break;
        }
        tokio::select! {
            () = tokio::time::sleep(NEW_POD_INTERVAL) => {}
            () = tx.closed() => break,
        }
    }
    // The Job is over (or gone): let the readers drain what is left.
    while readers.join_next().await.is_some() {}
}

/// Every Pod of a Job, merged: each line prefixed with its Pod (and index for an Indexed
/// Job). Without `follow`, lines are ordered by time; with it, they stream as they come,
/// Pods started later included.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/logs",
    tag = "logs",
    operation_id = "getJobLogs",
    params(JobPath, LogQuery),
    responses(
        (status = 200, description = "The merged log, streamed", body = String, content_type = "text/plain"),
        ErrorResponses,
    )
)]
async fn job_logs(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
    Query(query): Query<LogQuery>,
) -> Result<Response, ApiError> {
    query.check()?;
    let scope = Scope::new(
        &state,
        &path.project_path(),
        identity,
        &[Check::jobs("get"), Check::PODS_LIST, Check::POD_LOGS],
    )
    .await?;
    let job = scope.job(&path.job).await?;
    let attachment = query.download.then(|| format!("{}.log", path.job));
    if query.follow {
        let (tx, rx) = mpsc::channel::<Bytes>(256);
        tokio::spawn(follow_job(Arc::new(scope), path.job.clone(), query, tx));
        return Ok(stream_response(channel_stream(rx), attachment));
    }
    let mut pods = scope.job_pods(&job).await?;
    pods.sort_by_key(|p| {
        (
            jobs::pods::completion_index(p),
            p.metadata.creation_timestamp.clone(),
        )
    });
    let mut parts = Vec::with_capacity(pods.len());
    for pod in &pods {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let Ok(container) = choose_container(pod, query.container.as_deref()) else {
            continue;
        };
        let params = LogParams {
            timestamps: true,
            limit_bytes: Some(MERGED_POD_LIMIT_BYTES),
            ..query.params(&container)
        };
        let text = match scope.pods().logs(&name, &params).await {
            Ok(text) => text,
            Err(err) => {
                let message = scope.err(err).to_string();
                format!("(log unavailable: {message})\n")
            }
        };
        parts.push((prefix(pod), text));
    }
    let merged = merge_logs(parts, query.timestamps);
    Ok(stream_response(
        futures::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(merged)) }),
        attachment,
    ))
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pod_logs))
        .routes(routes!(job_logs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_queries_name_the_parameter() {
        let q = LogQuery {
            tail_lines: Some(-1),
            ..LogQuery::default()
        };
        assert!(q.check().unwrap_err().to_string().contains("tailLines"));
        let q = LogQuery {
            follow: true,
            previous: true,
            ..LogQuery::default()
        };
        assert!(q.check().is_err());
    }
}
