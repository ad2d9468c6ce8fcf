//! The REST API under `/api/v1`, one file per endpoint group. Every route is registered
//! through utoipa's `OpenApiRouter`, so the OpenAPI document cannot forget one.

pub mod clusters;
pub mod imports;
pub mod job_actions;
pub mod job_status;
pub mod jobs;
pub mod logs;
pub mod lookups;
pub mod paths;
pub mod projects;
pub mod scope;
pub mod session;
pub mod stream;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// All API routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(session::routes())
        .merge(clusters::routes())
        .merge(projects::routes())
        .merge(jobs::routes())
        .merge(job_actions::routes())
        .merge(job_status::routes())
        .merge(imports::routes())
        .merge(stream::routes())
        .merge(logs::routes())
        .merge(lookups::routes())
}
