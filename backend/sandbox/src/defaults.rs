//! Defaulting, as the API server applies it on create and update: Jobs (counts, completion
//! mode, the generated selector and labels), Pods and Pod templates (restart policy, DNS
//! policy, scheduler, grace period, pull policy, ...), and a Pod's initial status.

use serde_json::{Map, Value, json};

use crate::resources::ResourceInfo;

fn obj_mut<'a>(parent: &'a mut Value, key: &str) -> Option<&'a mut Map<String, Value>> {
    let o = parent.as_object_mut()?;
    let v = o.entry(key).or_insert_with(|| json!({}));
    if !v.is_object() {
        *v = json!({});
    }
    v.as_object_mut()
}

fn default_key(map: &mut Map<String, Value>, key: &str, value: Value) {
    if map
        .get(key)
        .is_none_or(|v| v.is_null() || v.as_str() == Some(""))
    {
        map.insert(key.to_owned(), value);
    }
}

/// Applies create-time defaults (and generated fields such as a Job's selector).
pub fn on_create(r: &ResourceInfo, obj: &mut Value, _now: &str) {
    // A new Job or Pod starts without status, whatever the client sent (PrepareForCreate).
    if matches!(r.qualified, "jobs.batch" | "pods")
        && let Some(o) = obj.as_object_mut()
    {
        o.remove("status");
    }
    match r.qualified {
        "jobs.batch" => job(obj, true),
        "pods" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                pod_spec(spec, true);
            }
            pod_status(obj);
        }
        "namespaces" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "finalizers", json!(["kubernetes"]));
            }
            if let Some(status) = obj_mut(obj, "status") {
                default_key(status, "phase", json!("Active"));
            }
            let name = obj
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if let Some(m) = obj_mut(obj, "metadata") {
                let labels = m.entry("labels").or_insert_with(|| json!({}));
                if let Some(l) = labels.as_object_mut() {
                    l.insert("kubernetes.io/metadata.name".into(), json!(name));
                }
            }
        }
        "secrets" => {
            if let Some(o) = obj.as_object_mut() {
                default_key(o, "type", json!("Opaque"));
            }
        }
        "persistentvolumeclaims" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_key(spec, "volumeMode", json!("Filesystem"));
            }
            if let Some(status) = obj_mut(obj, "status") {
                default_key(status, "phase", json!("Pending"));
            }
        }
        _ => {}
    }
}

/// Applies update-time defaults (the same field defaults; generated fields are kept).
pub fn on_update(r: &ResourceInfo, obj: &mut Value) {
    match r.qualified {
        "jobs.batch" => job(obj, false),
        "pods" => {
            if let Some(spec) = obj_mut(obj, "spec") {
                pod_spec(spec, false);
            }
        }
        _ => {}
    }
}

fn job(obj: &mut Value, create: bool) {
    let uid = obj
        .pointer("/metadata/uid")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let Some(spec) = obj_mut(obj, "spec") else {
        return;
    };
    let completions_unset = spec.get("completions").is_none_or(Value::is_null);
    let parallelism_unset = spec.get("parallelism").is_none_or(Value::is_null);
    if completions_unset && parallelism_unset {
        spec.insert("completions".into(), json!(1));
    }
    if parallelism_unset {
        spec.insert("parallelism".into(), json!(1));
    }
    let per_index = spec
        .get("backoffLimitPerIndex")
        .is_some_and(|v| !v.is_null());
    default_key(
        spec,
        "backoffLimit",
        json!(if per_index { i32::MAX } else { 6 }),
    );
    default_key(spec, "completionMode", json!("NonIndexed"));
    default_key(spec, "suspend", json!(false));
    default_key(spec, "manualSelector", json!(false));
    let replacement = if spec.get("podFailurePolicy").is_some_and(|v| !v.is_null()) {
        "Failed"
    } else {
        "TerminatingOrFailed"
    };
    default_key(spec, "podReplacementPolicy", json!(replacement));
    let manual = spec.get("manualSelector").and_then(Value::as_bool) == Some(true);
    let template = spec.entry("template").or_insert_with(|| json!({}));
    if create && !manual && !uid.is_empty() {
        if let Some(tmeta) = obj_mut(template, "metadata") {
            let labels = tmeta.entry("labels").or_insert_with(|| json!({}));
            if let Some(l) = labels.as_object_mut() {
                l.insert("batch.kubernetes.io/controller-uid".into(), json!(uid));
                l.insert("batch.kubernetes.io/job-name".into(), json!(name));
                l.insert("controller-uid".into(), json!(uid));
                l.insert("job-name".into(), json!(name));
            }
        }
        spec.insert(
            "selector".into(),
            json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}),
        );
    }
    let template = spec.entry("template").or_insert_with(|| json!({}));
    if let Some(tspec) = obj_mut(template, "spec") {
        pod_spec(tspec, false);
    }
    // Job labels default to the template's labels when unset.
    let template_labels = spec
        .get("template")
        .and_then(|t| t.pointer("/metadata/labels"))
        .cloned();
    if let Some(m) = obj_mut(obj, "metadata") {
        let empty = m
            .get("labels")
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty);
        if empty && let Some(l) = template_labels {
            m.insert("labels".into(), l);
        }
    }
}

/// PodSpec defaults. `pod` is true for a Pod (restartPolicy defaults to Always there; a Job
/// template must say Never or OnFailure itself, and validation says so).
fn pod_spec(spec: &mut Map<String, Value>, pod: bool) {
    if pod {
        default_key(spec, "restartPolicy", json!("Always"));
        default_key(spec, "serviceAccountName", json!("default"));
        if let Some(sa) = spec.get("serviceAccountName").cloned() {
            default_key(spec, "serviceAccount", sa);
        }
        default_key(spec, "enableServiceLinks", json!(true));
        default_key(spec, "preemptionPolicy", json!("PreemptLowerPriority"));
        default_key(spec, "priority", json!(0));
        let tolerations = spec.entry("tolerations").or_insert_with(|| json!([]));
        if let Some(list) = tolerations.as_array_mut() {
            for key in [
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable",
            ] {
                if !list
                    .iter()
                    .any(|t| t.get("key").and_then(Value::as_str) == Some(key))
                {
                    list.push(json!({"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}));
                }
            }
        }
    }
    default_key(spec, "terminationGracePeriodSeconds", json!(30));
    default_key(spec, "dnsPolicy", json!("ClusterFirst"));
    default_key(spec, "schedulerName", json!("default-scheduler"));
    default_key(spec, "securityContext", json!({}));
    for list in ["containers", "initContainers"] {
        if let Some(cs) = spec.get_mut(list).and_then(Value::as_array_mut) {
            for c in cs.iter_mut().filter_map(Value::as_object_mut) {
                container(c);
            }
        }
    }
    if let Some(vols) = spec.get_mut("volumes").and_then(Value::as_array_mut) {
        for v in vols.iter_mut().filter_map(Value::as_object_mut) {
            for (kind, mode_key) in [("configMap", "defaultMode"), ("secret", "defaultMode")] {
                if let Some(src) = v.get_mut(kind).and_then(Value::as_object_mut) {
                    default_key(src, mode_key, json!(420));
                }
            }
        }
    }
}

fn container(c: &mut Map<String, Value>) {
    let image = c
        .get("image")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let tag = image.rsplit('/').next().unwrap_or_default();
    let latest = !image.contains('@') && (!tag.contains(':') || tag.ends_with(":latest"));
    default_key(
        c,
        "imagePullPolicy",
        json!(if latest { "Always" } else { "IfNotPresent" }),
    );
    default_key(c, "terminationMessagePath", json!("/dev/termination-log"));
    default_key(c, "terminationMessagePolicy", json!("File"));
    default_key(c, "resources", json!({}));
    if let Some(ports) = c.get_mut("ports").and_then(Value::as_array_mut) {
        for p in ports.iter_mut().filter_map(Value::as_object_mut) {
            default_key(p, "protocol", json!("TCP"));
        }
    }
    if let Some(env) = c.get_mut("env").and_then(Value::as_array_mut) {
        for e in env.iter_mut() {
            if let Some(f) = e
                .pointer_mut("/valueFrom/fieldRef")
                .and_then(Value::as_object_mut)
            {
                default_key(f, "apiVersion", json!("v1"));
            }
        }
    }
}

/// A new Pod's status: Pending, with its QoS class.
fn pod_status(obj: &mut Value) {
    let qos = qos_class(obj.get("spec").unwrap_or(&Value::Null));
    if let Some(status) = obj_mut(obj, "status") {
        default_key(status, "phase", json!("Pending"));
        default_key(status, "qosClass", json!(qos));
    }
}

/// Kubernetes' QoS class of a pod spec.
pub fn qos_class(spec: &Value) -> &'static str {
    let containers: Vec<&Value> = ["containers", "initContainers"]
        .iter()
        .filter_map(|k| spec.get(*k).and_then(Value::as_array))
        .flatten()
        .collect();
    let mut any = false;
    let mut guaranteed = true;
    for c in &containers {
        let req = c.pointer("/resources/requests");
        let lim = c.pointer("/resources/limits");
        for res in ["cpu", "memory"] {
            let r = req.and_then(|m| m.get(res)).and_then(Value::as_str);
            let l = lim.and_then(|m| m.get(res)).and_then(Value::as_str);
            if r.is_some() || l.is_some() {
                any = true;
            }
            // Requests default to limits when only limits are set.
            if l.is_none() || r.is_some_and(|r| Some(r) != l) {
                guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}
