//! The configured clusters and the kube-rs clients that reach them. The console's own
//! client is used only for TokenReview, SubjectAccessReview and the shared caches; every
//! call made for a user goes through [`ClusterHandle::client_for`], which impersonates
//! that user and their groups so that the cluster's RBAC is the final judge.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

use crate::auth::Identity;
use crate::config::{ClusterConfig, ClusterSource};
use crate::error::ApiError;

/// How long a per-user client is kept after its last use.
const USER_CLIENT_TTL: Duration = Duration::from_secs(600);

/// A user and their groups: what a per-user client impersonates.
type UserKey = (String, Vec<String>);

/// Why a cluster could not be set up at start.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The kubeconfig could not be read or used.
    #[error("cluster {name:?}: {message}")]
    Setup {
        /// The cluster.
        name: String,
        /// What went wrong.
        message: String,
    },
}

/// One cluster: its base configuration, the console's own client and per-user clients.
pub struct ClusterHandle {
    /// The configured name.
    pub name: String,
    /// `kubeconfig`, `inCluster` or `sandbox`.
    pub kind: &'static str,
    config: Config,
    console: Client,
    users: Mutex<HashMap<UserKey, (Client, Instant)>>,
    /// The embedded sandbox, when this cluster is one (for its demo accounts).
    pub sandbox: Option<crate::sandbox_cluster::EmbeddedSandbox>,
}

impl std::fmt::Debug for ClusterHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterHandle")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl ClusterHandle {
    /// A cluster reached with this configuration (the console's own credentials).
    pub fn new(
        name: String,
        kind: &'static str,
        config: Config,
        sandbox: Option<crate::sandbox_cluster::EmbeddedSandbox>,
    ) -> Result<Self, ClusterError> {
        let console = Client::try_from(config.clone()).map_err(|err| ClusterError::Setup {
            name: name.clone(),
            message: err.to_string(),
        })?;
        Ok(Self {
            name,
            kind,
            config,
            console,
            users: Mutex::default(),
            sandbox,
        })
    }

    /// The console's own client: TokenReview, SubjectAccessReview, shared caches only.
    pub fn console_client(&self) -> Client {
        self.console.clone()
    }

    /// A client that impersonates `identity` (user and groups) on every call.
    pub fn client_for(&self, identity: &Identity) -> Result<Client, ApiError> {
        let key = (identity.username.clone(), identity.groups.clone());
        let mut users = self.users.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((client, used)) = users.get_mut(&key) {
            *used = Instant::now();
            return Ok(client.clone());
        }
        users.retain(|_, (_, used)| used.elapsed() < USER_CLIENT_TTL);
        let mut config = self.config.clone();
        config.auth_info.impersonate = Some(identity.username.clone());
        config.auth_info.impersonate_groups =
            (!identity.groups.is_empty()).then(|| identity.groups.clone());
        let client = Client::try_from(config).map_err(|err| {
            ApiError::Internal(format!("client for cluster {}: {err}", self.name))
        })?;
        users.insert(key, (client.clone(), Instant::now()));
        Ok(client)
    }
}

/// Every configured cluster, in configuration order.
#[derive(Debug, Clone, Default)]
pub struct Clusters(Arc<Vec<Arc<ClusterHandle>>>);

impl Clusters {
    /// Sets up every configured cluster (starting embedded sandboxes).
    pub async fn connect(configs: &[ClusterConfig]) -> Result<Self, ClusterError> {
        let mut handles = Vec::with_capacity(configs.len());
        for cluster in configs {
            handles.push(Arc::new(connect_one(cluster).await?));
        }
        Ok(Self(Arc::new(handles)))
    }

    /// Clusters from ready-made handles (tests).
    pub fn from_handles(handles: Vec<ClusterHandle>) -> Self {
        Self(Arc::new(handles.into_iter().map(Arc::new).collect()))
    }

    /// All clusters.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<ClusterHandle>> {
        self.0.iter()
    }

    /// The cluster named in a path; 404 when it is not configured.
    pub fn get(&self, name: &str) -> Result<Arc<ClusterHandle>, ApiError> {
        self.0
            .iter()
            .find(|c| c.name == name)
            .cloned()
            .ok_or_else(|| ApiError::NotFound(format!("cluster {name:?} is not configured")))
    }

    /// The first cluster: the one bearer tokens are reviewed by.
    pub fn default_cluster(&self) -> Result<Arc<ClusterHandle>, ApiError> {
        self.0
            .first()
            .cloned()
            .ok_or_else(|| ApiError::Unavailable("no cluster is configured".into()))
    }
}

async fn connect_one(cluster: &ClusterConfig) -> Result<ClusterHandle, ClusterError> {
    let setup = |message: String| ClusterError::Setup {
        name: cluster.name.clone(),
        message,
    };
    match &cluster.source {
        ClusterSource::Kubeconfig {
            kubeconfig,
            context,
        } => {
            let file = Kubeconfig::read_from(kubeconfig).map_err(|e| setup(e.to_string()))?;
            let options = KubeConfigOptions {
                context: context.clone(),
                ..KubeConfigOptions::default()
            };
            let config = Config::from_custom_kubeconfig(file, &options)
                .await
                .map_err(|e| setup(e.to_string()))?;
            ClusterHandle::new(cluster.name.clone(), "kubeconfig", config, None)
        }
        ClusterSource::InCluster => {
            let config = Config::incluster().map_err(|e| setup(e.to_string()))?;
            ClusterHandle::new(cluster.name.clone(), "inCluster", config, None)
        }
        ClusterSource::Sandbox { .. } => {
            let embedded = crate::sandbox_cluster::EmbeddedSandbox::start()
                .await
                .map_err(setup)?;
            let config = embedded.console_config();
            ClusterHandle::new(cluster.name.clone(), "sandbox", config, Some(embedded))
        }
    }
}

/// Maps a kube-rs error to the API error a client should see: Kubernetes' own 403, 404,
/// 409 and 422 keep their meaning (a 422's causes become the field errors); an unreachable
/// cluster is a 502/503/504.
pub fn map_kube_error(cluster: &str, err: kube::Error) -> ApiError {
    match err {
        kube::Error::Api(status) => {
            let message = status.message.clone();
            match status.code {
                400 => ApiError::BadRequest(message),
                401 => ApiError::BadGateway(format!(
                    "cluster {cluster:?} refused the console's credentials"
                )),
                403 => ApiError::Forbidden(message),
                404 => ApiError::NotFound(message),
                409 => ApiError::Conflict(message),
                410 => ApiError::Conflict(message),
                413 => ApiError::PayloadTooLarge(message),
                415 => ApiError::UnsupportedMediaType(message),
                422 => ApiError::Invalid {
                    fields: status
                        .details
                        .iter()
                        .flat_map(|d| &d.causes)
                        .map(|cause| crate::error::FieldError {
                            field: cause.field.clone(),
                            message: if cause.message.is_empty() {
                                cause.reason.clone()
                            } else {
                                cause.message.clone()
                            },
                        })
                        .collect(),
                    message,
                },
                429 => ApiError::TooManyRequests {
                    message,
                    retry_after: 1,
                },
                503 => ApiError::Unavailable(message),
                _ => ApiError::BadGateway(format!("cluster {cluster:?} answered: {message}")),
            }
        }
        other => {
            tracing::warn!(cluster, error = %other, "cluster call failed");
            ApiError::BadGateway(format!("cluster {cluster:?} could not be reached"))
        }
    }
}
