//! The resource verbs: get, list, create, update, patch, delete, deletecollection (and
//! watch, handed to [`super::watch`]), each authorized with RBAC first.

use axum::response::Response;
use http::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Ctx, Target, body, json_response, logs, reviews, table, watch};
use crate::error::Error;
use crate::rbac::{self, Attributes};
use crate::store::{DeleteOptions, ListParams, Part, Propagation};

/// The RBAC verb of a request.
fn verb(ctx: &Ctx, t: &Target) -> Result<&'static str, Error> {
    Ok(match (&ctx.method, t.name.is_empty()) {
        (&Method::GET | &Method::HEAD, _) if t.watch_prefix || ctx.flag("watch") => "watch",
        (&Method::GET | &Method::HEAD, false) => "get",
        (&Method::GET | &Method::HEAD, true) => "list",
        (&Method::POST, _) => "create",
        (&Method::PUT, false) => "update",
        (&Method::PATCH, false) => "patch",
        (&Method::DELETE, false) => "delete",
        (&Method::DELETE, true) => "deletecollection",
        _ => return Err(Error::MethodNotAllowed),
    })
}

/// Handles a resource request.
pub(crate) async fn handle(ctx: &Ctx, t: &Target) -> Result<Response, Error> {
    let verb = verb(ctx, t)?;
    let r = t.resource;
    let resource = if t.subresource.is_empty() {
        r.plural.to_owned()
    } else {
        format!("{}/{}", r.plural, t.subresource)
    };
    let attrs = Attributes::resource(verb, r.group, &resource, &t.namespace, &t.name);
    if !r.verbs.contains(&verb) && t.subresource.is_empty() {
        return Err(Error::MethodNotAllowed);
    }
    // Reviews answer for the caller; their own authorization is "may create the review".
    rbac::require(ctx.sb.store(), &ctx.user, &attrs)?;
    if !r.stored {
        return reviews::create(ctx, t).await;
    }
    match (verb, t.subresource.as_str()) {
        ("get", "log") => logs::serve(ctx, t).await,
        ("create", "token") => reviews::token_request(ctx, t),
        ("watch", "") => watch::serve(ctx, t),
        ("get", "" | "status") => {
            let stored = ctx.sb.store().get_stored(r, &t.namespace, &t.name)?;
            if ctx.wants_table() {
                let obj = std::sync::Arc::new(stored.value());
                return Ok(json_response(
                    StatusCode::OK,
                    &table::table(ctx, r, &[obj], None),
                ));
            }
            Response::builder()
                .status(StatusCode::OK)
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(stored.json().to_owned()))
                .map_err(Error::internal)
        }
        ("list", "") => list(ctx, t),
        ("create", "") => {
            let obj = body::object(ctx, r)?;
            let created = ctx
                .sb
                .store()
                .create_raw(r, &t.namespace, obj, ctx.dry_run())?;
            Ok(json_response(StatusCode::CREATED, &created))
        }
        ("update", sub @ ("" | "status")) => {
            let obj = body::object(ctx, r)?;
            let part = if sub == "status" {
                Part::Status
            } else {
                Part::Main
            };
            let updated =
                ctx.sb
                    .store()
                    .update_raw(r, &t.namespace, &t.name, obj, part, ctx.dry_run())?;
            Ok(json_response(StatusCode::OK, &updated))
        }
        ("patch", sub @ ("" | "status")) => {
            let (kind, patch) = body::parse_patch(ctx)?;
            let part = if sub == "status" {
                Part::Status
            } else {
                Part::Main
            };
            if kind == crate::patch::PatchKind::Apply {
                if ctx.param("fieldManager").is_none_or(str::is_empty) {
                    return Err(Error::BadRequest(
                        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch".to_owned(),
                    ));
                }
                if part == Part::Main && ctx.sb.store().get_raw(r, &t.namespace, &t.name).is_err() {
                    // Apply creates what does not exist yet.
                    let mut obj = patch.clone();
                    body::normalize(r, &mut obj)?;
                    let obj = body::typed_roundtrip(r, obj)?;
                    let created = ctx
                        .sb
                        .store()
                        .create_raw(r, &t.namespace, obj, ctx.dry_run())?;
                    return Ok(json_response(StatusCode::CREATED, &created));
                }
            }
            let updated = ctx.sb.store().update_with(
                r,
                &t.namespace,
                &t.name,
                part,
                ctx.dry_run(),
                |current| {
                    let mut patched = crate::patch::apply(kind, current, &patch)?;
                    body::normalize(r, &mut patched)?;
                    // A patch carrying a resourceVersion is a precondition.
                    let want = patch
                        .pointer("/metadata/resourceVersion")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let have = current
                        .pointer("/metadata/resourceVersion")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    if !want.is_empty() && want != have {
                        return Err(Error::Conflict {
                            resource: r,
                            name: t.name.clone(),
                        });
                    }
                    body::typed_roundtrip(r, patched)
                },
            )?;
            Ok(json_response(StatusCode::OK, &updated))
        }
        ("delete", "") => delete(ctx, t),
        ("deletecollection", "") => {
            let opts = delete_options(ctx)?;
            let deleted = ctx.sb.store().delete_collection_raw(
                r,
                Some(&t.namespace)
                    .filter(|n| !n.is_empty())
                    .map(String::as_str),
                &list_params(ctx),
                &opts,
            )?;
            Ok(json_response(
                StatusCode::OK,
                &json!({
                    "kind": format!("{}List", r.kind),
                    "apiVersion": r.api_version(),
                    "metadata": {"resourceVersion": ctx.sb.store().resource_version().to_string()},
                    "items": deleted,
                }),
            ))
        }
        _ => Err(Error::MethodNotAllowed),
    }
}

/// Label/field selectors and paging from the query string.
pub(crate) fn list_params(ctx: &Ctx) -> ListParams {
    ListParams {
        label_selector: ctx.param("labelSelector").map(str::to_owned),
        field_selector: ctx.param("fieldSelector").map(str::to_owned),
        limit: ctx.param("limit").and_then(|l| l.parse().ok()),
        continue_token: ctx.param("continue").map(str::to_owned),
    }
}

fn list(ctx: &Ctx, t: &Target) -> Result<Response, Error> {
    let r = t.resource;
    let ns = Some(t.namespace.as_str()).filter(|n| !n.is_empty());
    let page = ctx.sb.store().list_raw(r, ns, &list_params(ctx))?;
    if ctx.wants_table() {
        let items: Vec<std::sync::Arc<Value>> = page
            .items
            .iter()
            .map(|s| std::sync::Arc::new(s.value()))
            .collect();
        return Ok(json_response(
            StatusCode::OK,
            &table::table(ctx, r, &items, Some(&page)),
        ));
    }
    let mut metadata = json!({"resourceVersion": page.resource_version.to_string()});
    if let Some(m) = metadata.as_object_mut() {
        if let Some(c) = &page.continue_token {
            m.insert("continue".into(), json!(c));
        }
        if let Some(n) = page.remaining {
            m.insert("remainingItemCount".into(), json!(n));
        }
    }
    // The stored JSON texts are spliced in as they are, without parsing.
    let total: usize = page.items.iter().map(|s| s.json().len() + 1).sum();
    let mut out = Vec::with_capacity(total + 256);
    out.extend_from_slice(
        format!(
            "{{\"kind\":\"{}List\",\"apiVersion\":\"{}\",\"metadata\":{},\"items\":[",
            r.kind,
            r.api_version(),
            metadata
        )
        .as_bytes(),
    );
    for (i, item) in page.items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item.json().as_bytes());
    }
    out.extend_from_slice(b"]}");
    Response::builder()
        .status(StatusCode::OK)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(out))
        .map_err(Error::internal)
}

fn delete_options(ctx: &Ctx) -> Result<DeleteOptions, Error> {
    let body = if ctx.body.is_empty() {
        json!({})
    } else {
        body::parse_any(ctx)?
    };
    let policy = ctx
        .param("propagationPolicy")
        .map(str::to_owned)
        .or_else(|| {
            body.get("propagationPolicy")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
    let orphan = ctx
        .param("orphanDependents")
        .map(|v| v == "true")
        .or_else(|| body.get("orphanDependents").and_then(Value::as_bool));
    let propagation = match (policy.as_deref(), orphan) {
        (Some("Background"), _) => Some(Propagation::Background),
        (Some("Foreground"), _) => Some(Propagation::Foreground),
        (Some("Orphan"), _) => Some(Propagation::Orphan),
        (Some(""), _) | (None, None) => None,
        (None, Some(true)) => Some(Propagation::Orphan),
        (None, Some(false)) => Some(Propagation::Background),
        (Some(other), _) => {
            return Err(Error::BadRequest(format!(
                "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: {other:?}: supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""
            )));
        }
    };
    let dry_run = ctx.dry_run()
        || body
            .get("dryRun")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v == "All"));
    Ok(DeleteOptions {
        propagation,
        precondition_uid: body
            .pointer("/preconditions/uid")
            .and_then(Value::as_str)
            .map(str::to_owned),
        precondition_resource_version: body
            .pointer("/preconditions/resourceVersion")
            .and_then(Value::as_str)
            .map(str::to_owned),
        dry_run,
    })
}

fn delete(ctx: &Ctx, t: &Target) -> Result<Response, Error> {
    let r = t.resource;
    let opts = delete_options(ctx)?;
    match ctx.sb.store().delete_raw(r, &t.namespace, &t.name, &opts)? {
        crate::store::Deleted::Pending(obj) => Ok(json_response(StatusCode::ACCEPTED, &obj)),
        crate::store::Deleted::Gone(obj) => {
            // Pods answer with the deleted object; other resources with a Success Status.
            if r.qualified == "pods" || r.qualified == "namespaces" {
                return Ok(json_response(StatusCode::OK, &obj));
            }
            Ok(json_response(
                StatusCode::OK,
                &json!({
                    "kind": "Status",
                    "apiVersion": "v1",
                    "metadata": {},
                    "status": "Success",
                    "details": {
                        "name": t.name,
                        "group": r.group,
                        "kind": r.plural,
                        "uid": obj.pointer("/metadata/uid").cloned().unwrap_or(Value::Null),
                    },
                }),
            ))
        }
    }
}
