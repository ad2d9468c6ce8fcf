//! The clean export of a Job (`GET jobs/{j}` as YAML): what a person would write, without
//! what the cluster added, so that `POST jobs` takes it back as it is — in this project or
//! another, under this name or a new one.
//!
//! Removed: `status`; `metadata.uid`, `resourceVersion`, `creationTimestamp`, `generation`,
//! `selfLink`, `managedFields`, `deletionTimestamp`, `deletionGracePeriodSeconds` and
//! `namespace` (the project comes from the path, so the export imports into any project);
//! owner references set by a controller (a CronJob's); the annotations
//! `kubectl.kubernetes.io/last-applied-configuration`, `batch.kubernetes.io/job-tracking` and
//! `revisions`; and, unless the user chose `spec.manualSelector: true`, the generated
//! `spec.selector`, `spec.manualSelector: false` and the generated labels (`controller-uid`,
//! `job-name` and their `batch.kubernetes.io/` forms) on the Job and its Pod template.
//!
//! The `revisions` annotation is stripped on purpose: it is the run history of *this* Job
//! (records tied to its uids); a Job created from the export is a new Job with no runs yet,
//! and carrying the history over would show runs that never happened to it.

use k8s_openapi::api::batch::v1::Job;
use serde_json::{Map, Value};

use super::records::REVISIONS_ANNOTATION;

/// Labels the Job controller and API server add to a Job and its Pod template.
pub const GENERATED_LABELS: [&str; 4] = [
    "controller-uid",
    "batch.kubernetes.io/controller-uid",
    "job-name",
    "batch.kubernetes.io/job-name",
];

/// Annotations that record a past state rather than the user's intent.
const STRIPPED_ANNOTATIONS: [&str; 3] = [
    "kubectl.kubernetes.io/last-applied-configuration",
    "batch.kubernetes.io/job-tracking",
    REVISIONS_ANNOTATION,
];

/// Metadata fields the cluster sets.
const STRIPPED_METADATA: [&str; 9] = [
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "generation",
    "selfLink",
    "managedFields",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "namespace",
];

/// The clean export of a typed Job, as a manifest.
pub fn export_job(job: &Job) -> Value {
    // Serializing a typed Job cannot fail (no maps with non-string keys).
    clean_manifest(serde_json::to_value(job).unwrap_or(Value::Null))
}

/// Cleans a Job manifest as the export does (see the module documentation).
pub fn clean_manifest(mut manifest: Value) -> Value {
    let Some(root) = manifest.as_object_mut() else {
        return manifest;
    };
    root.remove("status");
    root.entry("apiVersion")
        .or_insert_with(|| "batch/v1".into());
    root.entry("kind").or_insert_with(|| "Job".into());
    let manual = root
        .get("spec")
        .and_then(|s| s.get("manualSelector"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if let Some(Value::Object(meta)) = root.get_mut("metadata") {
        clean_metadata(meta, !manual);
    }
    if let Some(Value::Object(spec)) = root.get_mut("spec") {
        if !manual {
            spec.remove("selector");
            spec.remove("manualSelector");
        }
        if let Some(Value::Object(meta)) =
            spec.get_mut("template").and_then(|t| t.get_mut("metadata"))
        {
            meta.remove("creationTimestamp");
            if !manual {
                remove_generated_labels(meta);
            }
            drop_if_empty(meta, "labels");
            drop_if_empty(meta, "annotations");
        }
        if let Some(Value::Object(template)) = spec.get_mut("template") {
            drop_if_empty(template, "metadata");
        }
    }
    manifest
}

fn clean_metadata(meta: &mut Map<String, Value>, generated_labels: bool) {
    for key in STRIPPED_METADATA {
        meta.remove(key);
    }
    if let Some(Value::Object(annotations)) = meta.get_mut("annotations") {
        for key in STRIPPED_ANNOTATIONS {
            annotations.remove(key);
        }
    }
    if let Some(Value::Array(owners)) = meta.get_mut("ownerReferences") {
        owners.retain(|o| o.get("controller").and_then(Value::as_bool) != Some(true));
    }
    if generated_labels {
        remove_generated_labels(meta);
    }
    for key in ["labels", "annotations", "ownerReferences"] {
        drop_if_empty(meta, key);
    }
}

fn remove_generated_labels(meta: &mut Map<String, Value>) {
    if let Some(Value::Object(labels)) = meta.get_mut("labels") {
        for key in GENERATED_LABELS {
            labels.remove(key);
        }
    }
}

fn drop_if_empty(map: &mut Map<String, Value>, key: &str) {
    let empty = match map.get(key) {
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Null) => true,
        _ => false,
    };
    if empty {
        map.remove(key);
    }
}

/// The manifest as YAML text.
pub fn to_yaml(manifest: &Value) -> String {
    // A serde_json::Value always serializes to YAML; the fallback is never reached.
    serde_norway::to_string(manifest).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::jobs::parse::{BodyFormat, parse_manifest};
    use crate::jobs::status::ALIAS_ANNOTATION;
    use crate::jobs::testutil::job;
    use crate::jobs::validate::validate_job;

    fn stored_pi() -> Job {
        let mut j = job("pi")
            .completions(4)
            .parallelism(2)
            .label("app", "pi")
            .annotation(ALIAS_ANNOTATION, "Pi")
            .annotation(
                REVISIONS_ANNOTATION,
                r#"{"1":{"status":"completed","uid":"old"}}"#,
            )
            .annotation("kubectl.kubernetes.io/last-applied-configuration", "{}")
            .stored()
            .succeeded(4)
            .complete()
            .build();
        j.metadata.owner_references = Some(vec![
            k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference {
                api_version: "batch/v1".into(),
                kind: "CronJob".into(),
                name: "nightly".into(),
                uid: "cj".into(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            },
        ]);
        j
    }

    #[test]
    fn strips_what_the_cluster_added() {
        let out = export_job(&stored_pi());
        assert_eq!(out["apiVersion"], "batch/v1");
        assert_eq!(out["kind"], "Job");
        assert!(out.get("status").is_none());
        let meta = &out["metadata"];
        for key in [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "generation",
            "managedFields",
            "namespace",
            "ownerReferences",
        ] {
            assert!(meta.get(key).is_none(), "metadata.{key} kept");
        }
        assert_eq!(meta["name"], "pi");
        assert_eq!(meta["labels"], json!({"app": "pi"}));
        assert_eq!(meta["annotations"], json!({ALIAS_ANNOTATION: "Pi"}));
        assert!(out["spec"].get("selector").is_none());
        assert!(out["spec"].get("manualSelector").is_none());
        assert!(
            out["spec"]["template"].get("metadata").is_none(),
            "{}",
            out["spec"]["template"]
        );
        assert_eq!(out["spec"]["completions"], 4);
        assert_eq!(
            out["spec"]["backoffLimit"], 6,
            "defaults the user may rely on stay"
        );
    }

    #[test]
    fn a_manual_selector_is_the_users_and_stays() {
        let mut v = serde_json::to_value(stored_pi()).expect("json");
        v["spec"]["manualSelector"] = json!(true);
        v["spec"]["selector"] = json!({"matchLabels": {"job-name": "pi"}});
        let out = clean_manifest(v);
        assert_eq!(out["spec"]["manualSelector"], true);
        assert_eq!(out["spec"]["selector"]["matchLabels"]["job-name"], "pi");
        assert_eq!(
            out["spec"]["template"]["metadata"]["labels"]["job-name"],
            "pi"
        );
    }

    #[test]
    fn user_owner_references_stay() {
        let mut v = serde_json::to_value(stored_pi()).expect("json");
        v["metadata"]["ownerReferences"] =
            json!([{"apiVersion": "v1", "kind": "ConfigMap", "name": "c", "uid": "u"}]);
        assert_eq!(
            clean_manifest(v)["metadata"]["ownerReferences"][0]["kind"],
            "ConfigMap"
        );
    }

    #[test]
    fn export_parses_and_validates_cleanly_even_under_a_new_name_elsewhere() {
        let yaml = to_yaml(&export_job(&stored_pi()));
        assert!(!yaml.contains("controller-uid"), "{yaml}");
        assert!(!yaml.contains("revisions"), "{yaml}");
        let parsed = parse_manifest(yaml.as_bytes(), BodyFormat::Yaml).expect("parses");
        assert_eq!(validate_job(&parsed, "demo"), vec![]);
        assert_eq!(validate_job(&parsed, "another-project"), vec![]);
        let mut renamed = parsed;
        renamed["metadata"]["name"] = json!("pi-copy");
        assert_eq!(validate_job(&renamed, "demo"), vec![]);
    }

    #[test]
    fn not_an_object_is_left_alone() {
        assert_eq!(clean_manifest(json!([1])), json!([1]));
    }
}
