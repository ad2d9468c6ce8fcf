//! The Kubernetes REST API over HTTP: one dispatcher that authenticates, applies
//! impersonation, parses the Kubernetes URL shape, authorizes with RBAC and hands the
//! request to discovery, the resource verbs, watch, or the reviews.

mod body;
mod discovery;
mod errors;
mod logs;
mod proto;
mod resources;
mod reviews;
mod table;
pub mod tls;
mod watch;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::response::Response;
use http::{HeaderMap, Method, StatusCode};

pub(crate) use body::base64;

use crate::Sandbox;
use crate::authn::{AUTHENTICATED, UserInfo};
use crate::error::Error;
use crate::rbac::{self, Attributes};
use crate::resources::{self as res, ResourceInfo};

/// Request bodies above this size get 413, as the API server's limit (3 MiB).
pub const MAX_BODY: usize = 3 * 1024 * 1024;

/// The whole Kubernetes REST API of `sandbox`, plain HTTP.
pub fn router(sandbox: Sandbox) -> Router {
    Router::new().fallback(dispatch).with_state(sandbox)
}

/// A parsed request, handed to the verb handlers.
pub(crate) struct Ctx {
    pub sb: Sandbox,
    pub user: UserInfo,
    pub method: Method,
    pub headers: HeaderMap,
    pub query: Vec<(String, String)>,
    pub body: bytes::Bytes,
}

impl Ctx {
    /// The last value of a query parameter.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A boolean query parameter (`true`/`1`).
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.param(key), Some("true" | "1" | "True"))
    }

    /// Whether `dryRun=All` was asked.
    pub fn dry_run(&self) -> bool {
        self.query.iter().any(|(k, v)| k == "dryRun" && v == "All")
    }

    /// Whether the client asked for a `meta.k8s.io` Table (kubectl's `get`).
    pub fn wants_table(&self) -> bool {
        self.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| {
                a.split(',')
                    .next()
                    .is_some_and(|first| first.contains("as=Table"))
            })
    }
}

/// Where a resource request goes.
#[derive(Debug)]
pub(crate) struct Target {
    pub resource: &'static ResourceInfo,
    pub namespace: String,
    pub name: String,
    pub subresource: String,
    /// The legacy `/watch/` path prefix.
    pub watch_prefix: bool,
}

async fn dispatch(State(sb): State<Sandbox>, req: Request) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let resp = match handle(sb, req).await {
        Ok(resp) => resp,
        Err(e) => errors::response(&e),
    };
    tracing::debug!(%method, %path, status = resp.status().as_u16(), "sandbox API request");
    resp
}

fn public_path(path: &str) -> bool {
    matches!(
        path,
        "/healthz" | "/livez" | "/readyz" | "/version" | "/version/"
    )
}

async fn handle(sb: Sandbox, req: Request) -> Result<Response, Error> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let query = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
        .map(|q| q.0)
        .map_err(|_| Error::BadRequest("invalid query string".to_owned()))?;
    let authenticated = authenticate(&sb, &parts.headers);
    let user = match authenticated {
        Some(u) => u,
        None if public_path(&path) => UserInfo {
            username: "system:anonymous".to_owned(),
            uid: String::new(),
            groups: vec!["system:unauthenticated".to_owned()],
        },
        None => return Err(Error::Unauthorized),
    };
    let user = impersonate(&sb, user, &parts.headers)?;
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| Error::TooLarge)?;
    let ctx = Ctx {
        sb,
        user,
        method: parts.method,
        headers: parts.headers,
        query,
        body,
    };
    let segments: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(resp) = discovery::route(&ctx, &path, &segments)? {
        return Ok(resp);
    }
    let target = parse_target(&segments).ok_or(Error::PathNotFound)?;
    resources::handle(&ctx, &target).await
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn authenticate(sb: &Sandbox, headers: &HeaderMap) -> Option<UserInfo> {
    let user = sb.tokens().authenticate(bearer(headers)?)?;
    // A ServiceAccount's token dies with the ServiceAccount.
    if let Some((ns, name)) = user.as_service_account()
        && sb
            .store()
            .get_stored(crate::resources::known("serviceaccounts"), ns, name)
            .is_err()
    {
        return None;
    }
    Some(user)
}

/// Applies `Impersonate-User` / `Impersonate-Group`, if the caller may.
fn impersonate(sb: &Sandbox, caller: UserInfo, headers: &HeaderMap) -> Result<UserInfo, Error> {
    // A header that is present but unreadable is refused, never ignored: ignoring it would
    // run the request with the caller's own (usually greater) rights.
    let unreadable = || Error::BadRequest("invalid impersonation header".to_owned());
    let as_user = match headers.get("impersonate-user") {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| unreadable())?.to_owned()),
    };
    let as_groups = headers
        .get_all("impersonate-group")
        .iter()
        .map(|v| v.to_str().map(str::to_owned).map_err(|_| unreadable()))
        .collect::<Result<Vec<String>, Error>>()?;
    let Some(as_user) = as_user else {
        if as_groups.is_empty() {
            return Ok(caller);
        }
        return Err(Error::BadRequest(
            "requested [{Group  groups}] without impersonating a user".to_owned(),
        ));
    };
    let store = sb.store();
    let user_attrs = if let Some(rest) = as_user.strip_prefix("system:serviceaccount:") {
        let (ns, name) = rest.split_once(':').unwrap_or(("", rest));
        Attributes::resource("impersonate", "", "serviceaccounts", ns, name)
    } else {
        Attributes::resource("impersonate", "", "users", "", &as_user)
    };
    rbac::require(store, &caller, &user_attrs)?;
    for g in &as_groups {
        rbac::require(
            store,
            &caller,
            &Attributes::resource("impersonate", "", "groups", "", g),
        )?;
    }
    let mut groups = as_groups;
    if let Some(rest) = as_user.strip_prefix("system:serviceaccount:")
        && let Some((ns, _)) = rest.split_once(':')
        && groups.is_empty()
    {
        groups.push(crate::authn::SERVICE_ACCOUNTS.to_owned());
        groups.push(format!("system:serviceaccounts:{ns}"));
    }
    if as_user != "system:anonymous" && !groups.iter().any(|g| g == AUTHENTICATED) {
        groups.push(AUTHENTICATED.to_owned());
    }
    Ok(UserInfo {
        uid: String::new(),
        username: as_user,
        groups,
    })
}

/// Parses `/api/v1/...` and `/apis/{group}/{version}/...` into a resource target.
pub(crate) fn parse_target(segments: &[&str]) -> Option<Target> {
    let (group, version, rest) = match segments {
        ["api", version, rest @ ..] => ("", *version, rest),
        ["apis", group, version, rest @ ..] => (*group, *version, rest),
        _ => return None,
    };
    let (watch_prefix, rest) = match rest {
        ["watch", rest @ ..] => (true, rest),
        _ => (false, rest),
    };
    let namespaced_next = |plural: &str| res::find(group, version, plural).filter(|r| r.namespaced);
    let (namespace, rest) = match rest {
        ["namespaces", ns, tail @ ..]
            if tail.first().is_some_and(|p| namespaced_next(p).is_some()) =>
        {
            (*ns, tail)
        }
        _ => ("", rest),
    };
    let (plural, name, sub) = match rest {
        [plural] => (*plural, "", ""),
        [plural, name] => (*plural, *name, ""),
        [plural, name, sub] => (*plural, *name, *sub),
        _ => return None,
    };
    let resource = res::find(group, version, plural)?;
    if !sub.is_empty() && !resource.subresources.contains(&sub) {
        return None;
    }
    if !namespace.is_empty() && !resource.namespaced {
        return None;
    }
    Some(Target {
        resource,
        namespace: namespace.to_owned(),
        name: name.to_owned(),
        subresource: sub.to_owned(),
        watch_prefix,
    })
}

/// A JSON response.
pub(crate) fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap_or_default()
}
