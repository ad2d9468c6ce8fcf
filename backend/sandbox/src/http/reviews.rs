//! The reviews, answered as the real API server answers them: SubjectAccessReview,
//! LocalSubjectAccessReview, SelfSubjectAccessReview, SelfSubjectRulesReview, TokenReview,
//! SelfSubjectReview, and the ServiceAccount TokenRequest (`serviceaccounts/{name}/token`).

use axum::response::Response;
use http::StatusCode;
use serde_json::{Value, json};

use super::{Ctx, Target, body, json_response};
use crate::authn::{AUTHENTICATED, UserInfo};
use crate::error::{Error, FieldError};
use crate::rbac::{self, Attributes};

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn attributes_of(spec: &Value) -> Option<Attributes> {
    if let Some(ra) = spec.get("resourceAttributes").filter(|v| v.is_object()) {
        let get = |k: &str| ra.get(k).and_then(Value::as_str).unwrap_or_default();
        let mut a = Attributes::resource(
            get("verb"),
            get("group"),
            get("resource"),
            get("namespace"),
            get("name"),
        );
        a.subresource = get("subresource").to_owned();
        return Some(a);
    }
    let nra = spec
        .get("nonResourceAttributes")
        .filter(|v| v.is_object())?;
    Some(Attributes::non_resource(
        nra.get("verb").and_then(Value::as_str).unwrap_or_default(),
        nra.get("path").and_then(Value::as_str).unwrap_or_default(),
    ))
}

fn answer(mut review: Value, status: Value) -> Response {
    if let Some(o) = review.as_object_mut() {
        o.insert("status".into(), status);
        let meta = o.entry("metadata").or_insert_with(|| json!({}));
        if let Some(m) = meta.as_object_mut() {
            m.insert("creationTimestamp".into(), Value::Null);
        }
    }
    json_response(StatusCode::CREATED, &review)
}

fn access_status(ctx: &Ctx, user: &UserInfo, attrs: &Attributes) -> Value {
    let d = rbac::authorize(ctx.sb.store(), user, attrs);
    let mut status = json!({"allowed": d.allowed});
    if !d.reason.is_empty()
        && let Some(o) = status.as_object_mut()
    {
        o.insert("reason".into(), json!(d.reason));
    }
    status
}

fn invalid(t: &Target, field: &str, detail: &str) -> Error {
    Error::Invalid {
        resource: t.resource,
        name: String::new(),
        causes: vec![FieldError {
            reason: "FieldValueRequired",
            field: field.to_owned(),
            message: format!("Invalid value: \"\": {detail}"),
        }],
    }
}

/// Answers a review POST.
pub(crate) async fn create(ctx: &Ctx, t: &Target) -> Result<Response, Error> {
    let mut review = body::parse_any(ctx)?;
    body::normalize(t.resource, &mut review)?;
    let spec = review.get("spec").cloned().unwrap_or_else(|| json!({}));
    match t.resource.kind {
        "SubjectAccessReview" | "LocalSubjectAccessReview" => {
            let Some(mut attrs) = attributes_of(&spec) else {
                return Err(invalid(
                    t,
                    "spec.resourceAttributes",
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified",
                ));
            };
            if t.resource.kind == "LocalSubjectAccessReview" {
                if !attrs.namespace.is_empty() && attrs.namespace != t.namespace {
                    return Err(invalid(
                        t,
                        "spec.resourceAttributes.namespace",
                        "must match metadata.namespace",
                    ));
                }
                attrs.namespace.clone_from(&t.namespace);
            }
            let username = spec.get("user").and_then(Value::as_str).unwrap_or_default();
            let groups = strings(spec.get("groups"));
            if username.is_empty() && groups.is_empty() {
                return Err(invalid(
                    t,
                    "spec.user",
                    "at least one of user or group must be specified",
                ));
            }
            let user = UserInfo {
                username: username.to_owned(),
                uid: spec
                    .get("uid")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                groups,
            };
            Ok(answer(review, access_status(ctx, &user, &attrs)))
        }
        "SelfSubjectAccessReview" => {
            let Some(attrs) = attributes_of(&spec) else {
                return Err(invalid(
                    t,
                    "spec.resourceAttributes",
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified",
                ));
            };
            Ok(answer(review, access_status(ctx, &ctx.user, &attrs)))
        }
        "SelfSubjectRulesReview" => {
            let ns = spec
                .get("namespace")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let (resource_rules, non_resource_rules) =
                rbac::rules_for(ctx.sb.store(), &ctx.user, ns);
            Ok(answer(
                review,
                json!({
                    "resourceRules": resource_rules,
                    "nonResourceRules": non_resource_rules,
                    "incomplete": false,
                }),
            ))
        }
        "TokenReview" => {
            let token = spec
                .get("token")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let status = match ctx.sb.tokens().authenticate(token) {
                Some(u) if service_account_alive(ctx, &u) => json!({
                    "authenticated": true,
                    "user": {"username": u.username, "uid": u.uid, "groups": u.groups},
                    "audiences": spec.get("audiences").cloned().unwrap_or_else(|| json!(["https://kubernetes.default.svc.cluster.local"])),
                }),
                _ => {
                    json!({"user": {}, "error": "[invalid bearer token, service account token has been invalidated]"})
                }
            };
            Ok(answer(review, status))
        }
        "SelfSubjectReview" => {
            let mut groups = ctx.user.groups.clone();
            if !groups.iter().any(|g| g == AUTHENTICATED) {
                groups.push(AUTHENTICATED.to_owned());
            }
            Ok(answer(
                review,
                json!({"userInfo": {"username": ctx.user.username, "uid": ctx.user.uid, "groups": groups}}),
            ))
        }
        _ => Err(Error::MethodNotAllowed),
    }
}

/// A ServiceAccount token is valid while its ServiceAccount exists.
fn service_account_alive(ctx: &Ctx, u: &UserInfo) -> bool {
    match u.as_service_account() {
        None => true,
        Some((ns, name)) => ctx
            .sb
            .store()
            .get_raw(crate::resources::known("serviceaccounts"), ns, name)
            .is_ok(),
    }
}

/// `POST serviceaccounts/{name}/token`: mints a token for the ServiceAccount.
pub(crate) fn token_request(ctx: &Ctx, t: &Target) -> Result<Response, Error> {
    ctx.sb.store().get_raw(t.resource, &t.namespace, &t.name)?;
    let req = body::parse_any(ctx)?;
    let seconds = req
        .pointer("/spec/expirationSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(3600);
    let token = ctx.sb.mint_service_account_token(&t.namespace, &t.name);
    let expires = ctx.sb.clock().now() + chrono::Duration::seconds(seconds);
    Ok(json_response(
        StatusCode::CREATED,
        &json!({
            "kind": "TokenRequest",
            "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"name": t.name, "namespace": t.namespace, "creationTimestamp": null},
            "spec": {
                "audiences": req.pointer("/spec/audiences").cloned().unwrap_or_else(|| json!(["https://kubernetes.default.svc.cluster.local"])),
                "expirationSeconds": seconds,
                "boundObjectRef": null,
            },
            "status": {
                "token": token,
                "expirationTimestamp": expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            },
        }),
    ))
}
