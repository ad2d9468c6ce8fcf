//! Jobs in a project: list, create (JSON or YAML, dry run), read (JSON or clean YAML),
//! replace, delete (Background: the Pods go too).
//!
//! Every handler checks the permission first (a 403 naming verb, resource and project) and
//! then calls the cluster *as the user*, so the cluster's RBAC judges each call too.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use kube::api::{DeleteParams, ListParams, PostParams};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paths::{JobPath, ProjectPath};
use super::scope::{Scope, content_type, created, stale, typed};
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::error::{ApiError, ErrorResponses, Json, Query};
use crate::jobs::{self, JobList, ListQuery};

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

/// The answer to `DELETE jobs/{job}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deleted {
    /// The Job deleted.
    pub name: String,
    /// The propagation used: always `Background` (the Job's Pods are deleted too).
    pub propagation_policy: String,
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

/// Lists the project's Jobs: search, status and label filters, sorting and paging.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/jobs",
    tag = "jobs",
    operation_id = "listJobs",
    params(ProjectPath, ListQuery),
    responses(
        (status = 200, description = "One page of the Job list", body = JobList),
        ErrorResponses,
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
        ErrorResponses,
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
        ErrorResponses,
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
/// Job changed since it was read; with `metadata.generation` instead, only when its spec
/// changed (status updates do not count). Immutable fields changed are a 422 naming the
/// field.
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
        ErrorResponses,
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
    let params = PostParams {
        dry_run: query.dry_run,
        ..PostParams::default()
    };
    // Guarded by `metadata.generation` instead of `resourceVersion` (the UI's choice): only
    // a change of the spec since it was read refuses the replace, not the status updates a
    // running Job gets every few seconds; a status update racing the replace is retried.
    let mut attempts = 0;
    loop {
        attempts += 1;
        let current = scope.job(&path.job).await?;
        let mut manifest = jobs::prepare_replacement(
            content_type(&headers),
            &body,
            &path.project,
            &path.job,
            &current,
        )?;
        let by_generation =
            jobs::generation_guard(&mut manifest, &current).map_err(|()| stale(&path.job))?;
        let job = typed(manifest)?;
        match scope.jobs().replace(&path.job, &params, &job).await {
            Ok(job) => return Ok(axum::Json(job).into_response()),
            Err(kube::Error::Api(status)) if status.code == 409 => {
                if !by_generation || attempts >= 3 {
                    return Err(stale(&path.job));
                }
            }
            Err(err) => return Err(scope.err(err)),
        }
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
        ErrorResponses,
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
        .map_err(|err| scope.err_about("job", &path.job, err))?;
    Ok(Json(Deleted {
        name: path.job,
        propagation_policy: "Background".to_owned(),
    }))
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_jobs, create_job))
        .routes(routes!(get_job, replace_job, delete_job))
}

#[cfg(test)]
mod tests {
    use super::*;

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
