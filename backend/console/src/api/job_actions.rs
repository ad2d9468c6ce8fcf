//! Actions on one Job: edit its info (alias, description), suspend and resume, rerun with
//! run records.

use std::time::Duration;

use axum::extract::State;
use chrono::Utc;
use kube::api::{DeleteParams, Patch, PatchParams, PostParams, Preconditions};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paths::JobPath;
use super::scope::{Scope, stale};
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::error::{ApiError, ErrorResponses, Json, Query};
use crate::jobs::{self, DEFAULT_HISTORY_LIMIT, JobInfo, JobSummary, RunRecords};

/// How long a rerun waits for the old run's Job object to be gone before creating the new.
const RERUN_DELETE_DEADLINE: Duration = Duration::from_secs(30);

/// `?force=true` on rerun.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForceQuery {
    /// Rerun even though the current run is still active (its Pods are stopped).
    #[serde(default)]
    pub force: bool,
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
        ErrorResponses,
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
        ErrorResponses,
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
        ErrorResponses,
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
        ErrorResponses,
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
        ErrorResponses,
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

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(patch_info))
        .routes(routes!(suspend_job))
        .routes(routes!(resume_job))
        .routes(routes!(rerun_job))
        .routes(routes!(job_records))
}
