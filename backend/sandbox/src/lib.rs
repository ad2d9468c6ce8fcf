//! An in-process simulator of the Kubernetes API: the embedded demo cluster of Job Console
//! and the test double of its test suites. It speaks the real Kubernetes REST API over HTTP,
//! so that kube-rs, kubectl and the official Python client cannot tell it from a cluster for
//! the operations the console uses. Nothing of the console lives here.
//!
//! - [`Sandbox`]: the cluster (storage, tokens, seed data); [`Sandbox::router`] is the whole
//!   REST API as an axum `Router` (plain HTTP, usable in-process with `oneshot` or by
//!   kube-rs through `kube::Client::new(service, "default")`).
//! - [`serve`] serves it on a listener (HTTPS with a [`TlsIdentity`]); [`run_standalone`] is
//!   `jobconsole sandbox`; [`kubeconfig()`] writes a kubeconfig with one context per user.
//! - [`store::Store`] is the storage API for the controllers of part 2.

pub mod authn;
pub mod clock;
pub mod controllers;
pub mod defaults;
pub mod error;
pub mod http;
pub mod kubeconfig;
pub mod kubelet;
pub mod patch;
pub mod persist;
pub mod rbac;
pub mod resources;
pub mod scheduler;
pub mod seed;
pub mod selectors;
pub mod store;
pub mod validation;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use futures::future::BoxFuture;

pub use clock::Clock;
pub use error::Error;
pub use http::tls::TlsIdentity;
pub use kubeconfig::{KubeconfigUser, kubeconfig};
pub use store::Store;

use authn::{Tokens, UserInfo};

/// How to build a [`Sandbox`].
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
            clock: Clock::from_env(),
            seed: true,
            state_file: None,
        }
    }
}

/// Less common settings, for [`Sandbox::new_with`].
#[derive(Debug, Clone)]
pub struct Tuning {
    /// Whether the console's ServiceAccount may impersonate (false for the tests of "the
    /// cluster refuses impersonation, the console fails closed"). Default: true.
    pub console_may_impersonate: bool,
    /// How often a watch with `allowWatchBookmarks` gets a BOOKMARK. Default: 30 s.
    pub bookmark_interval: Duration,
    /// Whether a seeded (or restored) sandbox starts its Job controller, scheduler and
    /// kubelets on the current Tokio runtime (see [`controllers::start`]). Default: true.
    pub run_controllers: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            console_may_impersonate: true,
            bookmark_interval: Duration::from_secs(30),
            run_controllers: true,
        }
    }
}

/// Pod log parameters (`pods/{name}/log`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogParams {
    /// `container`.
    pub container: Option<String>,
    /// `follow`.
    pub follow: bool,
    /// `previous`.
    pub previous: bool,
    /// `timestamps`.
    pub timestamps: bool,
    /// `tailLines`.
    pub tail_lines: Option<i64>,
    /// `sinceSeconds`.
    pub since_seconds: Option<i64>,
    /// `sinceTime` (RFC 3339).
    pub since_time: Option<String>,
    /// `limitBytes`.
    pub limit_bytes: Option<i64>,
}

/// A stream of log bytes.
pub type LogStream = futures::stream::BoxStream<'static, bytes::Bytes>;

/// Where `pods/{name}/log` gets its text: the simulated kubelet of part 2 plugs in here
/// with [`Sandbox::set_log_source`].
pub trait LogSource: Send + Sync {
    /// The log of a container of the Pod `namespace/pod` (which exists).
    fn logs(
        &self,
        namespace: &str,
        pod: &str,
        params: LogParams,
    ) -> BoxFuture<'static, Result<LogStream, Error>>;
}

struct Inner {
    clock: Clock,
    store: Store,
    tokens: Tokens,
    user_tokens: Vec<(UserInfo, String)>,
    console_token: String,
    bookmark_interval: Duration,
    state_file: Option<PathBuf>,
    logs: RwLock<Option<Arc<dyn LogSource>>>,
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
    /// Builds a sandbox: loads the state file when there is one, else the seed data (when
    /// `seed`), and generates a bearer token per seeded user and for the console's
    /// ServiceAccount. With a state file and a Tokio runtime, starts saving every change.
    pub fn new(options: SandboxOptions) -> Result<Self, Error> {
        Self::new_with(options, Tuning::default())
    }

    /// [`Sandbox::new`] with [`Tuning`].
    pub fn new_with(options: SandboxOptions, tuning: Tuning) -> Result<Self, Error> {
        let store = Store::new(options.clock.clone());
        let restored = match &options.state_file {
            Some(path) => persist::load(&store, path)?,
            None => false,
        };
        if options.seed && !restored {
            seed::load(&store, tuning.console_may_impersonate)?;
        }
        let tokens = Tokens::default();
        let mut user_tokens = Vec::new();
        for u in seed::USERS {
            let info = UserInfo::new(u.name, u.groups);
            let token = authn::new_token();
            tokens.insert(&token, info.clone());
            user_tokens.push((info, token));
        }
        let (sa_ns, sa_name) = seed::CONSOLE_SERVICE_ACCOUNT;
        let console_token = authn::new_token();
        tokens.insert(&console_token, UserInfo::service_account(sa_ns, sa_name));
        if let (Some(path), Ok(handle)) =
            (&options.state_file, tokio::runtime::Handle::try_current())
        {
            handle.spawn(persist::run(store.clone(), path.clone()));
        }
        let seeded = options.seed || restored;
        let sandbox = Self {
            inner: Arc::new(Inner {
                clock: options.clock,
                store,
                tokens,
                user_tokens,
                console_token,
                bookmark_interval: tuning.bookmark_interval,
                state_file: options.state_file,
                logs: RwLock::new(None),
            }),
        };
        // A cluster with nodes runs its Job controller, scheduler and kubelets (part 2).
        if seeded && tuning.run_controllers && tokio::runtime::Handle::try_current().is_ok() {
            controllers::start(&sandbox);
        }
        Ok(sandbox)
    }

    /// The sandbox clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The storage handle controllers use (see [`store`]).
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The whole Kubernetes REST API, plain HTTP.
    pub fn router(&self) -> axum::Router {
        http::router(self.clone())
    }

    /// The token table (seeded users, console, minted ServiceAccount tokens).
    pub fn tokens(&self) -> &Tokens {
        &self.inner.tokens
    }

    /// The bearer token of a seeded user (`admin`, `project-regular`, ...).
    pub fn user_token(&self, name: &str) -> Option<&str> {
        self.inner
            .user_tokens
            .iter()
            .find(|(u, _)| u.username == name)
            .map(|(_, t)| t.as_str())
    }

    /// Every seeded user with its token, in [`seed::USERS`] order.
    pub fn users(&self) -> &[(UserInfo, String)] {
        &self.inner.user_tokens
    }

    /// The bearer token of the console's ServiceAccount,
    /// `system:serviceaccount:jobconsole-system:jobconsole`. The ServiceAccount and its
    /// ClusterRole come with the seed data: without `seed`, the token does not authenticate.
    pub fn console_token(&self) -> &str {
        &self.inner.console_token
    }

    /// Mints a bearer token for a ServiceAccount (valid while it exists).
    pub fn mint_service_account_token(&self, namespace: &str, name: &str) -> String {
        let token = authn::new_token();
        self.inner
            .tokens
            .insert(&token, UserInfo::service_account(namespace, name));
        token
    }

    /// The kubeconfig users (one per seeded user).
    pub fn kubeconfig_users(&self) -> Vec<KubeconfigUser> {
        self.inner
            .user_tokens
            .iter()
            .map(|(u, t)| KubeconfigUser {
                name: u.username.clone(),
                token: t.clone(),
            })
            .collect()
    }

    /// How often watches get bookmarks.
    pub fn bookmark_interval(&self) -> Duration {
        self.inner.bookmark_interval
    }

    /// Plugs in the source of Pod logs (the simulated kubelet).
    pub fn set_log_source(&self, source: Arc<dyn LogSource>) {
        *self
            .inner
            .logs
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(source);
    }

    /// The log source, if one is plugged in.
    pub fn log_source(&self) -> Option<Arc<dyn LogSource>> {
        self.inner
            .logs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Writes the state file now (when there is one).
    pub fn save_state(&self) -> Result<(), Error> {
        match &self.inner.state_file {
            Some(path) => persist::save(&self.inner.store, path),
            None => Ok(()),
        }
    }
}

/// Serves the sandbox's API on `listener`, over HTTPS when `tls` is given. Runs until the
/// future is dropped.
pub async fn serve(
    sandbox: Sandbox,
    listener: tokio::net::TcpListener,
    tls: Option<TlsIdentity>,
) -> Result<(), Error> {
    http::tls::serve(sandbox.router(), listener, tls).await
}

/// `jobconsole sandbox`: serves the sandbox over HTTPS on `listen` (seeded, real clock),
/// writes a kubeconfig with one context per seeded user to `kubeconfig_path`, and persists
/// to `state` when given. Returns on Ctrl-C or SIGTERM, after saving the state.
pub async fn run_standalone(
    listen: SocketAddr,
    kubeconfig_path: &Path,
    state: Option<PathBuf>,
) -> Result<(), Error> {
    let sandbox = Sandbox::new(SandboxOptions {
        state_file: state,
        ..SandboxOptions::default()
    })?;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let host = addr.ip().to_string();
    let tls = TlsIdentity::generate(std::slice::from_ref(&host))?;
    let url_host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else if addr.is_ipv6() {
        format!("[{host}]")
    } else {
        host
    };
    let server_url = format!("https://{url_host}:{}", addr.port());
    let config = kubeconfig(&server_url, Some(&tls.ca_pem), &sandbox.kubeconfig_users())?;
    write_private(kubeconfig_path, config.as_bytes())?;
    tracing::info!(%server_url, kubeconfig = %kubeconfig_path.display(), "sandbox cluster listening");
    let result = tokio::select! {
        r = serve(sandbox.clone(), listener, Some(tls)) => r,
        () = shutdown_signal() => Ok(()),
    };
    sandbox.save_state()?;
    result
}

/// Writes a file readable by its owner only (it holds tokens).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
