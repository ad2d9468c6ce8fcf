//! The garbage collector: deletes dependents whose owners are all gone (Background
//! propagation), drops references to vanished owners from dependents that still have a live
//! owner, and finishes Foreground deletions once no blocking dependent remains.
//!
//! The store calls [`process`] for every uid it queues (a deleted object, the owners of a
//! deleted object, an object entering foreground deletion), right after the write, so
//! collection is immediate rather than periodic.

use serde_json::{Value, json};

use crate::error::Error;
use crate::resources::ResourceInfo;
use crate::store::{DeleteOptions, Part, Store};

fn owner_refs(obj: &Value) -> Vec<Value> {
    obj.pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn is_foreground_deleting(obj: &Value) -> bool {
    obj.pointer("/metadata/deletionTimestamp")
        .is_some_and(|v| !v.is_null())
        && obj
            .pointer("/metadata/finalizers")
            .and_then(Value::as_array)
            .is_some_and(|f| f.iter().any(|x| x == "foregroundDeletion"))
}

/// Looks at the object with `uid` (or its absence) and collects accordingly.
pub fn process(store: &Store, uid: &str) {
    match store.get_by_uid(uid) {
        None => collect_orphans(store, uid),
        Some((r, obj)) if is_foreground_deleting(&obj) => foreground(store, r, &obj, uid),
        Some(_) => {}
    }
}

fn meta<'a>(obj: &'a Value, key: &str) -> &'a str {
    obj.pointer(&format!("/metadata/{key}"))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The owner with `uid` is gone: delete each dependent with no other live owner; for the
/// others, drop the dangling reference.
fn collect_orphans(store: &Store, uid: &str) {
    for (r, ns, name) in store.dependents(uid) {
        let Ok(dep) = store.get_raw(r, &ns, &name) else {
            continue;
        };
        let live_owner = owner_refs(&dep).iter().any(|o| {
            let ouid = o.get("uid").and_then(Value::as_str).unwrap_or_default();
            ouid != uid && store.get_by_uid(ouid).is_some()
        });
        if live_owner {
            let _ = store.update_with(r, &ns, &name, Part::Main, false, |cur| {
                let mut new = cur.clone();
                let refs: Vec<Value> = owner_refs(cur)
                    .into_iter()
                    .filter(|o| o.get("uid").and_then(Value::as_str) != Some(uid))
                    .collect();
                if let Some(m) = new.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.insert("ownerReferences".into(), json!(refs));
                }
                Ok(new)
            });
        } else if let Err(e) = store.delete_raw(r, &ns, &name, &DeleteOptions::background())
            && !matches!(e, Error::NotFound { .. })
        {
            tracing::warn!(error = %e, dependent = %name, "garbage collection failed");
        }
    }
}

/// Foreground deletion: delete the dependents, and once none that blocks the owner is
/// left, remove the `foregroundDeletion` finalizer (which deletes the owner when it was the
/// last).
fn foreground(store: &Store, r: &'static ResourceInfo, owner: &Value, uid: &str) {
    let mut blocking = false;
    for (dr, ns, name) in store.dependents(uid) {
        let Ok(dep) = store.get_raw(dr, &ns, &name) else {
            continue;
        };
        let blocks = owner_refs(&dep).iter().any(|o| {
            o.get("uid").and_then(Value::as_str) == Some(uid)
                && o.get("blockOwnerDeletion").and_then(Value::as_bool) == Some(true)
        });
        let already = dep
            .pointer("/metadata/deletionTimestamp")
            .is_some_and(|v| !v.is_null());
        if !already {
            let _ = store.delete_raw(dr, &ns, &name, &DeleteOptions::foreground());
        }
        if blocks && store.get_raw(dr, &ns, &name).is_ok() {
            blocking = true;
        }
    }
    if blocking {
        return;
    }
    let ns = meta(owner, "namespace").to_owned();
    let name = meta(owner, "name").to_owned();
    let _ = store.update_with(r, &ns, &name, Part::Main, false, |cur| {
        let mut new = cur.clone();
        if let Some(f) = new
            .pointer_mut("/metadata/finalizers")
            .and_then(Value::as_array_mut)
        {
            f.retain(|x| x != "foregroundDeletion");
        }
        Ok(new)
    });
}
