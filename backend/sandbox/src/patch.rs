//! The three patch formats of PATCH requests: JSON merge patch (RFC 7386), JSON patch
//! (RFC 6902) and strategic merge patch (merge, with lists of named things merged by their
//! key, as Kubernetes' struct tags say for the Job and Pod fields).

use serde_json::{Map, Value};

use crate::error::Error;

/// Which patch format a request body is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchKind {
    /// `application/merge-patch+json`.
    Merge,
    /// `application/json-patch+json`.
    Json,
    /// `application/strategic-merge-patch+json`.
    Strategic,
    /// `application/apply-patch+yaml` (server-side apply, simulated as a strategic merge of
    /// the applied configuration, or a create when the object does not exist; no
    /// managedFields).
    Apply,
}

impl PatchKind {
    /// The patch kind of a Content-Type, if it is one.
    pub fn from_content_type(ct: &str) -> Option<Self> {
        match ct.split(';').next().unwrap_or_default().trim() {
            "application/merge-patch+json" => Some(Self::Merge),
            "application/json-patch+json" => Some(Self::Json),
            "application/strategic-merge-patch+json" => Some(Self::Strategic),
            "application/apply-patch+yaml" | "application/apply-patch+json" => Some(Self::Apply),
            _ => None,
        }
    }
}

/// Applies `patch` to `doc`.
pub fn apply(kind: PatchKind, doc: &Value, patch: &Value) -> Result<Value, Error> {
    let mut out = doc.clone();
    match kind {
        PatchKind::Merge => {
            if !patch.is_object() {
                return Err(Error::BadRequest(
                    "json: cannot unmarshal into Go value of type map[string]interface {}"
                        .to_owned(),
                ));
            }
            json_patch::merge(&mut out, patch);
        }
        PatchKind::Json => {
            let ops: json_patch::Patch = serde_json::from_value(patch.clone()).map_err(|e| {
                Error::BadRequest(format!(
                    "the server rejected our request due to an error in our request: {e}"
                ))
            })?;
            json_patch::patch(&mut out, &ops).map_err(|e| Error::BadRequest(e.to_string()))?;
        }
        PatchKind::Strategic | PatchKind::Apply => {
            let Value::Object(p) = patch else {
                return Err(Error::BadRequest(
                    "json: cannot unmarshal into Go value of type map[string]interface {}"
                        .to_owned(),
                ));
            };
            strategic(&mut out, p, "");
        }
    }
    Ok(out)
}

/// The merge key of a list at `path` (dotted field names, no indices), per Kubernetes'
/// `patchMergeKey` struct tags.
fn merge_key(path: &str) -> Option<&'static str> {
    let last = path.rsplit('.').next().unwrap_or_default();
    match last {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets"
        | "hostAliases"
        | "readinessGates" => Some(match last {
            "hostAliases" => "ip",
            "readinessGates" => "conditionType",
            _ => "name",
        }),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "ports" => Some("containerPort"),
        "conditions" => Some("type"),
        "ownerReferences" => Some("uid"),
        "topologySpreadConstraints" => Some("topologyKey"),
        _ => None,
    }
}

/// Lists merged as sets of scalars.
fn is_set_list(path: &str) -> bool {
    matches!(path.rsplit('.').next(), Some("finalizers"))
}

fn strategic(doc: &mut Value, patch: &Map<String, Value>, path: &str) {
    if patch.get("$patch").and_then(Value::as_str) == Some("replace") {
        let mut clean = patch.clone();
        clean.remove("$patch");
        *doc = Value::Object(clean);
        return;
    }
    if !doc.is_object() {
        *doc = Value::Object(Map::new());
    }
    let Some(target) = doc.as_object_mut() else {
        return;
    };
    for (key, value) in patch {
        if key.starts_with('$') {
            continue;
        }
        let child_path = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match value {
            Value::Null => {
                target.remove(key);
            }
            Value::Object(sub) => {
                if sub.get("$patch").and_then(Value::as_str) == Some("delete") {
                    target.remove(key);
                    continue;
                }
                let entry = target.entry(key.clone()).or_insert(Value::Null);
                strategic(entry, sub, &child_path);
            }
            Value::Array(items) => {
                let current = target.get(key).and_then(Value::as_array).cloned();
                let merged = match (merge_key(&child_path), current) {
                    (Some(mk), Some(cur)) => merge_list(cur, items, mk, &child_path),
                    (None, Some(cur)) if is_set_list(&child_path) => {
                        let mut out = cur;
                        for i in items {
                            if !out.contains(i) {
                                out.push(i.clone());
                            }
                        }
                        out
                    }
                    (Some(_), None) => items
                        .iter()
                        .filter(|i| i.get("$patch").and_then(Value::as_str) != Some("delete"))
                        .cloned()
                        .collect(),
                    _ => items.clone(),
                };
                target.insert(key.clone(), Value::Array(merged));
            }
            other => {
                target.insert(key.clone(), other.clone());
            }
        }
    }
}

fn merge_list(mut current: Vec<Value>, patch: &[Value], key: &str, path: &str) -> Vec<Value> {
    if patch
        .iter()
        .any(|p| p.get("$patch").and_then(Value::as_str) == Some("replace"))
    {
        return patch
            .iter()
            .filter(|p| p.get("$patch").is_none())
            .cloned()
            .collect();
    }
    for item in patch {
        let Some(obj) = item.as_object() else {
            current.push(item.clone());
            continue;
        };
        let id = obj.get(key);
        let pos = current
            .iter()
            .position(|c| id.is_some() && c.get(key) == id);
        let delete = obj.get("$patch").and_then(Value::as_str) == Some("delete");
        match (pos, delete) {
            (Some(i), true) => {
                current.remove(i);
            }
            (None, true) => {}
            (Some(i), false) => {
                if let Some(slot) = current.get_mut(i) {
                    strategic(slot, obj, path);
                }
            }
            (None, false) => {
                let mut fresh = Value::Object(Map::new());
                strategic(&mut fresh, obj, path);
                current.push(fresh);
            }
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merges_containers_and_env_by_name() {
        let doc = json!({"spec": {"containers": [
            {"name": "a", "image": "x", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
            {"name": "b", "image": "y"}
        ]}});
        let patch = json!({"spec": {"containers": [
            {"name": "a", "env": [{"name": "B", "value": "3"}, {"name": "C", "value": "4"}]},
            {"name": "b", "$patch": "delete"}
        ]}});
        let out = apply(PatchKind::Strategic, &doc, &patch).expect("patch");
        assert_eq!(
            out,
            json!({"spec": {"containers": [
                {"name": "a", "image": "x", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "3"}, {"name": "C", "value": "4"}]}
            ]}})
        );
        // A merge patch replaces the list.
        let out =
            apply(PatchKind::Merge, &doc, &json!({"spec": {"containers": []}})).expect("merge");
        assert_eq!(out, json!({"spec": {"containers": []}}));
    }

    #[test]
    fn json_patch_ops() {
        let doc = json!({"spec": {"suspend": false}});
        let out = apply(
            PatchKind::Json,
            &doc,
            &json!([{"op": "replace", "path": "/spec/suspend", "value": true}]),
        )
        .expect("json patch");
        assert_eq!(out, json!({"spec": {"suspend": true}}));
        assert!(
            apply(
                PatchKind::Json,
                &doc,
                &json!([{"op": "test", "path": "/spec/suspend", "value": true}])
            )
            .is_err()
        );
    }
}
