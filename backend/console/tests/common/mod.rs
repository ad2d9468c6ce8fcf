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
    /// The sandbox behind it.
    pub sandbox: EmbeddedSandbox,
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
        sandbox: embedded,
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
        let mut builder = Request::builder().method(method.clone()).uri(path);
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
        let request = match body {
            Some(json) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string())),
            None => builder.body(Body::empty()),
        }
        .expect("request");
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
            .sandbox
            .user_token(user)
            .expect("seeded user")
            .to_owned()
    }
}
