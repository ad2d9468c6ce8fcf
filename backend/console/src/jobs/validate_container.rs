//! Validation of one container or init container of a Job's Pod template: name, image, pull
//! policy, command and arguments, ports, environment, resources (quantities, request ≤
//! limit), volume mounts, security context, lifecycle hooks and probes. Part of
//! [`super::validate`], called by [`super::validate_pod`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::quantity::{Quantity, QuantityError};
use super::syntax;
use super::validate::{Problems, unsupported};

/// A `{name: …}` reference to a Secret or ConfigMap; returns the name when valid.
pub(super) fn named_ref(p: &mut Problems, value: &Value, path: &str) -> Option<String> {
    let Some(obj) = value.as_object() else {
        p.add(path, "must be an object");
        return None;
    };
    match p.string(obj, "name", &format!("{path}.name")) {
        Some(name) if !name.is_empty() => {
            p.all(&format!("{path}.name"), syntax::dns1123_subdomain(name));
            Some(name.to_owned())
        }
        Some(_) | None => {
            p.add(&format!("{path}.name"), "Required value");
            None
        }
    }
}

/// A path that must be relative and must not leave its directory.
pub(super) fn relative_path(p: &mut Problems, path: &str, field: &str) {
    if path.starts_with('/') {
        p.add(field, "must be a relative path");
    }
    if path.split('/').any(|part| part == "..") {
        p.add(field, "must not contain '..'");
    }
}

/// A resource quantity (string or number), non-negative.
pub(super) fn quantity(p: &mut Problems, value: Option<&Value>, field: &str) -> Option<Quantity> {
    let text = match value? {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => {
            p.add(field, "must be a quantity such as 500m, 1, 128Mi or 1Gi");
            return None;
        }
    };
    match Quantity::parse(&text) {
        Ok(q) if q.is_negative() => {
            p.add(field, "must be greater than or equal to 0");
            None
        }
        Ok(q) => Some(q),
        Err(QuantityError::Syntax) => {
            p.add(field, format!("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (e.g. 500m, 1, 128Mi), not {text:?}"));
            None
        }
        Err(e @ QuantityError::TooLarge) => {
            p.add(field, e.to_string());
            None
        }
    }
}

/// Validates the container at `path`; `volumes` are the Pod's volume names, `names` the
/// container names seen so far (names must be unique across containers and init containers).
pub(super) fn container(
    p: &mut Problems,
    c: &Map<String, Value>,
    path: &str,
    volumes: &BTreeSet<String>,
    names: &mut BTreeSet<String>,
) {
    let f = |key: &str| format!("{path}.{key}");
    match p.string(c, "name", &f("name")) {
        Some(name) if !name.is_empty() => {
            p.all(&f("name"), syntax::dns1123_label(name));
            if !names.insert(name.to_owned()) {
                p.add(&f("name"), format!("Duplicate value: {name:?}"));
            }
        }
        _ => p.add(&f("name"), "Required value"),
    }
    let wrong_type = c
        .get("image")
        .is_some_and(|v| !v.is_string() && !v.is_null());
    match p.string(c, "image", &f("image")) {
        Some(image) if image.trim().is_empty() => p.add(&f("image"), "Required value"),
        Some(image) if image.trim() != image => {
            p.add(&f("image"), "must not have leading or trailing whitespace")
        }
        Some(_) => {}
        None if !wrong_type => p.add(&f("image"), "Required value"),
        None => {}
    }
    p.one_of(
        c,
        "imagePullPolicy",
        &f("imagePullPolicy"),
        &["Always", "IfNotPresent", "Never"],
    );
    for key in ["command", "args"] {
        for (i, arg) in p.array(c, key, &f(key)).into_iter().flatten().enumerate() {
            if !arg.is_string() {
                p.add(&format!("{}[{i}]", f(key)), "must be a string");
            }
        }
    }
    p.string(c, "workingDir", &f("workingDir"));
    ports(p, c, path);
    env(p, c, path);
    resources(p, c, path);
    mounts(p, c, path, volumes);
    security(p, c, path);
    if let Some(lifecycle) = p.object(c, "lifecycle", &f("lifecycle")) {
        for hook in ["postStart", "preStop"] {
            if let Some(h) = p.object(lifecycle, hook, &format!("{path}.lifecycle.{hook}")) {
                handler(
                    p,
                    h,
                    &format!("{path}.lifecycle.{hook}"),
                    &["exec", "httpGet", "tcpSocket", "sleep"],
                );
            }
        }
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(pr) = p.object(c, probe, &f(probe)) {
            let ppath = f(probe);
            handler(p, pr, &ppath, &["exec", "httpGet", "tcpSocket", "grpc"]);
            for key in [
                "initialDelaySeconds",
                "timeoutSeconds",
                "periodSeconds",
                "successThreshold",
                "failureThreshold",
                "terminationGracePeriodSeconds",
            ] {
                p.count(pr, key, &format!("{ppath}.{key}"), false);
            }
        }
    }
}

fn ports(p: &mut Problems, c: &Map<String, Value>, path: &str) {
    let field = format!("{path}.ports");
    let mut names = BTreeSet::new();
    for (i, port) in p
        .array(c, "ports", &field)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let ppath = format!("{field}[{i}]");
        let Some(port) = port.as_object() else {
            p.add(&ppath, "must be an object");
            continue;
        };
        match p.integer(port, "containerPort", &format!("{ppath}.containerPort")) {
            Some(n) if !(1..=65535).contains(&n) => p.add(
                &format!("{ppath}.containerPort"),
                "must be between 1 and 65535, inclusive",
            ),
            Some(_) => {}
            None if port.get("containerPort").is_none_or(Value::is_null) => {
                p.add(&format!("{ppath}.containerPort"), "Required value")
            }
            None => {}
        }
        if let Some(n) = p.integer(port, "hostPort", &format!("{ppath}.hostPort"))
            && n != 0
            && !(1..=65535).contains(&n)
        {
            p.add(
                &format!("{ppath}.hostPort"),
                "must be between 1 and 65535, inclusive",
            );
        }
        p.one_of(
            port,
            "protocol",
            &format!("{ppath}.protocol"),
            &["TCP", "UDP", "SCTP"],
        );
        if let Some(name) = p.string(port, "name", &format!("{ppath}.name"))
            && !name.is_empty()
        {
            p.all(&format!("{ppath}.name"), syntax::iana_svc_name(name));
            if !names.insert(name.to_owned()) {
                p.add(
                    &format!("{ppath}.name"),
                    format!("Duplicate value: {name:?}"),
                );
            }
        }
    }
}

fn key_ref(p: &mut Problems, r: &Map<String, Value>, path: &str) {
    for key in ["name", "key"] {
        match p.string(r, key, &format!("{path}.{key}")) {
            Some(v) if !v.is_empty() => {
                if key == "name" {
                    p.all(&format!("{path}.name"), syntax::dns1123_subdomain(v));
                } else if v.len() > 253
                    || !v
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || "-._".contains(ch))
                {
                    p.add(&format!("{path}.key"), "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
                }
            }
            _ => p.add(&format!("{path}.{key}"), "Required value"),
        }
    }
    p.boolean(r, "optional", &format!("{path}.optional"));
}

fn env(p: &mut Problems, c: &Map<String, Value>, path: &str) {
    let field = format!("{path}.env");
    for (i, e) in p.array(c, "env", &field).into_iter().flatten().enumerate() {
        let epath = format!("{field}[{i}]");
        let Some(e) = e.as_object() else {
            p.add(&epath, "must be an object");
            continue;
        };
        let name = p.string(e, "name", &format!("{epath}.name")).unwrap_or("");
        p.all(&format!("{epath}.name"), syntax::env_var_name(name));
        let value = p
            .string(e, "value", &format!("{epath}.value"))
            .unwrap_or("");
        let Some(from) = p.object(e, "valueFrom", &format!("{epath}.valueFrom")) else {
            continue;
        };
        let vpath = format!("{epath}.valueFrom");
        if !value.is_empty() {
            p.add(&vpath, "may not be specified when `value` is not empty");
        }
        let sources: Vec<&String> = from
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, _)| k)
            .collect();
        match sources.as_slice() {
            [] => p.add(&vpath, "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
            [source] => {
                let spath = format!("{vpath}.{source}");
                let Some(s) = p.object(from, source, &spath) else { continue };
                match source.as_str() {
                    "configMapKeyRef" | "secretKeyRef" => key_ref(p, s, &spath),
                    "fieldRef" => match p.string(s, "fieldPath", &format!("{spath}.fieldPath")) {
                        Some(fp) if !fp.is_empty() => field_path(p, fp, &format!("{spath}.fieldPath")),
                        _ => p.add(&format!("{spath}.fieldPath"), "Required value"),
                    },
                    "resourceFieldRef" => {
                        p.one_of(s, "resource", &format!("{spath}.resource"), &["limits.cpu", "limits.memory", "limits.ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage"]);
                        if s.get("resource").is_none_or(Value::is_null) {
                            p.add(&format!("{spath}.resource"), "Required value");
                        }
                    }
                    _ => {}
                }
            }
            [_, ..] => p.add(&vpath, "may not have more than one field specified at a time"),
        }
    }
    let field = format!("{path}.envFrom");
    for (i, e) in p
        .array(c, "envFrom", &field)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let epath = format!("{field}[{i}]");
        let Some(e) = e.as_object() else {
            p.add(&epath, "must be an object");
            continue;
        };
        if let Some(prefix) = p.string(e, "prefix", &format!("{epath}.prefix"))
            && !prefix.is_empty()
        {
            p.all(&format!("{epath}.prefix"), syntax::env_var_name(prefix));
        }
        let sources: Vec<&str> = ["configMapRef", "secretRef"]
            .into_iter()
            .filter(|k| e.get(*k).is_some_and(|v| !v.is_null()))
            .collect();
        match sources.as_slice() {
            [] => p.add(&epath, "must specify one of: `configMapRef` or `secretRef`"),
            [source] => {
                named_ref(p, &e[*source], &format!("{epath}.{source}"));
            }
            _ => p.add(
                &epath,
                "may not have more than one field specified at a time",
            ),
        }
    }
}

fn field_path(p: &mut Problems, fp: &str, field: &str) {
    const SUPPORTED: [&str; 10] = [
        "metadata.name",
        "metadata.namespace",
        "metadata.uid",
        "spec.nodeName",
        "spec.serviceAccountName",
        "status.hostIP",
        "status.hostIPs",
        "status.podIP",
        "status.podIPs",
        "metadata.labels",
    ];
    let subscripted = ["metadata.labels['", "metadata.annotations['"]
        .iter()
        .any(|prefix| fp.starts_with(prefix) && fp.ends_with("']"));
    if !(subscripted || SUPPORTED.contains(&fp) || fp == "metadata.annotations") {
        p.add(field, unsupported(fp, &SUPPORTED));
    }
}

fn resources(p: &mut Problems, c: &Map<String, Value>, path: &str) {
    let Some(r) = p.object(c, "resources", &format!("{path}.resources")) else {
        return;
    };
    let mut parsed: BTreeMap<(&str, String), Quantity> = BTreeMap::new();
    for kind in ["limits", "requests"] {
        let kpath = format!("{path}.resources.{kind}");
        let Some(map) = p.object(r, kind, &kpath) else {
            continue;
        };
        for (name, value) in map {
            let field = format!("{kpath}.{name}");
            p.all(
                &field,
                syntax::qualified_name(name)
                    .into_iter()
                    .map(|m| format!("resource name {name:?}: {m}"))
                    .collect(),
            );
            if let Some(q) = quantity(p, Some(value), &field) {
                parsed.insert((kind, name.clone()), q);
            }
        }
    }
    for resource in ["cpu", "memory", "ephemeral-storage"] {
        let request = parsed.get(&("requests", resource.to_owned()));
        let limit = parsed.get(&("limits", resource.to_owned()));
        if let (Some(request), Some(limit)) = (request, limit)
            && request > limit
        {
            let limit_value = r.get("limits").and_then(|l| l.get(resource));
            let limit_text = match limit_value {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            p.add(
                &format!("{path}.resources.requests.{resource}"),
                format!("must be less than or equal to {resource} limit of {limit_text}"),
            );
        }
    }
}

fn mounts(p: &mut Problems, c: &Map<String, Value>, path: &str, volumes: &BTreeSet<String>) {
    let field = format!("{path}.volumeMounts");
    let mut paths = BTreeSet::new();
    for (i, m) in p
        .array(c, "volumeMounts", &field)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let mpath = format!("{field}[{i}]");
        let Some(m) = m.as_object() else {
            p.add(&mpath, "must be an object");
            continue;
        };
        match p.string(m, "name", &format!("{mpath}.name")) {
            Some(name) if !name.is_empty() => {
                if !volumes.contains(name) {
                    p.add(&format!("{mpath}.name"), format!("Not found: {name:?}: no volume of that name in spec.template.spec.volumes"));
                }
            }
            _ => p.add(&format!("{mpath}.name"), "Required value"),
        }
        match p.string(m, "mountPath", &format!("{mpath}.mountPath")) {
            Some(mp) if !mp.is_empty() => {
                if !mp.starts_with('/') {
                    p.add(&format!("{mpath}.mountPath"), "must be an absolute path");
                }
                if !paths.insert(mp.trim_end_matches('/').to_owned()) {
                    p.add(&format!("{mpath}.mountPath"), "must be unique");
                }
            }
            _ => p.add(&format!("{mpath}.mountPath"), "Required value"),
        }
        if let Some(sub) = p.string(m, "subPath", &format!("{mpath}.subPath")) {
            relative_path(p, sub, &format!("{mpath}.subPath"));
        }
        p.boolean(m, "readOnly", &format!("{mpath}.readOnly"));
    }
}

fn security(p: &mut Problems, c: &Map<String, Value>, path: &str) {
    let spath = format!("{path}.securityContext");
    let Some(sc) = p.object(c, "securityContext", &spath) else {
        return;
    };
    let f = |key: &str| format!("{spath}.{key}");
    p.count(sc, "runAsUser", &f("runAsUser"), false);
    p.count(sc, "runAsGroup", &f("runAsGroup"), false);
    let privileged = p.boolean(sc, "privileged", &f("privileged"));
    let escalation = p.boolean(
        sc,
        "allowPrivilegeEscalation",
        &f("allowPrivilegeEscalation"),
    );
    p.boolean(sc, "runAsNonRoot", &f("runAsNonRoot"));
    p.boolean(sc, "readOnlyRootFilesystem", &f("readOnlyRootFilesystem"));
    if privileged == Some(true) && escalation == Some(false) {
        p.add(
            &f("allowPrivilegeEscalation"),
            "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
        );
    }
    if let Some(caps) = p.object(sc, "capabilities", &f("capabilities")) {
        for key in ["add", "drop"] {
            let cpath = format!("{}.{key}", f("capabilities"));
            for (i, cap) in p.array(caps, key, &cpath).into_iter().flatten().enumerate() {
                if cap.as_str().is_none_or(str::is_empty) {
                    p.add(
                        &format!("{cpath}[{i}]"),
                        "must be a capability name such as NET_ADMIN",
                    );
                }
            }
        }
    }
}

fn port_ref(p: &mut Problems, obj: &Map<String, Value>, field: &str) {
    match obj.get("port") {
        None | Some(Value::Null) => p.add(field, "Required value"),
        Some(Value::String(name)) => p.all(field, syntax::iana_svc_name(name)),
        Some(v) => match v.as_i64() {
            Some(n) if (1..=65535).contains(&n) => {}
            _ => p.add(
                field,
                "must be between 1 and 65535, inclusive, or a port name",
            ),
        },
    }
}

fn handler(p: &mut Problems, h: &Map<String, Value>, path: &str, kinds: &[&str]) {
    let present: Vec<&str> = kinds
        .iter()
        .copied()
        .filter(|k| h.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
    match present.as_slice() {
        [] => p.add(
            path,
            format!("must specify a handler type: one of {}", kinds.join(", ")),
        ),
        [kind] => {
            let kpath = format!("{path}.{kind}");
            let Some(obj) = p.object(h, kind, &kpath) else {
                return;
            };
            match *kind {
                "exec" => match p.array(obj, "command", &format!("{kpath}.command")) {
                    Some(cmd) if !cmd.is_empty() => {}
                    _ => p.add(&format!("{kpath}.command"), "Required value"),
                },
                "httpGet" => {
                    port_ref(p, obj, &format!("{kpath}.port"));
                    p.one_of(
                        obj,
                        "scheme",
                        &format!("{kpath}.scheme"),
                        &["HTTP", "HTTPS"],
                    );
                }
                "tcpSocket" => port_ref(p, obj, &format!("{kpath}.port")),
                "grpc" => port_ref(p, obj, &format!("{kpath}.port")),
                "sleep" => {
                    p.count(obj, "seconds", &format!("{kpath}.seconds"), false);
                }
                _ => {}
            }
        }
        [_, second, ..] => p.add(
            &format!("{path}.{second}"),
            "may not specify more than 1 handler type",
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::jobs::validate::tests::{c0, f0, fields, one, pi, remove, set};

    #[test]
    fn containers_names_images() {
        one(
            &set(pi(), "/spec/template/spec/containers", json!([])),
            "spec.template.spec.containers",
            "at least one container",
        );
        one(
            &remove(pi(), "/spec/template/spec/containers"),
            "spec.template.spec.containers",
            "at least one container",
        );
        one(&remove(pi(), &c0("image")), &f0("image"), "Required");
        one(
            &set(pi(), &c0("image"), json!("  ")),
            &f0("image"),
            "Required",
        );
        one(
            &set(pi(), &c0("image"), json!(" perl")),
            &f0("image"),
            "whitespace",
        );
        one(
            &set(pi(), &c0("image"), json!(5)),
            &f0("image"),
            "must be a string",
        );
        one(
            &set(pi(), &c0("name"), json!("Pi")),
            &f0("name"),
            "RFC 1123",
        );
        one(&remove(pi(), &c0("name")), &f0("name"), "Required");
        one(
            &set(pi(), &c0("imagePullPolicy"), json!("Sometimes")),
            &f0("imagePullPolicy"),
            "Unsupported value",
        );
        one(
            &set(pi(), &c0("args"), json!(["a", 1])),
            &f0("args[1]"),
            "must be a string",
        );
        let dup = set(
            pi(),
            "/spec/template/spec/initContainers",
            json!([{"name": "pi", "image": "busybox"}]),
        );
        one(
            &dup,
            "spec.template.spec.containers[0].name",
            "Duplicate value: \"pi\"",
        );
        let two = set(
            pi(),
            "/spec/template/spec/containers/1",
            json!({"name": "pi", "image": "x"}),
        );
        one(
            &two,
            "spec.template.spec.containers[1].name",
            "Duplicate value",
        );
        one(
            &set(
                pi(),
                "/spec/template/spec/initContainers",
                json!([{"name": "init"}]),
            ),
            "spec.template.spec.initContainers[0].image",
            "Required",
        );
    }

    #[test]
    fn ports() {
        let with = |port| set(pi(), &c0("ports"), json!([port]));
        assert_eq!(
            fields(&with(
                json!({"name": "http", "containerPort": 8080, "protocol": "TCP"})
            )),
            Vec::<String>::new()
        );
        one(
            &with(json!({"containerPort": 0})),
            &f0("ports[0].containerPort"),
            "between 1 and 65535",
        );
        one(
            &with(json!({"containerPort": 70000})),
            &f0("ports[0].containerPort"),
            "between 1 and 65535",
        );
        one(
            &with(json!({"name": "web"})),
            &f0("ports[0].containerPort"),
            "Required",
        );
        one(
            &with(json!({"containerPort": 80, "protocol": "HTTP"})),
            &f0("ports[0].protocol"),
            "\"TCP\", \"UDP\", \"SCTP\"",
        );
        one(
            &with(json!({"containerPort": 80, "name": "a-very-long-port-name"})),
            &f0("ports[0].name"),
            "no more than 15",
        );
        one(
            &with(json!({"containerPort": 80, "name": "Http"})),
            &f0("ports[0].name"),
            "alphanumeric",
        );
        let dup = set(
            pi(),
            &c0("ports"),
            json!([{"name": "http", "containerPort": 80}, {"name": "http", "containerPort": 81}]),
        );
        one(&dup, &f0("ports[1].name"), "Duplicate value");
    }

    #[test]
    fn env_and_env_from() {
        let with = |env| set(pi(), &c0("env"), json!([env]));
        assert_eq!(
            fields(&with(json!({"name": "A", "value": "1"}))),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(&with(
                json!({"name": "my.var", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "k"}}})
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(&with(
                json!({"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['app']"}}})
            )),
            Vec::<String>::new()
        );
        one(
            &with(json!({"name": "A=B", "value": "1"})),
            &f0("env[0].name"),
            "other than '='",
        );
        one(&with(json!({"value": "1"})), &f0("env[0].name"), "Required");
        one(
            &with(json!({"name": "A", "valueFrom": {}})),
            &f0("env[0].valueFrom"),
            "must specify one of",
        );
        one(
            &with(
                json!({"name": "A", "valueFrom": {"configMapKeyRef": {"name": "c", "key": "k"}, "secretKeyRef": {"name": "s", "key": "k"}}}),
            ),
            &f0("env[0].valueFrom"),
            "more than one",
        );
        one(
            &with(json!({"name": "A", "valueFrom": {"secretKeyRef": {"name": "s"}}})),
            &f0("env[0].valueFrom.secretKeyRef.key"),
            "Required",
        );
        one(
            &with(json!({"name": "A", "valueFrom": {"configMapKeyRef": {"key": "k"}}})),
            &f0("env[0].valueFrom.configMapKeyRef.name"),
            "Required",
        );
        one(
            &with(json!({"name": "A", "valueFrom": {"fieldRef": {}}})),
            &f0("env[0].valueFrom.fieldRef.fieldPath"),
            "Required",
        );
        one(
            &with(json!({"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "spec.secret"}}})),
            &f0("env[0].valueFrom.fieldRef.fieldPath"),
            "Unsupported value",
        );
        one(
            &with(
                json!({"name": "A", "value": "x", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}),
            ),
            &f0("env[0].valueFrom"),
            "`value` is not empty",
        );
        let from = |e| set(pi(), &c0("envFrom"), json!([e]));
        assert_eq!(
            fields(&from(
                json!({"configMapRef": {"name": "cfg"}, "prefix": "CFG_"})
            )),
            Vec::<String>::new()
        );
        one(&from(json!({})), &f0("envFrom[0]"), "must specify one of");
        one(
            &from(json!({"secretRef": {}})),
            &f0("envFrom[0].secretRef.name"),
            "Required",
        );
        one(
            &from(json!({"configMapRef": {"name": "a"}, "secretRef": {"name": "b"}})),
            &f0("envFrom[0]"),
            "more than one",
        );
    }

    #[test]
    fn resources() {
        one(
            &set(pi(), &c0("resources/limits/cpu"), json!("abc")),
            &f0("resources.limits.cpu"),
            "\"abc\"",
        );
        one(
            &set(pi(), &c0("resources/requests/memory"), json!("1GB")),
            &f0("resources.requests.memory"),
            "regular expression",
        );
        one(
            &set(pi(), &c0("resources/requests/cpu"), json!("1")),
            &f0("resources.requests.cpu"),
            "less than or equal to cpu limit of 500m",
        );
        one(
            &set(pi(), &c0("resources/requests/memory"), json!("1Gi")),
            &f0("resources.requests.memory"),
            "memory limit of 128Mi",
        );
        one(
            &set(pi(), &c0("resources/limits/cpu"), json!("-1")),
            &f0("resources.limits.cpu"),
            "greater than or equal to 0",
        );
        one(
            &set(pi(), &c0("resources/limits/cpu"), json!(true)),
            &f0("resources.limits.cpu"),
            "must be a quantity",
        );
        // Equal is fine; numbers are quantities too.
        assert_eq!(
            fields(&set(pi(), &c0("resources/requests/cpu"), json!("0.5"))),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(&set(pi(), &c0("resources/limits/cpu"), json!(2))),
            Vec::<String>::new()
        );
        // A request without a limit is fine.
        assert_eq!(
            fields(&remove(pi(), &c0("resources/limits"))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn security_and_probes() {
        one(
            &set(pi(), &c0("securityContext/runAsUser"), json!(-1)),
            &f0("securityContext.runAsUser"),
            "greater than or equal to 0",
        );
        one(
            &set(
                pi(),
                &c0("securityContext"),
                json!({"privileged": true, "allowPrivilegeEscalation": false}),
            ),
            &f0("securityContext.allowPrivilegeEscalation"),
            "cannot set",
        );
        one(
            &set(pi(), &c0("securityContext/capabilities/add"), json!([""])),
            &f0("securityContext.capabilities.add[0]"),
            "capability",
        );
        one(
            &set(
                pi(),
                "/spec/template/spec/securityContext/fsGroup",
                json!(-3),
            ),
            "spec.template.spec.securityContext.fsGroup",
            "greater than or equal to 0",
        );
        assert_eq!(
            fields(&set(
                pi(),
                &c0("livenessProbe"),
                json!({"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 10})
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(&set(
                pi(),
                &c0("readinessProbe"),
                json!({"tcpSocket": {"port": "http"}})
            )),
            Vec::<String>::new()
        );
        one(
            &set(pi(), &c0("livenessProbe"), json!({"periodSeconds": 10})),
            &f0("livenessProbe"),
            "must specify a handler type",
        );
        one(
            &set(
                pi(),
                &c0("startupProbe"),
                json!({"exec": {"command": ["true"]}, "tcpSocket": {"port": 1}}),
            ),
            &f0("startupProbe.tcpSocket"),
            "more than 1 handler",
        );
        one(
            &set(
                pi(),
                &c0("readinessProbe"),
                json!({"httpGet": {"path": "/"}}),
            ),
            &f0("readinessProbe.httpGet.port"),
            "Required",
        );
        one(
            &set(pi(), &c0("livenessProbe"), json!({"exec": {"command": []}})),
            &f0("livenessProbe.exec.command"),
            "Required",
        );
        one(
            &set(pi(), &c0("lifecycle/preStop"), json!({})),
            &f0("lifecycle.preStop"),
            "handler type",
        );
        assert_eq!(
            fields(&set(
                pi(),
                &c0("lifecycle/postStart"),
                json!({"exec": {"command": ["sh", "-c", "echo hi"]}})
            )),
            Vec::<String>::new()
        );
    }
}
