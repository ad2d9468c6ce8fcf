//! An in-process simulator of the Kubernetes API: the embedded demo cluster of Job Console
//! and the test double of its test suites. It speaks the real Kubernetes REST API over HTTP,
//! so that kube-rs, kubectl and the official Python client cannot tell it from a cluster for
//! the operations the console uses. Nothing of the console lives here.

pub mod clock;
pub mod controllers;
pub mod defaults;
pub mod error;
pub mod kubelet;
pub mod resources;
pub mod scheduler;
pub mod selectors;
pub mod store;
pub mod validation;

use std::path::PathBuf;
use std::sync::Arc;

pub use clock::Clock;
pub use error::Error;
pub use store::Store;

/// How to build a [`Sandbox`]. Use `..SandboxOptions::default()` for the fields you do not
/// set.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// The sandbox clock (real for interactive runs, manual for tests).
    pub clock: Clock,
    /// Load the demo seed data (namespaces, users, roles, nodes, ...).
    pub seed: bool,
    /// Persist every object to this file and load it at start.
    pub state_file: Option<PathBuf>,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        Self {
            clock: Clock::real(),
            seed: true,
            state_file: None,
        }
    }
}

struct Inner {
    clock: Clock,
    store: Store,
}

/// The simulated cluster. Cheap to clone.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Builds a sandbox.
    pub fn new(options: SandboxOptions) -> Result<Self, Error> {
        let store = Store::new(options.clock.clone());
        Ok(Self {
            inner: Arc::new(Inner {
                clock: options.clock,
                store,
            }),
        })
    }

    /// The sandbox clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The storage handle controllers use (see [`store`]).
    pub fn store(&self) -> &Store {
        &self.inner.store
    }
}
