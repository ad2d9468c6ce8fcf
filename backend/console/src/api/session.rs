//! Browser sign-in: `POST /api/v1/login`, `POST /api/v1/logout`, `GET /api/v1/me`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Identity;
use crate::auth::session::SessionKeys;
use crate::error::{ApiError, ErrorBody, Json};

/// Credentials to sign in with.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account name.
    pub username: String,
    /// The password.
    pub password: String,
}

/// Who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// The user name (as Kubernetes RBAC sees it).
    pub username: String,
    /// The user's groups.
    pub groups: Vec<String>,
    /// The token to send as `X-CSRF-Token` with every cookie-authenticated change
    /// (absent for bearer tokens, which need none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

/// The client's address (the TCP peer), or `unknown` when not served from a socket.
struct ClientAddr(String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string()),
        ))
    }
}

fn served_over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// Signs in with a local account and sets the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/login",
    tag = "session",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me),
        (status = 401, description = "Wrong user name or password", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins; see Retry-After", body = ErrorBody),
    )
)]
async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    if let Err(retry_after) = state.limiter.check(&request.username, &address) {
        return Err(ApiError::TooManyRequests {
            message: "too many failed sign-ins; try again later".into(),
            retry_after,
        });
    }
    let users = state.users.clone();
    let (name, password) = (request.username.clone(), request.password);
    let user = tokio::task::spawn_blocking(move || users.authenticate(&name, &password))
        .await
        .map_err(|err| ApiError::Internal(format!("password check: {err}")))?;
    let Some(user) = user else {
        state.limiter.failed(&request.username, &address);
        tracing::info!(target: "audit", user = %request.username, action = "login", result = 401, "sign-in refused");
        return Err(ApiError::Unauthorized("wrong user name or password".into()));
    };
    state.limiter.succeeded(&user.name);
    let (session, cookie) =
        state
            .sessions
            .issue(&user.name, &user.groups, served_over_tls(&headers));
    tracing::info!(target: "audit", user = %user.name, action = "login", result = 200, "signed in");
    let body = Me {
        username: session.username,
        groups: session.groups,
        csrf_token: Some(session.csrf_token),
    };
    let mut response = Json(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Ends the browser session (clears the cookie).
#[utoipa::path(
    post,
    path = "/api/v1/logout",
    tag = "session",
    operation_id = "logout",
    responses((status = 204, description = "Signed out"))
)]
async fn logout(headers: HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&SessionKeys::clear(served_over_tls(&headers))) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Who am I: the signed-in user (session or bearer token) and their groups.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "session",
    operation_id = "me",
    responses(
        (status = 200, description = "The current user", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn me(identity: Identity) -> Json<Me> {
    Json(Me {
        username: identity.username,
        groups: identity.groups,
        csrf_token: identity.csrf_token,
    })
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
}
