//! Discovery and the other non-resource paths: `/version`, `/api`, `/api/v1`, `/apis`,
//! `/apis/{group}`, `/apis/{group}/{version}`, health checks and the OpenAPI stubs.

use axum::body::Body;
use axum::response::Response;
use http::StatusCode;
use serde_json::{Value, json};

use super::{Ctx, json_response};
use crate::error::Error;
use crate::rbac::{self, Attributes};
use crate::resources::{GROUPS, RESOURCES, ResourceInfo};

/// The Kubernetes version the sandbox claims to be.
pub const GIT_VERSION: &str = "v1.33.0";

/// Answers a non-resource path, or `None` when `path` is a resource path.
pub(crate) fn route(ctx: &Ctx, path: &str, segments: &[&str]) -> Result<Option<Response>, Error> {
    let body = match segments {
        ["healthz" | "livez" | "readyz"] => {
            return Ok(Some(
                Response::builder()
                    .header(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")
                    .body(Body::from("ok"))
                    .unwrap_or_default(),
            ));
        }
        ["version"] => version(),
        ["api"] => json!({
            "kind": "APIVersions",
            "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}],
        }),
        ["api", "v1"] => resource_list("", "v1"),
        ["apis"] => json!({
            "kind": "APIGroupList",
            "apiVersion": "v1",
            "groups": GROUPS.iter().map(|(g, v)| group(g, v)).collect::<Vec<_>>(),
        }),
        ["apis", g] => match GROUPS.iter().find(|(name, _)| name == g) {
            Some((g, v)) => group(g, v),
            None => return Err(Error::PathNotFound),
        },
        ["apis", g, v] => {
            if !GROUPS.iter().any(|(name, ver)| name == g && ver == v) {
                return Err(Error::PathNotFound);
            }
            resource_list(g, v)
        }
        ["openapi", "v2"] => {
            authorize(ctx, path)?;
            // An empty OpenAPI v2 document (protobuf of an empty message): clients that
            // validate against it find no schema and skip client-side validation.
            return Ok(Some(
                Response::builder()
                    .header(http::header::CONTENT_TYPE, "application/octet-stream")
                    .body(Body::empty())
                    .unwrap_or_default(),
            ));
        }
        ["openapi", "v3"] => json!({"paths": {}}),
        ["openapi", ..] => return Err(Error::PathNotFound),
        _ => return Ok(None),
    };
    authorize(ctx, path)?;
    if ctx.method != http::Method::GET {
        return Err(Error::MethodNotAllowed);
    }
    Ok(Some(json_response(StatusCode::OK, &body)))
}

fn authorize(ctx: &Ctx, path: &str) -> Result<(), Error> {
    if super::public_path(path) {
        return Ok(());
    }
    let verb = ctx.method.as_str().to_ascii_lowercase();
    rbac::require(
        ctx.sb.store(),
        &ctx.user,
        &Attributes::non_resource(&verb, path),
    )
}

fn version() -> Value {
    json!({
        "major": "1",
        "minor": "33",
        "gitVersion": GIT_VERSION,
        "gitCommit": "jobconsole-sandbox",
        "gitTreeState": "clean",
        "buildDate": "2025-01-01T00:00:00Z",
        "goVersion": "go1.24.0",
        "compiler": "gc",
        "platform": "linux/amd64",
    })
}

fn group(name: &str, version: &str) -> Value {
    let gv = json!({"groupVersion": format!("{name}/{version}"), "version": version});
    json!({
        "kind": "APIGroup",
        "apiVersion": "v1",
        "name": name,
        "versions": [gv],
        "preferredVersion": gv,
    })
}

fn api_resource(r: &ResourceInfo) -> Value {
    let mut v = json!({
        "name": r.plural,
        "singularName": r.singular,
        "namespaced": r.namespaced,
        "kind": r.kind,
        "verbs": r.verbs,
    });
    if let Some(o) = v.as_object_mut() {
        if !r.short_names.is_empty() {
            o.insert("shortNames".into(), json!(r.short_names));
        }
        if !r.categories.is_empty() {
            o.insert("categories".into(), json!(r.categories));
        }
        if r.stored {
            o.insert(
                "storageVersionHash".into(),
                json!(format!("{:x}", fnv(r.qualified))),
            );
        }
    }
    v
}

fn subresource(r: &ResourceInfo, sub: &str) -> Value {
    let (kind, verbs): (&str, &[&str]) = match sub {
        "status" => (r.kind, &["get", "patch", "update"]),
        "log" => ("Pod", &["get"]),
        "token" => ("TokenRequest", &["create"]),
        _ => (r.kind, &["get"]),
    };
    let mut v = json!({
        "name": format!("{}/{sub}", r.plural),
        "singularName": "",
        "namespaced": r.namespaced,
        "kind": kind,
        "verbs": verbs,
    });
    if sub == "token"
        && let Some(o) = v.as_object_mut()
    {
        o.insert("group".into(), json!("authentication.k8s.io"));
        o.insert("version".into(), json!("v1"));
    }
    v
}

fn resource_list(group: &str, version: &str) -> Value {
    let mut resources = Vec::new();
    for r in RESOURCES
        .iter()
        .filter(|r| r.group == group && r.version == version)
    {
        resources.push(api_resource(r));
        for sub in r.subresources {
            resources.push(subresource(r, sub));
        }
    }
    let gv = if group.is_empty() {
        version.to_owned()
    } else {
        format!("{group}/{version}")
    };
    json!({
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": gv,
        "resources": resources,
    })
}

/// A small stable hash for `storageVersionHash`.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
