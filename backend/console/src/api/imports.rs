//! `POST imports`: many Job manifests at once, each created (or dry-run) on its own.

use axum::body::Bytes;
use axum::extract::State;
use http::HeaderMap;
use kube::api::PostParams;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::jobs::DryRunQuery;
use super::paths::ProjectPath;
use super::scope::{Scope, content_type, typed};
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::error::{ApiError, ErrorResponses, FieldError, Json, Query};
use crate::jobs;

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
        ErrorResponses,
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
    OpenApiRouter::new().routes(routes!(import_jobs))
}
