//! Shared test harness: the console's router over an embedded sandbox cluster (manual
//! clock, seeded), driven with `oneshot`, and helpers to sign in and send requests as a
//! browser (cookie + CSRF) or as automation (bearer token) would.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use jobconsole::AppState;
use jobconsole::auth::ratelimit::LoginLimits;
use jobconsole::cluster::{ClusterHandle, Clusters};
use jobconsole::config::{ClusterConfig, ClusterSource, Config, SandboxOptions};
use jobconsole::sandbox_cluster::EmbeddedSandbox;
use serde_json::Value;
use tower::ServiceExt;

/// The demo password of the sandbox's seeded users.
pub const PASSWORD: &str = "P@88w0rd";

/// A console over one sandbox cluster named `sandbox`.
pub struct Harness {
    /// The console's router.
    pub app: Router,
    /// Its state.
    pub state: AppState,
    /// The sandbox behind it (`None` against a real cluster).
    pub sandbox: Option<EmbeddedSandbox>,
    /// The configured cluster's name.
    pub cluster: String,
}

/// How a request authenticates.
#[derive(Debug, Clone)]
pub enum Auth {
    /// No credentials.
    None,
    /// A session cookie and the CSRF token to send with changes (`None`: omit the header).
    Cookie {
        /// `name=value`.
        cookie: String,
        /// The CSRF token.
        csrf: Option<String>,
    },
    /// `Authorization: Bearer`.
    Bearer(String),
}

/// A response, read whole.
#[derive(Debug)]
pub struct Answer {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as JSON (`Value::Null` when it is not JSON).
    pub json: Value,
    /// Body as text.
    pub text: String,
}

/// Builds a harness; `limits` tunes sign-in throttling, `impersonation` whether the
/// sandbox lets the console impersonate.
pub async fn harness_with(limits: LoginLimits, impersonation: bool) -> Harness {
    let options = sandbox::SandboxOptions {
        clock: sandbox::Clock::manual(chrono::Utc::now()),
        ..sandbox::SandboxOptions::default()
    };
    let tuning = sandbox::Tuning {
        console_may_impersonate: impersonation,
        ..sandbox::Tuning::default()
    };
    let embedded = EmbeddedSandbox::start_with(options, tuning)
        .await
        .expect("sandbox starts");
    let handle = ClusterHandle::new(
        "sandbox".into(),
        "sandbox",
        embedded.console_config(),
        Some(embedded.clone()),
    )
    .expect("cluster handle");
    let config = Config {
        base_path: "/".into(),
        clusters: vec![ClusterConfig {
            name: "sandbox".into(),
            source: ClusterSource::Sandbox {
                sandbox: SandboxOptions::default(),
            },
        }],
        users_file: None,
        session_key_file: None,
        session_ttl_seconds: 3600,
    };
    let state = AppState::with_clusters(config, Clusters::from_handles(vec![handle]), limits)
        .expect("state");
    Harness {
        app: jobconsole::router(state.clone()),
        state,
        sandbox: Some(embedded),
        cluster: "sandbox".into(),
    }
}

/// A harness with default limits and impersonation allowed.
pub async fn harness() -> Harness {
    harness_with(LoginLimits::default(), true).await
}

impl Harness {
    /// Sends a request.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        auth: &Auth,
        body: Option<Value>,
    ) -> Answer {
        match body {
            Some(json) => {
                self.send_raw(
                    method,
                    path,
                    auth,
                    &[("content-type", "application/json")],
                    json.to_string().into_bytes(),
                )
                .await
            }
            None => self.send_raw(method, path, auth, &[], Vec::new()).await,
        }
    }

    /// Sends a request with these headers and body bytes.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        auth: &Auth,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Answer {
        let mut builder = Request::builder().method(method.clone()).uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        match auth {
            Auth::None => {}
            Auth::Cookie { cookie, csrf } => {
                builder = builder.header(header::COOKIE, cookie);
                if let Some(csrf) = csrf {
                    builder = builder.header("x-csrf-token", csrf);
                }
            }
            Auth::Bearer(token) => {
                builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
            }
        }
        let request = builder.body(Body::from(body)).expect("request");
        let response = self.app.clone().oneshot(request).await.expect("router");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = tokio::time::timeout(Duration::from_secs(30), response.into_body().collect())
            .await
            .expect("body within 30 s")
            .expect("body")
            .to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Answer {
            status,
            headers,
            json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            text,
        }
    }

    /// Signs in; returns the browser's credentials.
    pub async fn login(&self, user: &str, password: &str) -> Result<Auth, Answer> {
        let answer = self
            .send(
                Method::POST,
                "/api/v1/login",
                &Auth::None,
                Some(serde_json::json!({"username": user, "password": password})),
            )
            .await;
        if answer.status != StatusCode::OK {
            return Err(answer);
        }
        let cookie = answer.headers[header::SET_COOKIE]
            .to_str()
            .expect("ascii cookie")
            .split(';')
            .next()
            .expect("name=value")
            .to_owned();
        let csrf = answer.json["csrfToken"].as_str().map(str::to_owned);
        Ok(Auth::Cookie { cookie, csrf })
    }

    /// A bearer token the sandbox accepts for a seeded user.
    pub fn token(&self, user: &str) -> String {
        self.sandbox
            .as_ref()
            .expect("sandbox harness")
            .sandbox
            .user_token(user)
            .expect("seeded user")
            .to_owned()
    }
}

/// Where the Job tests run: the sandbox by default, or a real cluster when
/// `JOBCONSOLE_TEST_KUBECONFIG` names a kubeconfig (its user is the console's identity:
/// it must be allowed to create TokenReviews and SubjectAccessReviews and to impersonate);
/// then `JOBCONSOLE_TEST_TOKEN` is the bearer token of a user with the operator role in
/// `JOBCONSOLE_TEST_PROJECT` (default `demo-project`), and `JOBCONSOLE_TEST_CONTEXT`
/// optionally picks the context.
pub struct Target {
    /// The console.
    pub h: Harness,
    /// How the tests authenticate: `project-regular` (operator in `demo-project`) on the
    /// sandbox, the given token on a real cluster.
    pub auth: Auth,
    /// The project the tests work in.
    pub project: String,
}

/// The test target (see [`Target`]).
pub async fn target() -> Target {
    let Ok(kubeconfig) = std::env::var("JOBCONSOLE_TEST_KUBECONFIG") else {
        let h = harness().await;
        let auth = h
            .login("project-regular", PASSWORD)
            .await
            .expect("project-regular signs in");
        return Target {
            h,
            auth,
            project: "demo-project".into(),
        };
    };
    let token = std::env::var("JOBCONSOLE_TEST_TOKEN").expect(
        "JOBCONSOLE_TEST_TOKEN: the bearer token of a user with the operator role in the test project",
    );
    let project =
        std::env::var("JOBCONSOLE_TEST_PROJECT").unwrap_or_else(|_| "demo-project".into());
    let clusters = vec![ClusterConfig {
        name: "test".into(),
        source: ClusterSource::Kubeconfig {
            kubeconfig: kubeconfig.into(),
            context: std::env::var("JOBCONSOLE_TEST_CONTEXT").ok(),
        },
    }];
    let connected = Clusters::connect(&clusters)
        .await
        .expect("the test cluster");
    let config = Config {
        base_path: "/".into(),
        clusters,
        users_file: None,
        session_key_file: None,
        session_ttl_seconds: 3600,
    };
    let state = AppState::with_clusters(config, connected, LoginLimits::default()).expect("state");
    Target {
        h: Harness {
            app: jobconsole::router(state.clone()),
            state,
            sandbox: None,
            cluster: "test".into(),
        },
        auth: Auth::Bearer(token),
        project,
    }
}

/// Advances the sandbox's manual clock in the background until dropped (for requests that
/// wait on the cluster, such as a followed log).
pub struct Ticker(Option<tokio::task::JoinHandle<()>>);

impl Drop for Ticker {
    fn drop(&mut self) {
        if let Some(task) = self.0.take() {
            task.abort();
        }
    }
}

impl Target {
    /// `/api/v1/clusters/{cluster}/projects/{project}`.
    pub fn base(&self) -> String {
        format!(
            "/api/v1/clusters/{}/projects/{}",
            self.h.cluster, self.project
        )
    }

    /// Sends a request as the test user.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.h.send(method, path, &self.auth, body).await
    }

    /// Sends raw bytes as the test user.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> Answer {
        self.h
            .send_raw(method, path, &self.auth, headers, body.into())
            .await
    }

    /// Lets time pass: half a second of sandbox time (nothing on a real cluster), and a
    /// few real milliseconds for the controllers to act.
    pub async fn tick(&self) {
        if let Some(sandbox) = &self.h.sandbox {
            sandbox.sandbox.clock().advance(Duration::from_millis(500));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    /// Keeps time passing in the background until the returned guard is dropped.
    pub fn ticker(&self) -> Ticker {
        Ticker(self.h.sandbox.as_ref().map(|sandbox| {
            let clock = sandbox.sandbox.clock().clone();
            tokio::spawn(async move {
                loop {
                    clock.advance(Duration::from_millis(500));
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            })
        }))
    }

    /// Polls `check` (letting time pass between tries) until it gives a value; panics
    /// after two minutes of real time naming `what`.
    pub async fn wait_for<T>(&self, what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(value) = check().await {
                return value;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what}"
            );
            self.tick().await;
        }
    }
}
