//! The application state shared by every handler: cheap to clone (`Arc` inside).

use std::sync::Arc;
use std::time::Duration;

use crate::auth::TokenCache;
use crate::auth::ratelimit::{LoginLimiter, LoginLimits};
use crate::auth::session::SessionKeys;
use crate::auth::users::{User, UserStore, UsersError, hash_password};
use crate::authz::Authz;
use crate::cluster::{ClusterError, Clusters};
use crate::config::Config;
use crate::metrics::Metrics;
use crate::sandbox_cluster::DEMO_PASSWORD;
use crate::web::assets::SpaManifest;

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState(Arc<App>);

/// The parts of the state.
pub struct App {
    /// The configuration the console started with.
    pub config: Config,
    /// The clusters and their clients.
    pub clusters: Clusters,
    /// Local accounts.
    pub users: UserStore,
    /// Session cookie keys.
    pub sessions: SessionKeys,
    /// Failed sign-in counters.
    pub limiter: LoginLimiter,
    /// TokenReview answers.
    pub tokens: TokenCache,
    /// SubjectAccessReview answers.
    pub authz: Authz,
    /// Request counters and latencies.
    pub metrics: Metrics,
    /// The built SPA's entry script and styles.
    pub spa: SpaManifest,
}

/// Why the state could not be built.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// A cluster could not be set up.
    #[error(transparent)]
    Cluster(#[from] ClusterError),
    /// The users file is not usable.
    #[error(transparent)]
    Users(#[from] UsersError),
    /// The session key file is not usable.
    #[error("session key: {0}")]
    SessionKey(String),
}

impl AppState {
    /// Sets up the clusters (starting embedded sandboxes) and the accounts.
    pub async fn build(config: Config) -> Result<Self, StateError> {
        let clusters = Clusters::connect(&config.clusters).await?;
        Self::with_clusters(config, clusters, LoginLimits::default())
    }

    /// The state over ready-made clusters (tests choose their own limits).
    pub fn with_clusters(
        config: Config,
        clusters: Clusters,
        limits: LoginLimits,
    ) -> Result<Self, StateError> {
        let users = match &config.users_file {
            Some(path) => UserStore::from_file(path)?,
            None => UserStore::fixed(demo_accounts(&clusters)?)?,
        };
        let ttl = Duration::from_secs(config.session_ttl_seconds);
        let sessions = match &config.session_key_file {
            Some(path) => {
                let secret = std::fs::read(path)
                    .map_err(|e| StateError::SessionKey(format!("{}: {e}", path.display())))?;
                SessionKeys::from_secret(&secret, ttl).ok_or_else(|| {
                    StateError::SessionKey(format!(
                        "{}: the key must have at least 32 bytes",
                        path.display()
                    ))
                })?
            }
            None => SessionKeys::random(ttl),
        };
        Ok(Self(Arc::new(App {
            config,
            clusters,
            users,
            sessions,
            limiter: LoginLimiter::new(limits),
            tokens: TokenCache::default(),
            authz: Authz::default(),
            metrics: Metrics::new(),
            spa: SpaManifest::load(),
        })))
    }
}

/// With no users file, the embedded sandboxes' demo users sign in with the demo password.
fn demo_accounts(clusters: &Clusters) -> Result<Vec<User>, UsersError> {
    let names: Vec<(String, Vec<String>)> = clusters
        .iter()
        .filter_map(|c| c.sandbox.as_ref())
        .flat_map(|s| s.demo_users())
        .collect();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let hash = hash_password(DEMO_PASSWORD)?;
    let mut users: Vec<User> = Vec::new();
    for (name, groups) in names {
        if users.iter().all(|u| u.name != name) {
            users.push(User {
                name,
                password_hash: hash.clone(),
                groups,
            });
        }
    }
    Ok(users)
}

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("clusters", &self.config.clusters.len())
            .finish_non_exhaustive()
    }
}
