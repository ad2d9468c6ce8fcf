//! Logging: structured `tracing` output, JSON when `JOBCONSOLE_LOG_FORMAT=json`.

use axum::extract::Request;
use tracing::Span;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber (`RUST_LOG` filters; default `info`).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let json = std::env::var("JOBCONSOLE_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// The span of one HTTP request: method, path and the request id.
pub fn make_span(request: &Request) -> Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %request_id,
    )
}
