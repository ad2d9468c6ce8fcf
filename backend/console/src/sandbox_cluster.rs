//! Wiring of the embedded sandbox cluster: the Kubernetes API simulator (crate `sandbox`)
//! served on a loopback port, reached by kube-rs like any cluster, with the console's own
//! ServiceAccount token. Nothing else of the console knows it is a simulator.

use kube::Config;
use kube::config::AuthInfo;

/// The password of the sandbox's demo accounts (KubeSphere's demo password; sandbox only).
pub const DEMO_PASSWORD: &str = "P@88w0rd";

/// A running embedded sandbox.
#[derive(Clone)]
pub struct EmbeddedSandbox {
    /// The simulator.
    pub sandbox: sandbox::Sandbox,
    url: String,
}

impl std::fmt::Debug for EmbeddedSandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedSandbox")
            .field("url", &self.url)
            .finish()
    }
}

impl EmbeddedSandbox {
    /// Starts a seeded sandbox at real speed on a free loopback port.
    pub async fn start() -> Result<Self, String> {
        Self::start_with(
            sandbox::SandboxOptions::default(),
            sandbox::Tuning::default(),
        )
        .await
    }

    /// Starts a sandbox with these options on a free loopback port.
    pub async fn start_with(
        options: sandbox::SandboxOptions,
        tuning: sandbox::Tuning,
    ) -> Result<Self, String> {
        let sandbox = sandbox::Sandbox::new_with(options, tuning).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("binding the sandbox's port: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("the sandbox's port: {e}"))?;
        let router = sandbox.router();
        tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, router).await {
                tracing::error!(%err, "the embedded sandbox stopped serving");
            }
        });
        Ok(Self {
            sandbox,
            url: format!("http://{addr}"),
        })
    }

    /// The kube-rs configuration the console uses: its own ServiceAccount token.
    pub fn console_config(&self) -> Config {
        self.config_with_token(self.sandbox.console_token().to_owned())
    }

    /// A kube-rs configuration authenticating with `token`.
    pub fn config_with_token(&self, token: String) -> Config {
        let mut config = Config::new(self.url.parse().unwrap_or_default());
        config.auth_info = AuthInfo {
            token: Some(token.into()),
            ..AuthInfo::default()
        };
        config.default_namespace = "default".to_owned();
        config
    }

    /// The demo accounts people sign in with: every seeded user, password
    /// [`DEMO_PASSWORD`].
    pub fn demo_users(&self) -> Vec<(String, Vec<String>)> {
        self.sandbox
            .users()
            .iter()
            .map(|(user, _token)| {
                let groups = user
                    .groups
                    .iter()
                    .filter(|g| !g.starts_with("system:"))
                    .cloned()
                    .collect();
                (user.username.clone(), groups)
            })
            .collect()
    }
}
