//! Jobs in a project: list, create (JSON or YAML, dry run), read (JSON or clean YAML),
//! replace, delete (Background: the Pods go too), info edits, suspend / resume, rerun with
//! run records, the Job's Pods and events, and multi-document imports.
//!
//! Every handler checks the permission first (a 403 naming verb, resource and project) and
//! then calls the cluster *as the user*, so the cluster's RBAC judges each call too.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Event, Pod};
use kube::api::{DeleteParams, ListParams, Patch, PatchParams, PostParams, Preconditions};
use kube::{Api, Client};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paths::{JobPath, ProjectPath};
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::cluster::{ClusterHandle, map_kube_error};
use crate::error::{ApiError, ErrorBody, FieldError, Json, Query};
use crate::jobs::{
    self, DEFAULT_HISTORY_LIMIT, EventList, JobInfo, JobList, JobSummary, ListQuery, PodList,
    RunRecords,
};

/// How long a rerun waits for the old run's Job object to be gone before creating the new.
const RERUN_DELETE_DEADLINE: Duration = Duration::from_secs(30);

/// A project as the user reaches it: the cluster, a client impersonating the user, and
/// the namespace.
pub(crate) struct Scope {
    pub(crate) cluster: Arc<ClusterHandle>,
    pub(crate) client: Client,
    pub(crate) project: String,
    pub(crate) identity: Identity,
}

impl Scope {
    /// Resolves the cluster, checks every permission in `checks`, and makes the user's
    /// client.
    pub(crate) async fn new(
        state: &AppState,
        path: &ProjectPath,
        identity: Identity,
        checks: &[Check],
    ) -> Result<Self, ApiError> {
        let cluster = state.clusters.get(&path.cluster)?;
        for check in checks {
            state
                .authz
                .require(&cluster, &identity, &path.project, *check)
                .await?;
        }
        let client = cluster.client_for(&identity)?;
        Ok(Self {
            cluster,
            client,
            project: path.project.clone(),
            identity,
        })
    }

    /// The project's Jobs, as the user.
    pub(crate) fn jobs(&self) -> Api<Job> {
        Api::namespaced(self.client.clone(), &self.project)
    }

    /// The project's Pods, as the user.
    pub(crate) fn pods(&self) -> Api<Pod> {
        Api::namespaced(self.client.clone(), &self.project)
    }

    /// Maps a cluster error.
    pub(crate) fn err(&self, err: kube::Error) -> ApiError {
        map_kube_error(&self.cluster.name, err)
    }

    /// Reads one Job; a 404 names the Job and the project.
    pub(crate) async fn job(&self, name: &str) -> Result<Job, ApiError> {
        self.jobs().get(name).await.map_err(|err| match err {
            kube::Error::Api(status) if status.code == 404 => ApiError::NotFound(format!(
                "job {name:?} not found in project {:?}",
                self.project
            )),
            other => self.err(other),
        })
    }

    /// The Pods the Job owns (found by its selector, kept only when the Job is their
    /// controller owner).
    pub(crate) async fn job_pods(&self, job: &Job) -> Result<Vec<Pod>, ApiError> {
        let Some(selector) = jobs::pod_selector(job) else {
            return Ok(Vec::new());
        };
        let pods = self
            .pods()
            .list(&ListParams::default().labels(&selector))
            .await
            .map_err(|e| self.err(e))?;
        Ok(pods
            .items
            .into_iter()
            .filter(|p| jobs::owned_by(p, job))
            .collect())
    }
}

/// `?dryRun=true`: validate only.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DryRunQuery {
    /// Validate (by the console and by the cluster's server-side dry run) and create
    /// nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// `?format=yaml` on `GET jobs/{job}`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// `yaml` for the clean export (same as `Accept: application/yaml`), `json` (the
    /// default) for the Job object.
    pub format: Option<String>,
}

/// `?force=true` on rerun.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForceQuery {
    /// Rerun even though the current run is still active (its Pods are stopped).
    #[serde(default)]
    pub force: bool,
}

/// The answer to `DELETE jobs/{job}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deleted {
    /// The Job deleted.
    pub name: String,
    /// The propagation used: always `Background` (the Job's Pods are deleted too).
    pub propagation_policy: String,
}

/// What happened to one document of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    /// 0-based position among the body's documents.
    pub index: usize,
    /// 1-based line where the document starts.
    pub line: usize,
    /// The Job's name, when the document has one.
    pub name: Option<String>,
    /// `created`, `valid` (dry run), or `failed`.
    pub result: String,
    /// For a failed document: the HTTP status its own request would have had.
    pub code: Option<u16>,
    /// For a failed document: why.
    pub message: Option<String>,
    /// For a failed document: the field errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// The answer to `POST imports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportResults {
    /// One result per document, in order.
    pub items: Vec<ImportResult>,
    /// How many documents were created (or, in a dry run, found valid).
    pub succeeded: usize,
    /// How many documents failed.
    pub failed: usize,
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

fn wants_yaml(headers: &HeaderMap, format: Option<&str>) -> Result<bool, ApiError> {
    match format.map(str::to_ascii_lowercase).as_deref() {
        Some("yaml") => return Ok(true),
        Some("json") => return Ok(false),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "invalid query parameter format={other:?}: supported values: \"json\", \"yaml\""
            )));
        }
        None => {}
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Ok(accept
        .split(',')
        .map(|part| part.split(';').next().unwrap_or_default().trim())
        .any(|media| {
            matches!(
                media,
                "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml"
            )
        }))
}

fn yaml_response(text: String, filename: Option<&str>) -> Response {
    let mut response = (StatusCode::OK, text).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/yaml; charset=utf-8"),
    );
    if let Some(name) = filename
        && let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{name}.yaml\""))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A manifest (already validated) as a typed Job.
fn typed(manifest: Value) -> Result<Job, ApiError> {
    serde_json::from_value(manifest).map_err(|err| ApiError::Invalid {
        message: format!("the Job manifest is invalid: {err}"),
        fields: Vec::new(),
    })
}

fn created(job: Job, dry_run: bool) -> Response {
    let status = if dry_run {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (status, axum::Json(job)).into_response()
}

fn stale(name: &str) -> ApiError {
    ApiError::Conflict(format!(
        "job {name:?} was changed by someone else since you read it; reload it and apply your change again"
    ))
}

/// Lists the project's Jobs: search, status and label filters, sorting and paging.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs",
    tag = "jobs",
    operation_id = "listJobs",
    params(ProjectPath, ListQuery),
    responses(
        (status = 200, description = "One page of the Job list", body = JobList),
        (status = "4XX", description = "An error", body = ErrorBody),
    )
)]
async fn list_jobs(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
    Query(query): Query<ListQuery>,
) -> Result<Json<JobList>, ApiError> {
    let scope = Scope::new(&state, &path, identity, &[Check::jobs("list")]).await?;
    let list = scope
        .jobs()
        .list(&ListParams::default())
        .await
        .map_err(|e| scope.err(e))?;
    let now = Utc::now();
    let summaries = list
        .items
        .iter()
        .map(|job| jobs::summarize(job, now))
        .collect();
    Ok(Json(jobs::list_jobs(summaries, &query)?))
}

/// Creates a Job from a manifest (JSON or YAML, by `Content-Type`). The console validates
/// it first (every problem at once, each at its field), then the cluster does.
#[utoipa::path(
    post,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs",
    tag = "jobs",
    operation_id = "createJob",
    params(ProjectPath, DryRunQuery),
    request_body(
        description = "A Job manifest",
        content(
            (serde_json::Value = "application/json"),
            (String = "application/yaml"),
        )
    ),
    responses(
        (status = 201, description = "The Job created", body = serde_json::Value),
        (status = 200, description = "Dry run: the Job as it would be created", body = serde_json::Value),
        (status = "4XX", description = "An error; 422 lists every invalid field", body = ErrorBody),
    )
)]
async fn create_job(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
    Query(query): Query<DryRunQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let scope = Scope::new(&state, &path, identity, &[Check::jobs("create")]).await?;
    let manifest = jobs::prepare_manifest(content_type(&headers), &body, &path.project, None)?;
    let job = typed(manifest)?;
    let params = PostParams {
        dry_run: query.dry_run,
        ..PostParams::default()
    };
    let made = scope
        .jobs()
        .create(&params, &job)
        .await
        .map_err(|e| scope.err(e))?;
    Ok(created(made, query.dry_run))
}

/// Reads a Job: the object as JSON, or with `Accept: application/yaml` (or
/// `?format=yaml`) the clean export that `POST jobs` takes back as it is.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}",
    tag = "jobs",
    operation_id = "getJob",
    params(JobPath, FormatQuery),
    responses(
        (status = 200, description = "The Job", content(
            (serde_json::Value = "application/json"),
            (String = "application/yaml"),
        )),
        (status = "4XX", description = "An error", body = ErrorBody),
    )
)]
async fn get_job(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
    Query(query): Query<FormatQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let yaml = wants_yaml(&headers, query.format.as_deref())?;
    let scope = Scope::new(
        &state,
        &path.project_path(),
        identity,
        &[Check::jobs("get")],
    )
    .await?;
    let job = scope.job(&path.job).await?;
    if yaml {
        Ok(yaml_response(
            jobs::to_yaml(&jobs::export_job(&job)),
            Some(&path.job),
        ))
    } else {
        Ok(axum::Json(job).into_response())
    }
}

/// Replaces a Job. With `metadata.resourceVersion` the replace is refused (409) when the
/// Job changed since it was read; immutable fields changed are a 422 naming the field.
#[utoipa::path(
    put,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}",
    tag = "jobs",
    operation_id = "replaceJob",
    params(JobPath, DryRunQuery),
    request_body(
        description = "The whole Job manifest",
        content(
            (serde_json::Value = "application/json"),
            (String = "application/yaml"),
        )
    ),
    responses(
        (status = 200, description = "The Job replaced", body = serde_json::Value),
        (status = "4XX", description = "An error; 409 when the Job changed since it was read", body = ErrorBody),
    )
)]
async fn replace_job(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
    Query(query): Query<DryRunQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let scope = Scope::new(
        &state,
        &path.project_path(),
        identity,
        &[Check::jobs("update")],
    )
    .await?;
    let current = scope.job(&path.job).await?;
    let manifest = jobs::prepare_replacement(
        content_type(&headers),
        &body,
        &path.project,
        &path.job,
        &current,
    )?;
    let job = typed(manifest)?;
    let params = PostParams {
        dry_run: query.dry_run,
        ..PostParams::default()
    };
    match scope.jobs().replace(&path.job, &params, &job).await {
        Ok(job) => Ok(axum::Json(job).into_response()),
        Err(kube::Error::Api(status)) if status.code == 409 => Err(stale(&path.job)),
        Err(err) => Err(scope.err(err)),
    }
}

/// Deletes a Job and, with Background propagation, its Pods.
#[utoipa::path(
    delete,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}",
    tag = "jobs",
    operation_id = "deleteJob",
    params(JobPath),
    responses(
        (status = 200, description = "The Job is being deleted, its Pods with it", body = Deleted),
        (status = "4XX", description = "An error", body = ErrorBody),
    )
)]
async fn delete_job(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
) -> Result<Json<Deleted>, ApiError> {
    let scope = Scope::new(
        &state,
        &path.project_path(),
        identity,
        &[Check::jobs("delete")],
    )
    .await?;
    scope
        .jobs()
        .delete(&path.job, &DeleteParams::background())
        .await
        .map_err(|err| match err {
            kube::Error::Api(status) if status.code == 404 => ApiError::NotFound(format!(
                "job {:?} not found in project {:?}",
                path.job, path.project
            )),
            other => scope.err(other),
        })?;
    Ok(Json(Deleted {
        name: path.job,
        propagation_policy: "Background".to_owned(),
    }))
}

async fn patch_job(scope: &Scope, name: &str, patch: &Value) -> Result<JobSummary, ApiError> {
    // Reading first gives a clear 404 naming the Job (a merge patch of a missing Job is a
    // bare 404 from the cluster).
    scope.job(name).await?;
    let job = scope
        .jobs()
        .patch(name, &PatchParams::default(), &Patch::Merge(patch))
        .await
        .map_err(|e| scope.err(e))?;
    Ok(jobs::summarize(&job, Utc::now()))
}

/// Edits a Job's alias and description (a field left out is kept; an empty one removed).
#[utoipa::path(
    patch,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/info",
    tag = "jobs",
    operation_id = "patchJobInfo",
    params(JobPath),
    request_body = JobInfo,
    responses(
        (status = 200, description = "The Job's summary after the edit", body = JobSummary),
        (status = "4XX", description = "An error", body = ErrorBody),
    )
)]
async fn patch_info(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
    Json(info): Json<JobInfo>,
) -> Result<Json<JobSummary>, ApiError> {
    let cluster = state.clusters.get(&path.cluster)?;
    state
        .authz
        .require_any(
            &cluster,
            &identity,
            &path.project,
            &[Check::jobs("patch"), Check::jobs("update")],
        )
        .await?;
    let fields = jobs::validate_info(&info);
    if !fields.is_empty() {
        return Err(ApiError::Invalid {
            message: "the Job's info is invalid".to_owned(),
            fields,
        });
    }
    let scope = Scope::new(&state, &path.project_path(), identity, &[]).await?;
    Ok(Json(
        patch_job(&scope, &path.job, &jobs::info_patch(&info)).await?,
    ))
}

async fn set_suspended(
    state: &AppState,
    path: &JobPath,
    identity: Identity,
    suspend: bool,
) -> Result<Json<JobSummary>, ApiError> {
    let scope = Scope::new(
        state,
        &path.project_path(),
        identity,
        &[Check::jobs("patch")],
    )
    .await?;
    Ok(Json(
        patch_job(&scope, &path.job, &jobs::suspend_patch(suspend)).await?,
    ))
}

/// Suspends a Job: its running Pods are stopped and no new ones start until resumed.
#[utoipa::path(
    post,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/suspend",
    tag = "jobs",
    operation_id = "suspendJob",
    params(JobPath),
    responses(
        (status = 200, description = "The Job's summary", body = JobSummary),
        (status = "4XX", description = "An error", body = ErrorBody),
    )
)]
async fn suspend_job(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
) -> Result<Json<JobSummary>, ApiError> {
    set_suspended(&state, &path, identity, true).await
}

/// Resumes a suspended Job.
#[utoipa::path(
    post,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/resume",
    tag = "jobs",
    operation_id = "resumeJob",
    params(JobPath),
    responses(
        (status = 200, description = "The Job's summary", body = JobSummary),
        (status = "4XX", description = "An error", body = ErrorBody),
    )
)]
async fn resume_job(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
) -> Result<Json<JobSummary>, ApiError> {
    set_suspended(&state, &path, identity, false).await
}

/// Waits (with a deadline) until the Job object with this uid is gone.
async fn wait_gone(scope: &Scope, name: &str, uid: &str) -> Result<(), ApiError> {
    let deadline = tokio::time::Instant::now() + RERUN_DELETE_DEADLINE;
    loop {
        match scope.jobs().get_opt(name).await.map_err(|e| scope.err(e))? {
            None => return Ok(()),
            Some(job) if job.metadata.uid.as_deref() != Some(uid) => return Ok(()),
            Some(_) => {}
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(ApiError::Unavailable(format!(
                "job {name:?} is still being deleted; try the rerun again in a moment"
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Reruns a Job: records the current run in the `revisions` annotation, deletes the Job
/// (Background: its Pods go too; guarded by its resourceVersion and uid) and creates it
/// again with the same name and spec. While the Job is still active, `?force=true` is
/// required.
#[utoipa::path(
    post,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/rerun",
    tag = "jobs",
    operation_id = "rerunJob",
    params(JobPath, ForceQuery),
    responses(
        (status = 200, description = "The run records, the new run first", body = RunRecords),
        (status = "4XX", description = "An error; 409 when the Job is active and force is not set, or when it changed meanwhile", body = ErrorBody),
    )
)]
async fn rerun_job(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
    Query(query): Query<ForceQuery>,
) -> Result<Json<RunRecords>, ApiError> {
    let scope = Scope::new(
        &state,
        &path.project_path(),
        identity,
        &[
            Check::jobs("get"),
            Check::jobs("delete"),
            Check::jobs("create"),
        ],
    )
    .await?;
    let job = scope.job(&path.job).await?;
    if jobs::rerun_needs_confirmation(&job) && !query.force {
        return Err(ApiError::Conflict(format!(
            "job {:?} is still running; rerun with force=true to stop its Pods and start again",
            path.job
        )));
    }
    let next = jobs::rerun_manifest(&job, DEFAULT_HISTORY_LIMIT);
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let params = DeleteParams {
        preconditions: Some(Preconditions {
            resource_version: job.metadata.resource_version.clone(),
            uid: Some(uid.clone()),
        }),
        ..DeleteParams::background()
    };
    match scope.jobs().delete(&path.job, &params).await {
        Ok(_) => {}
        Err(kube::Error::Api(status)) if status.code == 409 => return Err(stale(&path.job)),
        Err(err) => return Err(scope.err(err)),
    }
    wait_gone(&scope, &path.job, &uid).await?;
    let made = match scope.jobs().create(&PostParams::default(), &next).await {
        Ok(made) => made,
        Err(err) => {
            // The old run is gone; say so plainly and keep the manifest in the log so that
            // nothing is lost.
            tracing::error!(
                user = %scope.identity.username,
                project = %scope.project,
                job = %path.job,
                manifest = %serde_json::to_string(&next).unwrap_or_default(),
                error = %err,
                "rerun deleted the old run but could not create the new one"
            );
            return Err(match scope.err(err) {
                ApiError::Invalid { message, fields } => ApiError::Invalid {
                    message: format!(
                        "the old run was deleted but the new one was refused: {message}"
                    ),
                    fields,
                },
                other => other,
            });
        }
    };
    Ok(Json(jobs::run_records(&made, Utc::now())))
}

/// The Job's runs, newest first: the current one (with live counts) and every earlier run
/// kept by rerun.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/records",
    tag = "jobs",
    operation_id = "listJobRecords",
    params(JobPath),
    responses(
        (status = 200, description = "The run records", body = RunRecords),
        (status = "4XX", description = "An error", body = ErrorBody),
    )
)]
async fn job_records(
    State(state): State<AppState>,
    path: JobPath,
    identity: Identity,
) -> Result<Json<RunRecords>, ApiError> {
    let scope = Scope::new(
        &state,
        &path.project_path(),
        identity,
        &[Check::jobs("get")],
    )
    .await?;
    let job = scope.job(&path.job).await?;
    Ok(Json(jobs::run_records(&job, Utc::now())))
}

/// Listing Pods.
const PODS_LIST: Check = Check {
    verb: "list",
    group: "",
    resource: "pods",
    subresource: "",
};

/// Listing events.
const EVENTS_LIST: Check = Check {
    verb: "list",
    group: "",
    resource: "events",
    subresource: "",
};

/// The Job's Pods: phase, readiness, restarts, node, IP, times, index, containers.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/pods",
    tag = "jobs",
    operation_id = "listJobPods",
    params(JobPath),
    responses(
        (status = 200, description = "The Pods the Job owns", body = PodList),
        (status = "4XX", description = "An error", body = ErrorBody),
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
        &[Check::jobs("get"), PODS_LIST],
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
        (status = "4XX", description = "An error", body = ErrorBody),
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
        &[Check::jobs("get"), EVENTS_LIST],
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

/// Creates every Job of a multi-document YAML (or JSON) body, each on its own: a bad
/// document (or one of another kind) fails alone.
#[utoipa::path(
    post,
    path = "/api/v1/clusters/{cluster}/projects/{project}/imports",
    tag = "jobs",
    operation_id = "importJobs",
    params(ProjectPath, DryRunQuery),
    request_body(
        description = "One or more Job manifests (YAML documents separated by `---`)",
        content(
            (String = "application/yaml"),
            (serde_json::Value = "application/json"),
        )
    ),
    responses(
        (status = 200, description = "A result per document", body = ImportResults),
        (status = "4XX", description = "An error (the body as a whole could not be read)", body = ErrorBody),
    )
)]
async fn import_jobs(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
    Query(query): Query<DryRunQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ImportResults>, ApiError> {
    let scope = Scope::new(&state, &path, identity, &[Check::jobs("create")]).await?;
    let documents = jobs::prepare_imports(content_type(&headers), &body, &path.project)?;
    let params = PostParams {
        dry_run: query.dry_run,
        ..PostParams::default()
    };
    let mut items = Vec::with_capacity(documents.len());
    for doc in documents {
        let name = doc
            .result
            .as_ref()
            .ok()
            .and_then(|m| m.pointer("/metadata/name"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let outcome = match doc.result {
            Ok(manifest) => match typed(manifest) {
                Ok(job) => scope
                    .jobs()
                    .create(&params, &job)
                    .await
                    .map_err(|e| scope.err(e)),
                Err(err) => Err(err),
            },
            Err(err) => Err(ApiError::from(err)),
        };
        items.push(match outcome {
            Ok(_) => ImportResult {
                index: doc.index,
                line: doc.line,
                name,
                result: if query.dry_run { "valid" } else { "created" }.to_owned(),
                code: None,
                message: None,
                fields: Vec::new(),
            },
            Err(err) => {
                let body = err.body();
                ImportResult {
                    index: doc.index,
                    line: doc.line,
                    name,
                    result: "failed".to_owned(),
                    code: Some(body.code),
                    message: Some(body.message),
                    fields: body.fields,
                }
            }
        });
    }
    let failed = items.iter().filter(|i| i.result == "failed").count();
    Ok(Json(ImportResults {
        succeeded: items.len() - failed,
        failed,
        items,
    }))
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_jobs, create_job))
        .routes(routes!(get_job, replace_job, delete_job))
        .routes(routes!(patch_info))
        .routes(routes!(suspend_job))
        .routes(routes!(resume_job))
        .routes(routes!(rerun_job))
        .routes(routes!(job_records))
        .routes(routes!(job_pods))
        .routes(routes!(job_events))
        .routes(routes!(import_jobs))
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

    #[test]
    fn yaml_is_chosen_by_accept_or_format() {
        let mut headers = HeaderMap::new();
        assert!(!wants_yaml(&headers, None).expect("ok"));
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/html, application/yaml;q=0.9"),
        );
        assert!(wants_yaml(&headers, None).expect("ok"));
        assert!(!wants_yaml(&headers, Some("json")).expect("ok"));
        assert!(wants_yaml(&HeaderMap::new(), Some("YAML")).expect("ok"));
        assert!(wants_yaml(&HeaderMap::new(), Some("xml")).is_err());
    }
}
