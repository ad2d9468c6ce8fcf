//! Who is asking: a browser session (cookie + CSRF header for writes) or a bearer token the
//! cluster accepts (checked by TokenReview). The resulting [`Identity`] is what every call
//! to a cluster impersonates.

pub mod ratelimit;
pub mod session;
pub mod users;

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use http::request::Parts;
use http::{Method, header};
use k8s_openapi::api::authentication::v1::{TokenReview, TokenReviewSpec};
use kube::Api;
use kube::api::PostParams;

use crate::AppState;
use crate::error::ApiError;

/// The header a cookie-authenticated write must carry.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How long a TokenReview answer is reused.
const TOKEN_CACHE_TTL: Duration = Duration::from_secs(30);

/// How a request was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// A browser session cookie.
    Session,
    /// `Authorization: Bearer`.
    Bearer,
}

/// The authenticated user of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The Kubernetes user name.
    pub username: String,
    /// The Kubernetes groups (without `system:authenticated`, which the cluster adds).
    pub groups: Vec<String>,
    /// How the request was authenticated.
    pub method: AuthMethod,
    /// The session's CSRF token (sessions only).
    pub csrf_token: Option<String>,
}

/// A reviewed token's user and groups (`None`: the cluster refused it).
type Reviewed = Option<(String, Vec<String>)>;

/// Cached TokenReview answers, keyed by the token itself.
#[derive(Debug, Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (Reviewed, Instant)>>,
}

impl TokenCache {
    fn get(&self, token: &str) -> Option<Reviewed> {
        let map = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(token)
            .filter(|(_, at)| at.elapsed() < TOKEN_CACHE_TTL)
            .map(|(answer, _)| answer.clone())
    }

    fn put(&self, token: &str, answer: Reviewed) {
        let mut map = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() > 10_000 {
            map.retain(|_, (_, at)| at.elapsed() < TOKEN_CACHE_TTL);
        }
        map.insert(token.to_owned(), (answer, Instant::now()));
    }
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Asks the cluster who a token belongs to (as the console itself).
async fn review_token(parts: &Parts, state: &AppState, token: &str) -> Result<Identity, ApiError> {
    let answer = match state.tokens.get(token) {
        Some(answer) => answer,
        None => {
            let cluster = state.clusters.default_cluster()?;
            let review = TokenReview {
                spec: TokenReviewSpec {
                    token: token.to_owned(),
                    ..TokenReviewSpec::default()
                },
                ..TokenReview::default()
            };
            let api: Api<TokenReview> = Api::all(cluster.console_client());
            let result = api
                .create(&PostParams::default(), &review)
                .await
                .map_err(|err| crate::cluster::map_kube_error(&cluster.name, err))?;
            let status = result.status.unwrap_or_default();
            let answer = if status.authenticated == Some(true) {
                status.user.and_then(|u| {
                    let name = u.username?;
                    let groups = u
                        .groups
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|g| g != "system:authenticated")
                        .collect();
                    Some((name, groups))
                })
            } else {
                None
            };
            state.tokens.put(token, answer.clone());
            answer
        }
    };
    let (username, groups) =
        answer.ok_or_else(|| ApiError::Unauthorized("the bearer token is not valid".into()))?;
    crate::audit::record_user(parts, &username);
    Ok(Identity {
        username,
        groups,
        method: AuthMethod::Bearer,
        csrf_token: None,
    })
}

fn is_mutating(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for Identity {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(token) = bearer_token(parts) {
            return review_token(parts, state, token).await;
        }
        let session = state
            .sessions
            .read(&parts.headers)
            .map_err(|err| ApiError::Unauthorized(err.to_string()))?
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "sign in first, or send Authorization: Bearer <token>".into(),
                )
            })?;
        // A removed account's sessions end; group changes apply at once.
        let account = state.users.lookup(&session.username).ok_or_else(|| {
            ApiError::Unauthorized("the account no longer exists; sign in again".into())
        })?;
        if is_mutating(&parts.method) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !session::constant_time_eq(sent, &session.csrf_token) {
                return Err(ApiError::Forbidden(
                    "missing or wrong X-CSRF-Token header for a cookie-authenticated change".into(),
                ));
            }
        }
        let identity = Self {
            username: session.username,
            groups: account.groups,
            method: AuthMethod::Session,
            csrf_token: Some(session.csrf_token),
        };
        crate::audit::record_user(parts, &identity.username);
        Ok(identity)
    }
}
