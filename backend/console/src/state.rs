//! The application state shared by every handler: cheap to clone (`Arc` inside).

use std::sync::Arc;

use crate::config::Config;
use crate::metrics::Metrics;
use crate::web::assets::SpaManifest;

/// Everything handlers share.
#[derive(Clone)]
pub struct AppState(Arc<App>);

/// The parts of the state.
pub struct App {
    /// The configuration the console started with.
    pub config: Config,
    /// Request counters and latencies.
    pub metrics: Metrics,
    /// The built SPA's entry script and styles.
    pub spa: SpaManifest,
}

impl AppState {
    /// Builds the state for a configuration.
    pub fn new(config: Config) -> Self {
        Self(Arc::new(App {
            config,
            metrics: Metrics::new(),
            spa: SpaManifest::load(),
        }))
    }
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
