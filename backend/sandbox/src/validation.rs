//! Validation the real API server does on create and update: object names, and for Jobs
//! and Pods the spec rules (restart policy, counts, containers, images, quantities, volume
//! mounts) and, on update, the immutable fields. Messages follow Kubernetes' wording.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::error::FieldError;
use crate::resources::ResourceInfo;

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUANTITY_MSG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// Whether `s` is an RFC 1123 label (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63).
pub fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Whether `s` is an RFC 1123 subdomain (dot-separated labels, at most 253).
pub fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

/// Parses a Kubernetes quantity into a float (for comparisons); `None` when malformed.
pub fn parse_quantity(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(split);
    if num.is_empty() || num.matches('.').count() > 1 {
        return None;
    }
    let n: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        e if e.starts_with(['e', 'E']) => 10f64.powi(e[1..].parse::<i32>().ok()?),
        _ => return None,
    };
    Some(n * mult)
}

/// Validates `new` (and, on update, the change from `old`); empty when valid.
pub fn validate(r: &ResourceInfo, old: Option<&Value>, new: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let name = new
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if old.is_none() && !name.is_empty() {
        name_rules(r, name, &mut errs);
    }
    match r.qualified {
        "jobs.batch" => job(new, old, &mut errs),
        "pods" => {
            if let Some(spec) = new.get("spec") {
                pod_spec(spec, "spec", false, &mut errs);
            } else {
                errs.push(FieldError::required("spec.containers", ""));
            }
        }
        "configmaps" | "secrets" => {
            for field in ["data", "stringData", "binaryData"] {
                if let Some(map) = new.get(field).and_then(Value::as_object) {
                    for k in map.keys() {
                        let ok = !k.is_empty()
                            && k.len() <= 253
                            && k.chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
                        if !ok {
                            errs.push(FieldError::invalid(
                                format!("{field}[{k}]"),
                                &json!(k),
                                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
                            ));
                        }
                    }
                }
            }
        }
        _ => {}
    }
    errs
}

fn name_rules(r: &ResourceInfo, name: &str, errs: &mut Vec<FieldError>) {
    let v = json!(name);
    match r.qualified {
        q if q.starts_with("roles.")
            || q.starts_with("rolebindings.")
            || q.starts_with("clusterroles.")
            || q.starts_with("clusterrolebindings.") =>
        {
            if name == "." || name == ".." || name.contains('/') || name.contains('%') {
                errs.push(FieldError::invalid(
                    "metadata.name",
                    &v,
                    "may not contain '/' or '%', and may not be '.' or '..'",
                ));
            }
        }
        "namespaces" => {
            if !is_dns1123_label(name) {
                errs.push(FieldError::invalid("metadata.name", &v, DNS1123_LABEL_MSG));
            }
        }
        "jobs.batch" => {
            if !is_dns1123_subdomain(name) {
                errs.push(FieldError::invalid(
                    "metadata.name",
                    &v,
                    DNS1123_SUBDOMAIN_MSG,
                ));
            } else if name.len() > 63 {
                errs.push(FieldError::invalid(
                    "metadata.name",
                    &v,
                    "must be no more than 63 characters",
                ));
            }
        }
        _ => {
            if !is_dns1123_subdomain(name) {
                errs.push(FieldError::invalid(
                    "metadata.name",
                    &v,
                    DNS1123_SUBDOMAIN_MSG,
                ));
            }
        }
    }
}

fn non_negative(spec: &Value, key: &str, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(n) = spec.get(key).and_then(Value::as_i64)
        && n < 0
    {
        errs.push(FieldError::invalid(
            format!("{path}.{key}"),
            &json!(n),
            "must be greater than or equal to 0",
        ));
    }
}

fn job(new: &Value, old: Option<&Value>, errs: &mut Vec<FieldError>) {
    let empty = json!({});
    let spec = new.get("spec").unwrap_or(&empty);
    for key in [
        "parallelism",
        "completions",
        "backoffLimit",
        "ttlSecondsAfterFinished",
        "backoffLimitPerIndex",
        "maxFailedIndexes",
    ] {
        non_negative(spec, key, "spec", errs);
    }
    if let Some(n) = spec.get("activeDeadlineSeconds").and_then(Value::as_i64)
        && n <= 0
    {
        errs.push(FieldError::invalid(
            "spec.activeDeadlineSeconds",
            &json!(n),
            "must be greater than 0",
        ));
    }
    let mode = spec
        .get("completionMode")
        .and_then(Value::as_str)
        .unwrap_or("NonIndexed");
    if !matches!(mode, "NonIndexed" | "Indexed") {
        errs.push(FieldError::not_supported(
            "spec.completionMode",
            &json!(mode),
            &["NonIndexed", "Indexed"],
        ));
    }
    if mode == "Indexed" && spec.get("completions").is_none_or(Value::is_null) {
        errs.push(FieldError::required(
            "spec.completions",
            "when completion mode is Indexed",
        ));
    }
    if old.is_none() {
        // The selector is generated; a manual one must select the template's labels.
        if spec.get("manualSelector").and_then(Value::as_bool) == Some(true) {
            match spec
                .pointer("/selector/matchLabels")
                .and_then(Value::as_object)
            {
                None => errs.push(FieldError::required("spec.selector", "")),
                Some(sel) => {
                    let labels = spec.pointer("/template/metadata/labels");
                    let ok = sel
                        .iter()
                        .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v));
                    if !ok {
                        errs.push(FieldError::invalid(
                            "spec.template.metadata.labels",
                            labels.unwrap_or(&Value::Null),
                            "`selector` does not match template `labels`",
                        ));
                    }
                }
            }
        }
    }
    match spec.pointer("/template/spec") {
        None => errs.push(FieldError::required("spec.template.spec.containers", "")),
        Some(tspec) => {
            match tspec.get("restartPolicy").and_then(Value::as_str) {
                None | Some("") => errs.push(FieldError::required(
                    "spec.template.spec.restartPolicy",
                    "valid values: \"OnFailure\", \"Never\"",
                )),
                Some("OnFailure" | "Never") => {}
                Some(other) => errs.push(FieldError::not_supported(
                    "spec.template.spec.restartPolicy",
                    &json!(other),
                    &["OnFailure", "Never"],
                )),
            }
            pod_spec(tspec, "spec.template.spec", true, errs);
        }
    }
    if let Some(old) = old {
        let old_spec = old.get("spec").unwrap_or(&empty);
        let suspended_never_started = old.pointer("/status/startTime").is_none_or(Value::is_null)
            && old_spec.get("suspend").and_then(Value::as_bool) == Some(true);
        immutable(old_spec, spec, "selector", errs);
        immutable(old_spec, spec, "completionMode", errs);
        immutable(old_spec, spec, "podFailurePolicy", errs);
        if !suspended_never_started {
            immutable(old_spec, spec, "template", errs);
        }
        // Completions may change only for an Indexed Job that keeps completions ==
        // parallelism (elastic Indexed Jobs).
        if old_spec.get("completions") != spec.get("completions") {
            let elastic = mode == "Indexed" && spec.get("completions") == spec.get("parallelism");
            if !elastic {
                errs.push(FieldError::invalid(
                    "spec.completions",
                    spec.get("completions").unwrap_or(&Value::Null),
                    "field is immutable",
                ));
            }
        }
    }
}

fn immutable(old: &Value, new: &Value, key: &str, errs: &mut Vec<FieldError>) {
    if old.get(key) != new.get(key) {
        errs.push(FieldError::invalid(
            format!("spec.{key}"),
            new.get(key).unwrap_or(&Value::Null),
            "field is immutable",
        ));
    }
}

fn pod_spec(spec: &Value, path: &str, template: bool, errs: &mut Vec<FieldError>) {
    if !template
        && let Some(p) = spec.get("restartPolicy").and_then(Value::as_str)
        && !matches!(p, "Always" | "OnFailure" | "Never")
    {
        errs.push(FieldError::not_supported(
            format!("{path}.restartPolicy"),
            &json!(p),
            &["Always", "OnFailure", "Never"],
        ));
    }
    let volumes: HashSet<&str> = spec
        .get("volumes")
        .and_then(Value::as_array)
        .map(|vs| {
            vs.iter()
                .filter_map(|v| v.get("name").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    if let Some(vs) = spec.get("volumes").and_then(Value::as_array) {
        let mut seen = HashSet::new();
        for (i, v) in vs.iter().enumerate() {
            let name = v.get("name").and_then(Value::as_str).unwrap_or_default();
            let field = format!("{path}.volumes[{i}].name");
            if name.is_empty() {
                errs.push(FieldError::required(field, ""));
            } else if !is_dns1123_label(name) {
                errs.push(FieldError::invalid(field, &json!(name), DNS1123_LABEL_MSG));
            } else if !seen.insert(name) {
                errs.push(FieldError::duplicate(field, &json!(name)));
            }
        }
    }
    let containers = spec.get("containers").and_then(Value::as_array);
    if containers.is_none_or(Vec::is_empty) {
        errs.push(FieldError::required(format!("{path}.containers"), ""));
    }
    let mut names = HashSet::new();
    for list in ["initContainers", "containers"] {
        let Some(cs) = spec.get(list).and_then(Value::as_array) else {
            continue;
        };
        for (i, c) in cs.iter().enumerate() {
            let cpath = format!("{path}.{list}[{i}]");
            let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
            if name.is_empty() {
                errs.push(FieldError::required(format!("{cpath}.name"), ""));
            } else if !is_dns1123_label(name) {
                errs.push(FieldError::invalid(
                    format!("{cpath}.name"),
                    &json!(name),
                    DNS1123_LABEL_MSG,
                ));
            } else if !names.insert(name) {
                errs.push(FieldError::duplicate(format!("{cpath}.name"), &json!(name)));
            }
            if c.get("image")
                .and_then(Value::as_str)
                .is_none_or(|s| s.trim().is_empty())
            {
                errs.push(FieldError::required(format!("{cpath}.image"), ""));
            }
            if let Some(p) = c.get("imagePullPolicy").and_then(Value::as_str)
                && !matches!(p, "Always" | "IfNotPresent" | "Never")
            {
                errs.push(FieldError::not_supported(
                    format!("{cpath}.imagePullPolicy"),
                    &json!(p),
                    &["Always", "IfNotPresent", "Never"],
                ));
            }
            resources(c, &cpath, errs);
            if let Some(mounts) = c.get("volumeMounts").and_then(Value::as_array) {
                for (j, m) in mounts.iter().enumerate() {
                    let mname = m.get("name").and_then(Value::as_str).unwrap_or_default();
                    let mpath = format!("{cpath}.volumeMounts[{j}]");
                    if mname.is_empty() {
                        errs.push(FieldError::required(format!("{mpath}.name"), ""));
                    } else if !volumes.contains(mname) {
                        errs.push(FieldError::not_found(
                            format!("{mpath}.name"),
                            &json!(mname),
                        ));
                    }
                    if m.get("mountPath")
                        .and_then(Value::as_str)
                        .is_none_or(str::is_empty)
                    {
                        errs.push(FieldError::required(format!("{mpath}.mountPath"), ""));
                    }
                }
            }
            if let Some(ports) = c.get("ports").and_then(Value::as_array) {
                for (j, p) in ports.iter().enumerate() {
                    let n = p.get("containerPort").and_then(Value::as_i64).unwrap_or(0);
                    if !(1..=65535).contains(&n) {
                        errs.push(FieldError::invalid(
                            format!("{cpath}.ports[{j}].containerPort"),
                            &json!(n),
                            "must be between 1 and 65535, inclusive",
                        ));
                    }
                }
            }
        }
    }
}

fn resources(c: &Value, cpath: &str, errs: &mut Vec<FieldError>) {
    let mut parsed = std::collections::HashMap::new();
    for kind in ["limits", "requests"] {
        let Some(map) = c
            .pointer(&format!("/resources/{kind}"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (res, q) in map {
            let field = format!("{cpath}.resources.{kind}[{res}]");
            let text = match q {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => other.to_string(),
            };
            match parse_quantity(&text) {
                None => errs.push(FieldError::invalid(field, &json!(text), QUANTITY_MSG)),
                Some(v) if v < 0.0 => errs.push(FieldError::invalid(
                    field,
                    &json!(text),
                    "must be greater than or equal to 0",
                )),
                Some(v) => {
                    parsed.insert((kind, res.clone()), (v, text));
                }
            }
        }
    }
    for ((kind, res), (req, text)) in &parsed {
        if *kind != "requests" {
            continue;
        }
        if let Some((lim, lim_text)) = parsed.get(&("limits", res.clone()))
            && req > lim
        {
            errs.push(FieldError::invalid(
                format!("{cpath}.resources.requests"),
                &json!(text),
                format!("must be less than or equal to {res} limit of {lim_text}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("500m"), Some(0.5));
        assert_eq!(parse_quantity("1Gi"), Some(1024f64.powi(3)));
        assert_eq!(parse_quantity("2"), Some(2.0));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        assert_eq!(parse_quantity("abc"), None);
        assert_eq!(parse_quantity("1x"), None);
    }

    #[test]
    fn names() {
        assert!(is_dns1123_label("pi-2"));
        assert!(!is_dns1123_label("Pi"));
        assert!(!is_dns1123_label("-a"));
        assert!(is_dns1123_subdomain("a.b"));
    }
}
