//! `GET /api/v1/clusters`: the clusters this console serves.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ErrorResponses, Json};

/// One configured cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Cluster {
    /// The name used in API paths.
    pub name: String,
    /// How the console reaches it: `kubeconfig`, `inCluster` or `sandbox`.
    pub kind: String,
}

/// The list of clusters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClusterList {
    /// The clusters, in configuration order.
    pub items: Vec<Cluster>,
}

/// Lists the configured clusters.
#[utoipa::path(
    get,
    path = "/api/v1/clusters",
    tag = "clusters",
    operation_id = "listClusters",
    responses(
        (status = 200, description = "The configured clusters", body = ClusterList),
        ErrorResponses,
    )
)]
async fn list_clusters(State(state): State<AppState>) -> Json<ClusterList> {
    Json(ClusterList {
        items: state
            .config
            .clusters
            .iter()
            .map(|c| Cluster {
                name: c.name.clone(),
                kind: c.source.kind().to_owned(),
            })
            .collect(),
    })
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_clusters))
}
