//! Request bodies, decoded as leniently as the API server does: JSON or YAML, `kind` and
//! `apiVersion` filled in from the URL when missing, and the object checked against its
//! k8s-openapi type (a wrongly typed field is a 400, an unknown field is dropped). Protobuf
//! and other media types get 415.

use serde_json::{Value, json};

use super::Ctx;
use crate::error::Error;
use crate::resources::ResourceInfo;

/// The media types a body may come in.
const ACCEPTED: &str = "application/json, application/yaml";

fn content_type(ctx: &Ctx) -> String {
    ctx.headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Parses the body as JSON or YAML, any shape.
pub(crate) fn parse_any(ctx: &Ctx) -> Result<Value, Error> {
    let ct = content_type(ctx);
    match ct.as_str() {
        "application/json" | "" | "*/*" | "text/plain" => {
            if ctx.body.is_empty() {
                return Ok(json!({}));
            }
            serde_json::from_slice(&ctx.body).map_err(|e| {
                Error::BadRequest(format!("couldn't get version/kind; json parse error: {e}"))
            })
        }
        "application/yaml" | "application/x-yaml" | "text/yaml" => {
            serde_norway::from_slice(&ctx.body)
                .map_err(|e| Error::BadRequest(format!("error converting YAML to JSON: {e}")))
        }
        "application/vnd.kubernetes.protobuf" => super::proto::decode_review(&ctx.body)
            .ok_or_else(|| Error::UnsupportedMediaType(ACCEPTED.to_owned())),
        _ => Err(Error::UnsupportedMediaType(ACCEPTED.to_owned())),
    }
}

/// Parses a PATCH body (its format comes from the Content-Type).
pub(crate) fn parse_patch(ctx: &Ctx) -> Result<(crate::patch::PatchKind, Value), Error> {
    let ct = content_type(ctx);
    let Some(kind) = crate::patch::PatchKind::from_content_type(&ct) else {
        return Err(Error::UnsupportedMediaType(
            "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json".to_owned(),
        ));
    };
    let value = if kind == crate::patch::PatchKind::Apply {
        // YAML is a superset of JSON.
        serde_norway::from_slice(&ctx.body)
            .map_err(|e| Error::BadRequest(format!("error decoding YAML: {e}")))?
    } else {
        serde_json::from_slice(&ctx.body)
            .map_err(|e| Error::BadRequest(format!("error decoding patch: {e}")))?
    };
    Ok((kind, value))
}

/// Decodes an object for `r`: kind/apiVersion defaulted from the URL (and checked when
/// given), then passed through its k8s-openapi type.
pub(crate) fn object(ctx: &Ctx, r: &ResourceInfo) -> Result<Value, Error> {
    let mut v = parse_any(ctx)?;
    normalize(r, &mut v)?;
    typed_roundtrip(r, v)
}

/// Fills in or checks `apiVersion` and `kind`.
pub(crate) fn normalize(r: &ResourceInfo, v: &mut Value) -> Result<(), Error> {
    let Some(o) = v.as_object_mut() else {
        return Err(Error::BadRequest(format!(
            "{} in version {:?} cannot be handled as a {}: the body must be a JSON object",
            r.kind, r.version, r.kind
        )));
    };
    let expected = r.api_version();
    match o.get("apiVersion").and_then(Value::as_str) {
        None | Some("") => {}
        Some(given) if given == expected => {}
        Some(given) => {
            return Err(Error::BadRequest(format!(
                "the API version in the data ({given}) does not match the expected API version ({expected})"
            )));
        }
    }
    match o.get("kind").and_then(Value::as_str) {
        None | Some("") => {}
        Some(k) if k == r.kind => {}
        Some(k) => {
            return Err(Error::BadRequest(format!(
                "the kind in the data ({k}) does not match the expected kind ({})",
                r.kind
            )));
        }
    }
    o.insert("apiVersion".into(), json!(expected));
    o.insert("kind".into(), json!(r.kind));
    if !o.get("metadata").is_some_and(Value::is_object) {
        o.insert("metadata".into(), json!({}));
    }
    Ok(())
}

fn via<K>(r: &ResourceInfo, v: Value) -> Result<Value, Error>
where
    K: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: K = serde_json::from_value(v).map_err(|e| {
        Error::BadRequest(format!(
            "{} in version {:?} cannot be handled as a {}: {e}",
            r.kind, r.version, r.kind
        ))
    })?;
    serde_json::to_value(&typed).map_err(Error::internal)
}

/// Passes an object through its k8s-openapi type, as the API server decodes into Go structs.
pub(crate) fn typed_roundtrip(r: &ResourceInfo, v: Value) -> Result<Value, Error> {
    use k8s_openapi::api::{batch, core, rbac};
    match r.qualified {
        "jobs.batch" => via::<batch::v1::Job>(r, v),
        "pods" => via::<core::v1::Pod>(r, v),
        "namespaces" => via::<core::v1::Namespace>(r, v),
        "nodes" => via::<core::v1::Node>(r, v),
        "events" => via::<core::v1::Event>(r, v),
        "configmaps" => via::<core::v1::ConfigMap>(r, v),
        "secrets" => {
            // stringData is write-only: merge it into data, base64-encoded.
            let v = via::<core::v1::Secret>(r, v)?;
            Ok(fold_string_data(v))
        }
        "persistentvolumeclaims" => via::<core::v1::PersistentVolumeClaim>(r, v),
        "serviceaccounts" => via::<core::v1::ServiceAccount>(r, v),
        "resourcequotas" => via::<core::v1::ResourceQuota>(r, v),
        "roles.rbac.authorization.k8s.io" => via::<rbac::v1::Role>(r, v),
        "rolebindings.rbac.authorization.k8s.io" => via::<rbac::v1::RoleBinding>(r, v),
        "clusterroles.rbac.authorization.k8s.io" => via::<rbac::v1::ClusterRole>(r, v),
        "clusterrolebindings.rbac.authorization.k8s.io" => {
            via::<rbac::v1::ClusterRoleBinding>(r, v)
        }
        _ => Ok(v),
    }
}

fn fold_string_data(mut v: Value) -> Value {
    let Some(o) = v.as_object_mut() else {
        return v;
    };
    let Some(Value::Object(sd)) = o.remove("stringData") else {
        return v;
    };
    let data = o.entry("data").or_insert_with(|| json!({}));
    if let Some(d) = data.as_object_mut() {
        for (k, val) in sd {
            d.insert(
                k,
                json!(base64(val.as_str().unwrap_or_default().as_bytes())),
            );
        }
    }
    v
}

/// Standard base64 with padding.
pub(crate) fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let idx = ((n >> (18 - 6 * i)) & 63) as usize;
                out.push(char::from(T[idx]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
