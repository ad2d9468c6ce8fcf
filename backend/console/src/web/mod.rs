//! The browser side of the server: the SPA shell, its embedded assets, the offline API
//! reference page, the health endpoints and the security headers.

pub mod assets;
mod shell;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, Method, StatusCode, header};

use crate::AppState;
use crate::error::ApiError;

pub use shell::Nonce;

/// Routes for the shell, the API reference and health.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(shell::index))
        .route("/api/docs", get(shell::api_docs))
        .route("/api/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// `GET /api/openapi.json`: the OpenAPI document, exactly as committed in `openapi/`.
async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi_json(),
    )
        .into_response()
}

/// `GET /healthz`: the process is alive.
async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "status": "ok" }))
}

/// `GET /readyz`: the console can take requests.
async fn readyz(State(state): State<AppState>) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({
        "status": "ok",
        "clusters": state.config.clusters.len(),
    }))
}

/// Everything no route matched: `/api/...` is a 404 JSON error; an embedded asset is
/// served; any other GET gets the SPA shell so that deep links survive a reload.
pub async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::NotFound(format!("no API route {} {path}", request.method()))
            .into_response();
    }
    if let Some(response) = assets::serve(&path, request.headers()) {
        return response;
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return ApiError::NotFound(format!("{path} was not found")).into_response();
    }
    if assets::looks_like_asset(&path) {
        return ApiError::NotFound(format!("{path} was not found")).into_response();
    }
    shell::render(&state, request.headers())
}

/// Middleware: the security headers every response carries. The shell sets its own
/// Content-Security-Policy with a per-response nonce; everything else gets a strict one.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ));
    if response.status() == StatusCode::OK
        && !response.headers().contains_key(header::CACHE_CONTROL)
    {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
