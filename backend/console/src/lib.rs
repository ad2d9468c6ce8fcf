//! Job Console: a KubeSphere-style web console for Kubernetes Jobs.
//!
//! The library holds everything; `main.rs` only parses the command line. [`router`] builds
//! the whole HTTP application from an [`AppState`], so tests drive it with `oneshot` and no
//! socket.

pub mod api;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod cluster;
pub mod config;
pub mod error;
pub mod jobs;
pub mod metrics;
pub mod sandbox_cluster;
pub mod state;
pub mod telemetry;
pub mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use http::{HeaderName, StatusCode};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate as _};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi as _;

pub use state::AppState;

/// The largest request body the API accepts (1 MiB); bigger ones get a 413 JSON error.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// How long a request may take before it gets a 408 JSON error (streams excepted once
/// their headers are sent).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// What `jobconsole serve` needs to start.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The configuration file, if any.
    pub config: Option<PathBuf>,
    /// One extra cluster from a kubeconfig file.
    pub kubeconfig: Option<PathBuf>,
    /// The context of `kubeconfig` to use.
    pub context: Option<String>,
}

/// Errors that stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration could not be read or is invalid.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// A cluster, the users file or the session key could not be set up.
    #[error(transparent)]
    State(#[from] state::StateError),
    /// The listen address could not be bound, or serving failed.
    #[error("cannot serve on {addr}: {source}")]
    Serve {
        /// The address we tried.
        addr: SocketAddr,
        /// Why it failed.
        source: std::io::Error,
    },
}

/// The OpenAPI description of the REST API, collected from every registered route.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Job Console API",
        description = "REST API of Job Console: Kubernetes Jobs per project, with project RBAC. Conventions: docs/api.md."
    ),
    components(schemas(error::ErrorBody, error::FieldError))
)]
struct ApiDoc;

/// Builds the application: the API (collected into the OpenAPI document), the SPA and the
/// operational endpoints, wrapped in the shared middleware.
pub fn router(state: AppState) -> Router {
    let (api, _) = api_parts();
    let app = Router::new()
        .merge(api)
        .merge(web::routes())
        .merge(metrics::routes())
        .fallback(web::fallback)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state);
    with_middleware(app)
}

/// Wraps routes in the shared middleware: request id, tracing, security headers, JSON
/// errors, panic catching, compression, timeout and body limit.
pub fn with_middleware(app: Router) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    app.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(telemetry::make_span))
            .layer(PropagateRequestIdLayer::new(request_id))
            .layer(axum::middleware::from_fn(web::security_headers))
            .layer(axum::middleware::from_fn(error::json_errors))
            .layer(axum::middleware::from_fn(audit::audit))
            .layer(CatchPanicLayer::custom(error::panic_response))
            .layer(
                CompressionLayer::new().compress_when(DefaultPredicate::new().and(may_transform)),
            )
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                REQUEST_TIMEOUT,
            ))
            .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
            .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT)),
    )
}

/// Responses marked `Cache-Control: no-transform` (streamed logs) are not compressed, so
/// that each chunk reaches the client as soon as it is written.
fn may_transform(
    _status: StatusCode,
    _version: http::Version,
    headers: &http::HeaderMap,
    _extensions: &http::Extensions,
) -> bool {
    !headers
        .get(http::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-transform"))
}

fn api_parts() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    utoipa_axum::router::OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(api::routes())
        .split_for_parts()
}

/// The OpenAPI document as pretty JSON, exactly as `/api/openapi.json` serves it and
/// `openapi/openapi.json` commits it.
pub fn openapi_json() -> String {
    let (_, mut doc) = api_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc.to_pretty_json()
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
}

/// Runs the console until Ctrl-C or SIGTERM.
pub async fn serve(options: ServeOptions) -> Result<(), StartError> {
    let config = config::load(
        options.config.as_deref(),
        options.kubeconfig.as_deref(),
        options.context.as_deref(),
    )?;
    let state = AppState::build(config).await?;
    announce_demo_accounts(&state);
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|source| StartError::Serve {
            addr: options.listen,
            source,
        })?;
    tracing::info!(listen = %options.listen, url = %format!("http://{}/", options.listen), "jobconsole is serving");
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|source| StartError::Serve {
            addr: options.listen,
            source,
        })
}

/// In sandbox mode, say at start who can sign in (demo accounts, sandbox only).
fn announce_demo_accounts(state: &AppState) {
    for cluster in state.clusters.iter() {
        if let Some(sandbox) = &cluster.sandbox {
            let names: Vec<String> = sandbox.demo_users().into_iter().map(|(n, _)| n).collect();
            tracing::info!(
                cluster = %cluster.name,
                users = %names.join(", "),
                password = sandbox_cluster::DEMO_PASSWORD,
                "sandbox demo accounts (sandbox only)"
            );
            if state.config.users_file.is_none() {
                println!(
                    "Sandbox cluster {:?}: sign in as {} with password {}",
                    cluster.name,
                    names.join(", "),
                    sandbox_cluster::DEMO_PASSWORD
                );
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
