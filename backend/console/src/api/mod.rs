//! The REST API under `/api/v1`, one file per endpoint group. Every route is registered
//! through utoipa's `OpenApiRouter`, so the OpenAPI document cannot forget one.

pub mod clusters;
pub mod jobs;
pub mod logs;
pub mod lookups;
pub mod paths;
pub mod projects;
pub mod session;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// All API routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(session::routes())
        .merge(clusters::routes())
        .merge(projects::routes())
        .merge(jobs::routes())
        .merge(logs::routes())
        .merge(lookups::routes())
}
