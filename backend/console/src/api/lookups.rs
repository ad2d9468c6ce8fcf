//! Read-only lookups for the Job wizard (SPEC.md §4): the project's PersistentVolumeClaims,
//! ConfigMaps, Secrets (key names only, never values), ServiceAccounts and ResourceQuotas,
//! and the cluster's nodes (for the node selector).
//!
//! Each lookup first checks `list` on the resource (a denial is a clean 403 naming the verb,
//! resource and project, from which the wizard falls back to free text), then lists AS THE
//! USER, so the cluster's RBAC stays the final judge.

use std::collections::BTreeMap;
use std::fmt::Debug;

use axum::extract::State;
use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::core::v1::{
    ConfigMap, Node, PersistentVolumeClaim, ResourceQuota, Secret, ServiceAccount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use kube::api::ListParams;
use kube::{Api, Resource, ResourceExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paths::{ClusterPath, ProjectPath};
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::cluster::map_kube_error;
use crate::error::{ApiError, ErrorResponses, Json};

/// `list` on a core (`""` group) resource.
const fn list_core(resource: &'static str) -> Check {
    Check {
        verb: "list",
        group: "",
        resource,
        subresource: "",
    }
}

/// Checks `list` on `resource` in the project, then lists it as the user, sorted by name.
async fn list_as_user<K>(
    state: &AppState,
    path: &ProjectPath,
    identity: &Identity,
    resource: &'static str,
) -> Result<Vec<K>, ApiError>
where
    K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>
        + Clone
        + Debug
        + DeserializeOwned,
{
    let cluster = state.clusters.get(&path.cluster)?;
    state
        .authz
        .require(&cluster, identity, &path.project, list_core(resource))
        .await?;
    let client = cluster.client_for(identity)?;
    let mut items = Api::<K>::namespaced(client, &path.project)
        .list(&ListParams::default())
        .await
        .map_err(|err| map_kube_error(&cluster.name, err))?
        .items;
    items.sort_by_key(ResourceExt::name_any);
    Ok(items)
}

fn quantities(map: Option<&BTreeMap<String, Quantity>>) -> BTreeMap<String, String> {
    map.into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.0.clone()))
        .collect()
}

/// A PersistentVolumeClaim the wizard can mount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PvcItem {
    /// The claim's name.
    pub name: String,
    /// `spec.storageClassName`, when set.
    pub storage_class: Option<String>,
    /// `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany`, `ReadWriteOncePod` (from the
    /// status when bound, else from the spec).
    pub access_modes: Vec<String>,
    /// The size, e.g. `10Gi`: the bound capacity, else the requested storage.
    pub capacity: Option<String>,
    /// `Pending`, `Bound` or `Lost`.
    pub phase: Option<String>,
}

/// The project's PersistentVolumeClaims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PvcList {
    /// Sorted by name.
    pub items: Vec<PvcItem>,
}

fn pvc_item(pvc: PersistentVolumeClaim) -> PvcItem {
    let name = pvc.name_any();
    let spec = pvc.spec.unwrap_or_default();
    let status = pvc.status.unwrap_or_default();
    let capacity = status
        .capacity
        .as_ref()
        .and_then(|c| c.get("storage"))
        .or_else(|| {
            spec.resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage"))
        })
        .map(|q| q.0.clone());
    let access_modes = status
        .access_modes
        .filter(|m| !m.is_empty())
        .or(spec.access_modes)
        .unwrap_or_default();
    PvcItem {
        name,
        storage_class: spec.storage_class_name,
        access_modes,
        capacity,
        phase: status.phase,
    }
}

/// Lists the project's PersistentVolumeClaims (for volumes in the wizard).
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/persistentvolumeclaims",
    tag = "lookups",
    operation_id = "listPersistentVolumeClaims",
    params(ProjectPath),
    responses(
        (status = 200, description = "The project's PersistentVolumeClaims", body = PvcList),
        ErrorResponses,
    )
)]
async fn list_pvcs(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
) -> Result<Json<PvcList>, ApiError> {
    let pvcs: Vec<PersistentVolumeClaim> =
        list_as_user(&state, &path, &identity, "persistentvolumeclaims").await?;
    Ok(Json(PvcList {
        items: pvcs.into_iter().map(pvc_item).collect(),
    }))
}

/// A ConfigMap and its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConfigMapItem {
    /// The ConfigMap's name.
    pub name: String,
    /// The keys of `data` and `binaryData`, sorted.
    pub keys: Vec<String>,
}

/// The project's ConfigMaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConfigMapList {
    /// Sorted by name.
    pub items: Vec<ConfigMapItem>,
}

/// Lists the project's ConfigMaps with their keys (for environment variables and volumes).
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/configmaps",
    tag = "lookups",
    operation_id = "listConfigMaps",
    params(ProjectPath),
    responses(
        (status = 200, description = "The project's ConfigMaps and their keys", body = ConfigMapList),
        ErrorResponses,
    )
)]
async fn list_config_maps(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
) -> Result<Json<ConfigMapList>, ApiError> {
    let maps: Vec<ConfigMap> = list_as_user(&state, &path, &identity, "configmaps").await?;
    let items = maps
        .into_iter()
        .map(|cm| {
            let mut keys: Vec<String> = cm
                .data
                .iter()
                .flat_map(BTreeMap::keys)
                .chain(cm.binary_data.iter().flat_map(BTreeMap::keys))
                .cloned()
                .collect();
            keys.sort();
            keys.dedup();
            ConfigMapItem {
                name: cm.name_any(),
                keys,
            }
        })
        .collect();
    Ok(Json(ConfigMapList { items }))
}

/// A Secret: its name, type and key names. Values are never sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SecretItem {
    /// The Secret's name.
    pub name: String,
    /// The Secret's type (`Opaque`, `kubernetes.io/dockerconfigjson`, …).
    #[serde(rename = "type")]
    pub secret_type: String,
    /// The key names of `data` and `stringData`, sorted. Never the values.
    pub keys: Vec<String>,
}

/// The project's Secrets (names and key names only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SecretList {
    /// Sorted by name.
    pub items: Vec<SecretItem>,
}

/// Lists the project's Secrets with their key names, never their values (for environment
/// variables, volumes and image pull secrets).
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/secrets",
    tag = "lookups",
    operation_id = "listSecrets",
    params(ProjectPath),
    responses(
        (status = 200, description = "The project's Secrets: names, types and key names, never values", body = SecretList),
        ErrorResponses,
    )
)]
async fn list_secrets(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
) -> Result<Json<SecretList>, ApiError> {
    let secrets: Vec<Secret> = list_as_user(&state, &path, &identity, "secrets").await?;
    let items = secrets
        .into_iter()
        .map(|secret| {
            // Only names leave this function: the values are dropped with `secret`.
            let mut keys: Vec<String> = secret
                .data
                .iter()
                .flat_map(BTreeMap::keys)
                .chain(secret.string_data.iter().flat_map(BTreeMap::keys))
                .cloned()
                .collect();
            keys.sort();
            keys.dedup();
            SecretItem {
                name: secret.name_any(),
                secret_type: secret.type_.unwrap_or_else(|| "Opaque".to_owned()),
                keys,
            }
        })
        .collect();
    Ok(Json(SecretList { items }))
}

/// A ServiceAccount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceAccountItem {
    /// The ServiceAccount's name.
    pub name: String,
}

/// The project's ServiceAccounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceAccountList {
    /// Sorted by name.
    pub items: Vec<ServiceAccountItem>,
}

/// Lists the project's ServiceAccounts (for the Pod's service account).
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/serviceaccounts",
    tag = "lookups",
    operation_id = "listServiceAccounts",
    params(ProjectPath),
    responses(
        (status = 200, description = "The project's ServiceAccounts", body = ServiceAccountList),
        ErrorResponses,
    )
)]
async fn list_service_accounts(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
) -> Result<Json<ServiceAccountList>, ApiError> {
    let accounts: Vec<ServiceAccount> =
        list_as_user(&state, &path, &identity, "serviceaccounts").await?;
    Ok(Json(ServiceAccountList {
        items: accounts
            .iter()
            .map(|sa| ServiceAccountItem {
                name: sa.name_any(),
            })
            .collect(),
    }))
}

/// One ResourceQuota: its limits and usage, quantities as Kubernetes writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuotaItem {
    /// The ResourceQuota's name.
    pub name: String,
    /// `status.hard` (or `spec.hard` before the quota controller has run), e.g.
    /// `{"pods": "20", "requests.cpu": "4"}`.
    pub hard: BTreeMap<String, String>,
    /// `status.used`.
    pub used: BTreeMap<String, String>,
}

/// Usage against a limit, as Kubernetes writes the quantities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuotaUsage {
    /// Used so far (`0` when the quota controller has not counted yet).
    pub used: String,
    /// The limit.
    pub hard: String,
}

/// The project's ResourceQuotas, with the usual figures picked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuotaSummary {
    /// Every ResourceQuota, sorted by name (empty when the project has none).
    pub items: Vec<QuotaItem>,
    /// `pods` of the first quota that limits it.
    pub pods: Option<QuotaUsage>,
    /// `requests.cpu` (or `cpu`) of the first quota that limits it.
    pub cpu: Option<QuotaUsage>,
    /// `requests.memory` (or `memory`) of the first quota that limits it.
    pub memory: Option<QuotaUsage>,
}

/// The first quota (in name order) limiting one of `keys` (tried in order per quota).
fn pick(items: &[QuotaItem], keys: &[&str]) -> Option<QuotaUsage> {
    items.iter().find_map(|quota| {
        keys.iter().find_map(|key| {
            quota.hard.get(*key).map(|hard| QuotaUsage {
                hard: hard.clone(),
                used: quota
                    .used
                    .get(*key)
                    .cloned()
                    .unwrap_or_else(|| "0".to_owned()),
            })
        })
    })
}

fn quota_summary(quotas: Vec<ResourceQuota>) -> QuotaSummary {
    let items: Vec<QuotaItem> = quotas
        .into_iter()
        .map(|q| {
            let status = q.status.clone().unwrap_or_default();
            let hard = status
                .hard
                .as_ref()
                .filter(|h| !h.is_empty())
                .or_else(|| q.spec.as_ref().and_then(|s| s.hard.as_ref()));
            QuotaItem {
                name: q.name_any(),
                hard: quantities(hard),
                used: quantities(status.used.as_ref()),
            }
        })
        .collect();
    QuotaSummary {
        pods: pick(&items, &["pods"]),
        cpu: pick(&items, &["requests.cpu", "cpu"]),
        memory: pick(&items, &["requests.memory", "memory"]),
        items,
    }
}

/// The project's ResourceQuotas merged: each quota, and the Pod, CPU and memory figures
/// the job list and wizard show. No quota is an empty list, not a 404.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/quota",
    tag = "lookups",
    operation_id = "getQuota",
    params(ProjectPath),
    responses(
        (status = 200, description = "The project's quotas and usage", body = QuotaSummary),
        ErrorResponses,
    )
)]
async fn get_quota(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
) -> Result<Json<QuotaSummary>, ApiError> {
    let quotas: Vec<ResourceQuota> =
        list_as_user(&state, &path, &identity, "resourcequotas").await?;
    Ok(Json(quota_summary(quotas)))
}

/// A node taint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TaintItem {
    /// The taint's key.
    pub key: String,
    /// The taint's value, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    pub effect: String,
}

/// A node, as the node selector step needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NodeItem {
    /// The node's name.
    pub name: String,
    /// All its labels (e.g. `kubernetes.io/hostname`).
    pub labels: BTreeMap<String, String>,
    /// Its taints (a Pod needs a matching toleration to run there).
    pub taints: Vec<TaintItem>,
    /// Whether the `Ready` condition is `True`.
    pub ready: bool,
    /// Whether the node is cordoned (`spec.unschedulable`).
    pub unschedulable: bool,
}

/// The cluster's nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NodeList {
    /// Sorted by name.
    pub items: Vec<NodeItem>,
}

fn node_item(node: Node) -> NodeItem {
    let name = node.name_any();
    let labels = node.metadata.labels.unwrap_or_default();
    let spec = node.spec.unwrap_or_default();
    let ready = node
        .status
        .and_then(|s| s.conditions)
        .into_iter()
        .flatten()
        .any(|c| c.type_ == "Ready" && c.status == "True");
    NodeItem {
        name,
        labels,
        taints: spec
            .taints
            .unwrap_or_default()
            .into_iter()
            .map(|t| TaintItem {
                key: t.key,
                value: t.value,
                effect: t.effect,
            })
            .collect(),
        ready,
        unschedulable: spec.unschedulable.unwrap_or(false),
    }
}

/// Lists the cluster's nodes with labels, taints and readiness (for the node selector).
/// Needs `list` on nodes cluster-wide, which project roles do not grant: the wizard falls
/// back to free key/value pairs on a 403.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/nodes",
    tag = "lookups",
    operation_id = "listNodes",
    params(ClusterPath),
    responses(
        (status = 200, description = "The cluster's nodes", body = NodeList),
        ErrorResponses,
    )
)]
async fn list_nodes(
    State(state): State<AppState>,
    path: ClusterPath,
    identity: Identity,
) -> Result<Json<NodeList>, ApiError> {
    let cluster = state.clusters.get(&path.cluster)?;
    if !state
        .authz
        .allowed(&cluster, &identity, None, list_core("nodes"))
        .await?
    {
        return Err(ApiError::Forbidden(format!(
            "user {:?} may not list nodes in cluster {:?}",
            identity.username, cluster.name
        )));
    }
    let client = cluster.client_for(&identity)?;
    let mut nodes = Api::<Node>::all(client)
        .list(&ListParams::default())
        .await
        .map_err(|err| map_kube_error(&cluster.name, err))?
        .items;
    nodes.sort_by_key(ResourceExt::name_any);
    Ok(Json(NodeList {
        items: nodes.into_iter().map(node_item).collect(),
    }))
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pvcs))
        .routes(routes!(list_config_maps))
        .routes(routes!(list_secrets))
        .routes(routes!(list_service_accounts))
        .routes(routes!(get_quota))
        .routes(routes!(list_nodes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{ResourceQuotaSpec, ResourceQuotaStatus};
    use kube::api::ObjectMeta;

    fn quota(name: &str, hard: &[(&str, &str)], used: Option<&[(&str, &str)]>) -> ResourceQuota {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Quantity((*v).to_owned())))
                .collect::<BTreeMap<_, _>>()
        };
        ResourceQuota {
            metadata: ObjectMeta {
                name: Some(name.to_owned()),
                ..ObjectMeta::default()
            },
            spec: Some(ResourceQuotaSpec {
                hard: Some(map(hard)),
                ..ResourceQuotaSpec::default()
            }),
            status: used.map(|u| ResourceQuotaStatus {
                hard: Some(map(hard)),
                used: Some(map(u)),
            }),
        }
    }

    #[test]
    fn quota_figures_come_from_the_first_quota_that_has_them() {
        let summary = quota_summary(vec![
            quota("a", &[("pods", "10")], Some(&[("pods", "3")])),
            quota("b", &[("cpu", "2"), ("requests.memory", "4Gi")], None),
        ]);
        let usage = |used: &str, hard: &str| QuotaUsage {
            used: used.into(),
            hard: hard.into(),
        };
        assert_eq!(summary.pods, Some(usage("3", "10")));
        assert_eq!(summary.cpu, Some(usage("0", "2")));
        assert_eq!(summary.memory, Some(usage("0", "4Gi")));
        assert_eq!(summary.items[1].hard["cpu"], "2", "spec.hard before status");
        assert!(summary.items[1].used.is_empty());
        assert_eq!(quota_summary(Vec::new()).pods, None);
    }
}
