//! Validation of a Job manifest before it is sent to the cluster, for everything a user can
//! type in the wizard (SPEC.md §4). The manifest is a [`serde_json::Value`], as the user's
//! input may not even deserialize into the typed Job; every problem is returned at once, each
//! at its field path (`spec.template.spec.containers[0].resources.limits.cpu`), with
//! Kubernetes' own wording where it has one. The cluster's server-side dry run comes after.
//!
//! This file checks the Job's envelope, metadata and Job spec; [`super::validate_pod`] checks
//! the Pod template.

use serde_json::{Map, Value};

use super::status::{ALIAS_ANNOTATION, DESCRIPTION_ANNOTATION};
use super::{syntax, validate_pod};
use crate::error::FieldError;

/// The longest alias (`kubesphere.io/alias-name`), in characters.
pub const ALIAS_MAX: usize = 63;
/// The longest description (`kubesphere.io/description`), in characters.
pub const DESCRIPTION_MAX: usize = 512;
/// The most bytes all annotations of an object may hold together.
pub const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;
/// The most completions (and parallelism) of an Indexed Job.
pub const INDEXED_MAX: i64 = 100_000;

/// The problems found so far, each at its field.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub(crate) Vec<FieldError>);

impl Problems {
    /// Records one problem.
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Records each message as a problem of `field`.
    pub(crate) fn all(&mut self, field: &str, messages: Vec<String>) {
        for message in messages {
            self.add(field, message);
        }
    }

    /// A present, non-null member of an object that must itself be an object.
    pub(crate) fn object<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        key: &str,
        field: &str,
    ) -> Option<&'a Map<String, Value>> {
        match parent.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => Some(map),
            Some(_) => {
                self.add(field, "must be an object");
                None
            }
        }
    }

    /// A present, non-null member that must be an array.
    pub(crate) fn array<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        key: &str,
        field: &str,
    ) -> Option<&'a Vec<Value>> {
        match parent.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(items),
            Some(_) => {
                self.add(field, "must be an array");
                None
            }
        }
    }

    /// A present, non-null member that must be a string.
    pub(crate) fn string<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        key: &str,
        field: &str,
    ) -> Option<&'a str> {
        match parent.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                self.add(field, "must be a string");
                None
            }
        }
    }

    /// A present, non-null member that must be an integer.
    pub(crate) fn integer(
        &mut self,
        parent: &Map<String, Value>,
        key: &str,
        field: &str,
    ) -> Option<i64> {
        match parent.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => match value.as_i64() {
                Some(n) => Some(n),
                None => {
                    self.add(field, "must be an integer");
                    None
                }
            },
        }
    }

    /// A present, non-null member that must be a boolean.
    pub(crate) fn boolean(
        &mut self,
        parent: &Map<String, Value>,
        key: &str,
        field: &str,
    ) -> Option<bool> {
        match parent.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.add(field, "must be a boolean (true or false)");
                None
            }
        }
    }

    /// An integer member that must be ≥ 0 (or > 0 when `positive`).
    pub(crate) fn count(
        &mut self,
        parent: &Map<String, Value>,
        key: &str,
        field: &str,
        positive: bool,
    ) -> Option<i64> {
        let n = self.integer(parent, key, field)?;
        if positive && n <= 0 {
            self.add(field, "must be greater than 0");
        } else if n < 0 {
            self.add(field, "must be greater than or equal to 0");
        }
        Some(n)
    }

    /// A string member that must be one of `allowed`.
    pub(crate) fn one_of<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        key: &str,
        field: &str,
        allowed: &[&str],
    ) -> Option<&'a str> {
        let value = self.string(parent, key, field)?;
        if !allowed.contains(&value) {
            self.add(field, unsupported(value, allowed));
        }
        Some(value)
    }

    /// A map of strings whose keys are qualified names and values label values (labels,
    /// node selectors); `values` false checks keys only and counts bytes (annotations).
    pub(crate) fn string_map<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        key: &str,
        field: &str,
        values: bool,
    ) -> Option<&'a Map<String, Value>> {
        let map = self.object(parent, key, field)?;
        let mut bytes = 0;
        for (k, v) in map {
            let entry = format!("{field}[{k}]");
            let key_problems = if values {
                syntax::qualified_name(k)
            } else {
                // Kubernetes checks annotation keys in lower case.
                syntax::qualified_name(&k.to_lowercase())
            };
            self.all(
                &entry,
                key_problems
                    .into_iter()
                    .map(|m| format!("key {k:?}: {m}"))
                    .collect(),
            );
            match v {
                Value::String(s) => {
                    bytes += k.len() + s.len();
                    if values {
                        self.all(&entry, syntax::label_value(s));
                    }
                }
                // Kubernetes reads a null value as the empty string (KubeSphere writes
                // `kubesphere.io/containerSecrets: null`).
                Value::Null => {}
                _ => self.add(&entry, "must be a string"),
            }
        }
        if !values && bytes > ANNOTATIONS_MAX_BYTES {
            self.add(
                field,
                format!("Too long: must have at most {ANNOTATIONS_MAX_BYTES} bytes"),
            );
        }
        Some(map)
    }
}

/// Whether a member is missing or null.
pub(crate) fn absent(parent: &Map<String, Value>, key: &str) -> bool {
    parent.get(key).is_none_or(Value::is_null)
}

/// Kubernetes' wording for a value outside an enumeration.
pub(crate) fn unsupported(value: &str, allowed: &[&str]) -> String {
    let list: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
    format!(
        "Unsupported value: {value:?}: supported values: {}",
        list.join(", ")
    )
}

/// Validates a Job manifest for project (namespace) `project`: every problem, each at its
/// field. An empty list means the console has nothing against it.
pub fn validate_job(manifest: &Value, project: &str) -> Vec<FieldError> {
    let mut p = Problems::default();
    let Some(root) = manifest.as_object() else {
        p.add("", "a manifest must be an object");
        return p.0;
    };
    match p.string(root, "apiVersion", "apiVersion") {
        None if absent(root, "apiVersion") => p.add("apiVersion", "Required value: batch/v1"),
        Some(v) if v != "batch/v1" => p.add("apiVersion", unsupported(v, &["batch/v1"])),
        _ => {}
    }
    match p.string(root, "kind", "kind") {
        None if absent(root, "kind") => p.add("kind", "Required value: Job"),
        Some(v) if v != "Job" => p.add("kind", unsupported(v, &["Job"])),
        _ => {}
    }
    match p.object(root, "metadata", "metadata") {
        Some(meta) => metadata(&mut p, meta, project),
        None if !absent(root, "metadata") => {}
        None => p.add(
            "metadata.name",
            "Required value: name or generateName is required",
        ),
    }
    match p.object(root, "spec", "spec") {
        Some(spec) => job_spec(&mut p, spec),
        None if !absent(root, "spec") => {}
        None => p.add("spec", "Required value"),
    }
    p.0
}

fn metadata(p: &mut Problems, meta: &Map<String, Value>, project: &str) {
    let name = p
        .string(meta, "name", "metadata.name")
        .filter(|n| !n.is_empty());
    let generate = p
        .string(meta, "generateName", "metadata.generateName")
        .filter(|n| !n.is_empty());
    match (name, generate) {
        (Some(name), _) => p.all("metadata.name", syntax::dns1035_label(name)),
        (None, Some(prefix)) => {
            // The cluster appends 5 random characters to the prefix.
            let max = syntax::DNS_LABEL_MAX - 5;
            if prefix.len() > max {
                p.add(
                    "metadata.generateName",
                    format!("must be no more than {max} characters"),
                );
            }
            let body = prefix.trim_end_matches('-');
            if body.is_empty() || !syntax::dns1035_label(body).is_empty() {
                p.add(
                    "metadata.generateName",
                    "must be a DNS-1035 label prefix: lower case alphanumeric characters or '-', starting with an alphabetic character",
                );
            }
        }
        (None, None) => p.add(
            "metadata.name",
            "Required value: name or generateName is required",
        ),
    }
    if let Some(ns) = p.string(meta, "namespace", "metadata.namespace")
        && !ns.is_empty()
        && ns != project
    {
        p.add(
            "metadata.namespace",
            format!("the namespace of the manifest ({ns:?}) does not match the project in the path ({project:?}); remove it or create the Job in project {ns:?}"),
        );
    }
    p.string_map(meta, "labels", "metadata.labels", true);
    if let Some(annotations) = p.string_map(meta, "annotations", "metadata.annotations", false) {
        let field = |key: &str| format!("metadata.annotations[{key}]");
        if let Some(Value::String(alias)) = annotations.get(ALIAS_ANNOTATION)
            && alias.chars().count() > ALIAS_MAX
        {
            p.add(
                &field(ALIAS_ANNOTATION),
                format!("the alias must be no more than {ALIAS_MAX} characters"),
            );
        }
        if let Some(Value::String(text)) = annotations.get(DESCRIPTION_ANNOTATION)
            && text.chars().count() > DESCRIPTION_MAX
        {
            p.add(
                &field(DESCRIPTION_ANNOTATION),
                format!("the description must be no more than {DESCRIPTION_MAX} characters"),
            );
        }
    }
}

fn job_spec(p: &mut Problems, spec: &Map<String, Value>) {
    let completions = p.count(spec, "completions", "spec.completions", false);
    let parallelism = p.count(spec, "parallelism", "spec.parallelism", false);
    p.count(spec, "backoffLimit", "spec.backoffLimit", false);
    p.count(
        spec,
        "backoffLimitPerIndex",
        "spec.backoffLimitPerIndex",
        false,
    );
    p.count(spec, "maxFailedIndexes", "spec.maxFailedIndexes", false);
    p.count(
        spec,
        "ttlSecondsAfterFinished",
        "spec.ttlSecondsAfterFinished",
        false,
    );
    p.count(
        spec,
        "activeDeadlineSeconds",
        "spec.activeDeadlineSeconds",
        true,
    );
    p.boolean(spec, "suspend", "spec.suspend");
    let mode = p.one_of(
        spec,
        "completionMode",
        "spec.completionMode",
        &["NonIndexed", "Indexed"],
    );
    if mode == Some("Indexed") {
        match completions {
            None => p.add(
                "spec.completions",
                "Required value: when completion mode is Indexed",
            ),
            Some(n) if n > INDEXED_MAX => p.add(
                "spec.completions",
                format!(
                    "must be less than or equal to {INDEXED_MAX} when completion mode is Indexed"
                ),
            ),
            Some(_) => {}
        }
        if parallelism.is_some_and(|n| n > INDEXED_MAX) {
            p.add(
                "spec.parallelism",
                format!(
                    "must be less than or equal to {INDEXED_MAX} when completion mode is Indexed"
                ),
            );
        }
    }
    if spec.contains_key("backoffLimitPerIndex")
        && !spec["backoffLimitPerIndex"].is_null()
        && mode != Some("Indexed")
    {
        p.add(
            "spec.backoffLimitPerIndex",
            "requires indexed completion mode",
        );
    }
    p.one_of(
        spec,
        "podReplacementPolicy",
        "spec.podReplacementPolicy",
        &["TerminatingOrFailed", "Failed"],
    );
    let manual = p
        .boolean(spec, "manualSelector", "spec.manualSelector")
        .unwrap_or(false);
    match (manual, p.object(spec, "selector", "spec.selector")) {
        (false, Some(_)) => p.add(
            "spec.selector",
            "`selector` will be auto-generated: remove it (or set spec.manualSelector: true)",
        ),
        (true, None) => p.add(
            "spec.selector",
            "Required value: when spec.manualSelector is true",
        ),
        _ => {}
    }
    match p.object(spec, "template", "spec.template") {
        Some(template) => {
            if let Some(meta) = p.object(template, "metadata", "spec.template.metadata") {
                p.string_map(meta, "labels", "spec.template.metadata.labels", true);
                p.string_map(
                    meta,
                    "annotations",
                    "spec.template.metadata.annotations",
                    false,
                );
            }
            match p.object(template, "spec", "spec.template.spec") {
                Some(pod) => validate_pod::pod_spec(p, pod, "spec.template.spec"),
                None if absent(template, "spec") => p.add("spec.template.spec", "Required value"),
                None => {}
            }
        }
        None if absent(spec, "template") => p.add("spec.template", "Required value"),
        None => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// The seeds' pi Job as the wizard writes it.
    /// JSON pointer to a field of the first container of [`pi`].
    pub(crate) fn c0(pointer: &str) -> String {
        format!("/spec/template/spec/containers/0/{pointer}")
    }

    /// Field path of a field of the first container of [`pi`].
    pub(crate) fn f0(field: &str) -> String {
        format!("spec.template.spec.containers[0].{field}")
    }

    pub(crate) fn pi() -> Value {
        json!({
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {
                "name": "pi",
                "labels": {"app": "pi"},
                "annotations": {ALIAS_ANNOTATION: "Pi", DESCRIPTION_ANNOTATION: "π to 2000 digits"}
            },
            "spec": {
                "completions": 4,
                "parallelism": 2,
                "backoffLimit": 4,
                "template": {
                    "metadata": {"labels": {"app": "pi"}},
                    "spec": {
                        "restartPolicy": "Never",
                        "containers": [{
                            "name": "pi",
                            "image": "perl:5.34",
                            "imagePullPolicy": "IfNotPresent",
                            "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
                            "resources": {
                                "requests": {"cpu": "100m", "memory": "64Mi"},
                                "limits": {"cpu": "500m", "memory": "128Mi"}
                            }
                        }]
                    }
                }
            }
        })
    }

    /// Sets the value at a JSON pointer (creating objects on the way).
    pub(crate) fn set(mut doc: Value, pointer: &str, value: Value) -> Value {
        let mut target = &mut doc;
        for part in pointer.trim_start_matches('/').split('/') {
            target = match target {
                Value::Array(items) => {
                    let i: usize = part.parse().expect("index");
                    if i == items.len() {
                        items.push(Value::Null);
                    }
                    &mut items[i]
                }
                other => {
                    if !other.is_object() {
                        *other = json!({});
                    }
                    other
                        .as_object_mut()
                        .expect("object")
                        .entry(part.replace("~1", "/"))
                        .or_insert(Value::Null)
                }
            };
        }
        *target = value;
        doc
    }

    /// Removes the value at a JSON pointer.
    pub(crate) fn remove(mut doc: Value, pointer: &str) -> Value {
        let (parent, key) = pointer.rsplit_once('/').expect("pointer");
        if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
            map.remove(key);
        }
        doc
    }

    /// The fields with problems.
    pub(crate) fn fields(doc: &Value) -> Vec<String> {
        validate_job(doc, "demo")
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    /// Asserts exactly one problem, at `field`, whose message contains `needle`.
    pub(crate) fn one(doc: &Value, field: &str, needle: &str) {
        let problems = validate_job(doc, "demo");
        assert_eq!(
            problems.len(),
            1,
            "expected one problem at {field}, got {problems:#?}"
        );
        assert_eq!(problems[0].field, field, "{problems:#?}");
        assert!(
            problems[0].message.contains(needle),
            "{:?} lacks {needle:?}",
            problems[0].message
        );
    }

    #[test]
    fn the_pi_job_is_valid() {
        assert_eq!(validate_job(&pi(), "demo"), vec![]);
        let with_ns = set(pi(), "/metadata/namespace", json!("demo"));
        assert_eq!(validate_job(&with_ns, "demo"), vec![]);
    }

    #[test]
    fn envelope() {
        one(
            &set(pi(), "/apiVersion", json!("v1")),
            "apiVersion",
            "supported values: \"batch/v1\"",
        );
        one(
            &set(pi(), "/kind", json!("Pod")),
            "kind",
            "Unsupported value: \"Pod\"",
        );
        one(&remove(pi(), "/kind"), "kind", "Required");
        one(&set(pi(), "/spec", json!([])), "spec", "must be an object");
        assert_eq!(
            validate_job(&json!([1]), "demo")[0].message,
            "a manifest must be an object"
        );
        let everything_wrong = json!({"apiVersion": 1, "kind": "Pod"});
        assert_eq!(
            fields(&everything_wrong),
            ["apiVersion", "kind", "metadata.name", "spec"]
        );
    }

    #[test]
    fn names() {
        one(
            &set(pi(), "/metadata/name", json!("Pi")),
            "metadata.name",
            "DNS-1035",
        );
        one(
            &set(pi(), "/metadata/name", json!("1pi")),
            "metadata.name",
            "start with an alphabetic",
        );
        one(
            &set(pi(), "/metadata/name", json!("pi-")),
            "metadata.name",
            "DNS-1035",
        );
        one(
            &set(pi(), "/metadata/name", json!("a".repeat(64))),
            "metadata.name",
            "no more than 63",
        );
        one(
            &set(pi(), "/metadata/name", json!("pi_x")),
            "metadata.name",
            "DNS-1035",
        );
        one(&remove(pi(), "/metadata/name"), "metadata.name", "Required");
        one(
            &set(pi(), "/metadata/name", json!("")),
            "metadata.name",
            "Required",
        );
        let generated = set(
            remove(pi(), "/metadata/name"),
            "/metadata/generateName",
            json!("pi-"),
        );
        assert_eq!(fields(&generated), Vec::<String>::new());
        let bad_prefix = set(
            remove(pi(), "/metadata/name"),
            "/metadata/generateName",
            json!("Pi-"),
        );
        one(&bad_prefix, "metadata.generateName", "DNS-1035");
    }

    #[test]
    fn namespace_must_be_the_project() {
        one(
            &set(pi(), "/metadata/namespace", json!("other")),
            "metadata.namespace",
            "does not match the project",
        );
    }

    #[test]
    fn alias_description_labels_annotations() {
        one(
            &set(
                pi(),
                &format!(
                    "/metadata/annotations/{}",
                    ALIAS_ANNOTATION.replace('/', "~1")
                ),
                json!("α".repeat(64)),
            ),
            "metadata.annotations[kubesphere.io/alias-name]",
            "no more than 63",
        );
        assert_eq!(
            fields(&set(
                pi(),
                &format!(
                    "/metadata/annotations/{}",
                    ALIAS_ANNOTATION.replace('/', "~1")
                ),
                json!("α".repeat(63))
            )),
            Vec::<String>::new()
        );
        one(
            &set(
                pi(),
                &format!(
                    "/metadata/annotations/{}",
                    DESCRIPTION_ANNOTATION.replace('/', "~1")
                ),
                json!("d".repeat(513)),
            ),
            "metadata.annotations[kubesphere.io/description]",
            "no more than 512",
        );
        one(
            &set(pi(), "/metadata/labels/app", json!("bad value")),
            "metadata.labels[app]",
            "a valid label",
        );
        one(
            &set(pi(), "/metadata/labels/app", json!(1)),
            "metadata.labels[app]",
            "must be a string",
        );
        one(
            &set(pi(), "/metadata/labels/-bad", json!("x")),
            "metadata.labels[-bad]",
            "key \"-bad\"",
        );
        one(
            &set(pi(), "/metadata/annotations/a~1b~1c", json!("x")),
            "metadata.annotations[a/b/c]",
            "qualified name",
        );
        one(
            &set(pi(), "/spec/template/metadata/labels/x", json!("-")),
            "spec.template.metadata.labels[x]",
            "a valid label",
        );
        one(
            &set(
                pi(),
                "/metadata/annotations/big",
                json!("x".repeat(300 * 1024)),
            ),
            "metadata.annotations",
            "at most 262144 bytes",
        );
    }

    #[test]
    fn counts() {
        one(
            &set(pi(), "/spec/completions", json!(-1)),
            "spec.completions",
            "greater than or equal to 0",
        );
        one(
            &set(pi(), "/spec/parallelism", json!(-2)),
            "spec.parallelism",
            "greater than or equal to 0",
        );
        one(
            &set(pi(), "/spec/backoffLimit", json!(-1)),
            "spec.backoffLimit",
            "greater than or equal to 0",
        );
        one(
            &set(pi(), "/spec/ttlSecondsAfterFinished", json!(-5)),
            "spec.ttlSecondsAfterFinished",
            ">= 0"
                .replace(">= 0", "greater than or equal to 0")
                .as_str(),
        );
        one(
            &set(pi(), "/spec/activeDeadlineSeconds", json!(0)),
            "spec.activeDeadlineSeconds",
            "greater than 0",
        );
        one(
            &set(pi(), "/spec/completions", json!("4")),
            "spec.completions",
            "must be an integer",
        );
        one(
            &set(pi(), "/spec/completions", json!(1.5)),
            "spec.completions",
            "must be an integer",
        );
        one(
            &set(pi(), "/spec/suspend", json!("yes")),
            "spec.suspend",
            "boolean",
        );
        assert_eq!(
            fields(&set(pi(), "/spec/completions", Value::Null)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn completion_mode() {
        one(
            &set(pi(), "/spec/completionMode", json!("Ordered")),
            "spec.completionMode",
            "supported values: \"NonIndexed\", \"Indexed\"",
        );
        let indexed = set(pi(), "/spec/completionMode", json!("Indexed"));
        assert_eq!(fields(&indexed), Vec::<String>::new());
        one(
            &remove(indexed.clone(), "/spec/completions"),
            "spec.completions",
            "when completion mode is Indexed",
        );
        one(
            &set(indexed, "/spec/completions", json!(100_001)),
            "spec.completions",
            "100000",
        );
        one(
            &set(pi(), "/spec/backoffLimitPerIndex", json!(1)),
            "spec.backoffLimitPerIndex",
            "indexed",
        );
    }

    #[test]
    fn selectors() {
        one(
            &set(
                pi(),
                "/spec/selector",
                json!({"matchLabels": {"batch.kubernetes.io/controller-uid": "x"}}),
            ),
            "spec.selector",
            "auto-generated",
        );
        one(
            &set(pi(), "/spec/manualSelector", json!(true)),
            "spec.selector",
            "Required",
        );
    }
}
