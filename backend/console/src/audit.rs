//! The audit log: every mutating API request is logged as one structured JSON line (target
//! `audit`): who, action, cluster, project, object, result.

use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::Method;
use http::request::Parts;
use serde::Serialize;

/// Filled by the authentication extractor so that the audit line names the user.
#[derive(Debug, Clone, Default)]
struct UserSlot(Arc<Mutex<Option<String>>>);

/// Notes the authenticated user of the request being audited.
pub fn record_user(parts: &Parts, username: &str) {
    if let Some(slot) = parts.extensions.get::<UserSlot>() {
        *slot.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(username.to_owned());
    }
}

/// One audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// The user, or `anonymous` when authentication failed.
    pub user: String,
    /// HTTP method and the action word (`create`, `delete`, `rerun`, …).
    pub action: String,
    /// The cluster named in the path.
    pub cluster: Option<String>,
    /// The project named in the path.
    pub project: Option<String>,
    /// The object: `jobs/pi`, `jobs/pi/rerun`, …
    pub object: Option<String>,
    /// The HTTP status of the answer.
    pub result: u16,
}

/// Splits an API path into cluster, project and object.
fn parse_path(path: &str) -> (Option<String>, Option<String>, Option<String>) {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let after = |key: &str| {
        segments
            .iter()
            .position(|s| *s == key)
            .and_then(|i| segments.get(i + 1))
            .map(|s| (*s).to_owned())
    };
    let object = segments
        .iter()
        .position(|s| *s == "projects")
        .and_then(|i| segments.get(i + 2..))
        .filter(|rest| !rest.is_empty())
        .map(|rest| rest.join("/"));
    (after("clusters"), after("projects"), object)
}

fn action_word(method: &Method, object: Option<&str>) -> String {
    let last = object
        .and_then(|o| o.rsplit('/').next())
        .unwrap_or_default();
    match *method {
        Method::POST if matches!(last, "rerun" | "suspend" | "resume") => last.to_owned(),
        Method::POST => "create".to_owned(),
        Method::PUT => "update".to_owned(),
        Method::PATCH => "patch".to_owned(),
        Method::DELETE => "delete".to_owned(),
        _ => method.as_str().to_lowercase(),
    }
}

/// Middleware: logs mutating `/api/` requests after they are answered.
pub async fn audit(mut request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let audited = path.starts_with("/api/")
        && !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS)
        && path != "/api/v1/login";
    if !audited {
        return next.run(request).await;
    }
    let slot = UserSlot::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let (cluster, project, object) = parse_path(&path);
    let record = AuditRecord {
        user: slot
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .unwrap_or_else(|| "anonymous".to_owned()),
        action: action_word(&method, object.as_deref()),
        cluster,
        project,
        object,
        result: response.status().as_u16(),
    };
    let line = serde_json::to_string(&record).unwrap_or_default();
    tracing::info!(target: "audit", audit = %line, "audit");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_actions() {
        let (c, p, o) = parse_path("/api/v1/clusters/sandbox/projects/demo-project/jobs/pi/rerun");
        assert_eq!(c.as_deref(), Some("sandbox"));
        assert_eq!(p.as_deref(), Some("demo-project"));
        assert_eq!(o.as_deref(), Some("jobs/pi/rerun"));
        assert_eq!(action_word(&Method::POST, o.as_deref()), "rerun");
        assert_eq!(action_word(&Method::POST, Some("jobs")), "create");
        assert_eq!(action_word(&Method::DELETE, Some("jobs/pi")), "delete");
        assert_eq!(parse_path("/api/v1/logout"), (None, None, None));
    }
}
