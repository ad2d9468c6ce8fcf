//! Validation of a Job's Pod template (`spec.template.spec`): restart policy, containers and
//! init containers, ports, environment, resources, volumes and mounts, security, probes,
//! node selector and tolerations. Part of [`super::validate`]; the containers are checked
//! by [`super::validate_container`].

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::syntax;
use super::validate::{Problems, unsupported};
use super::validate_container::{container, named_ref, quantity, relative_path};

const VOLUME_SOURCES_CHECKED: [&str; 4] =
    ["persistentVolumeClaim", "emptyDir", "configMap", "secret"];

/// Validates the Pod spec at `path` (normally `spec.template.spec`).
pub(crate) fn pod_spec(p: &mut Problems, pod: &Map<String, Value>, path: &str) {
    let f = |key: &str| format!("{path}.{key}");
    match p.string(pod, "restartPolicy", &f("restartPolicy")) {
        None => p.add(
            &f("restartPolicy"),
            "Required value: a Job's restartPolicy must be \"Never\" or \"OnFailure\"",
        ),
        Some(policy) if policy != "Never" && policy != "OnFailure" => p.add(
            &f("restartPolicy"),
            unsupported(policy, &["OnFailure", "Never"]),
        ),
        Some(_) => {}
    }
    let volumes = volumes(p, pod, path);
    let mut names = BTreeSet::new();
    for list in ["initContainers", "containers"] {
        let field = f(list);
        let items = p.array(pod, list, &field);
        if list == "containers" && items.is_none_or(Vec::is_empty) {
            p.add(&field, "Required value: a Job needs at least one container");
        }
        for (i, item) in items.into_iter().flatten().enumerate() {
            let cpath = format!("{field}[{i}]");
            match item.as_object() {
                Some(c) => container(p, c, &cpath, &volumes, &mut names),
                None => p.add(&cpath, "must be an object"),
            }
        }
    }
    p.count(
        pod,
        "activeDeadlineSeconds",
        &f("activeDeadlineSeconds"),
        true,
    );
    p.count(
        pod,
        "terminationGracePeriodSeconds",
        &f("terminationGracePeriodSeconds"),
        false,
    );
    if let Some(sa) = p.string(pod, "serviceAccountName", &f("serviceAccountName"))
        && !sa.is_empty()
    {
        p.all(&f("serviceAccountName"), syntax::dns1123_subdomain(sa));
    }
    for (i, secret) in p
        .array(pod, "imagePullSecrets", &f("imagePullSecrets"))
        .into_iter()
        .flatten()
        .enumerate()
    {
        let spath = format!("{}[{i}]", f("imagePullSecrets"));
        named_ref(p, secret, &spath);
    }
    if let Some(sc) = p.object(pod, "securityContext", &f("securityContext")) {
        let sf = |key: &str| format!("{path}.securityContext.{key}");
        for key in ["runAsUser", "runAsGroup", "fsGroup"] {
            p.count(sc, key, &sf(key), false);
        }
        p.boolean(sc, "runAsNonRoot", &sf("runAsNonRoot"));
    }
    p.string_map(pod, "nodeSelector", &f("nodeSelector"), true);
    for (i, t) in p
        .array(pod, "tolerations", &f("tolerations"))
        .into_iter()
        .flatten()
        .enumerate()
    {
        let tpath = format!("{}[{i}]", f("tolerations"));
        match t.as_object() {
            Some(t) => toleration(p, t, &tpath),
            None => p.add(&tpath, "must be an object"),
        }
    }
}

fn toleration(p: &mut Problems, t: &Map<String, Value>, path: &str) {
    let f = |key: &str| format!("{path}.{key}");
    let key = p.string(t, "key", &f("key")).unwrap_or("");
    if !key.is_empty() {
        p.all(&f("key"), syntax::qualified_name(key));
    }
    let operator = p
        .one_of(t, "operator", &f("operator"), &["Exists", "Equal"])
        .unwrap_or("Equal");
    let value = p.string(t, "value", &f("value")).unwrap_or("");
    if key.is_empty() && operator != "Exists" {
        p.add(&f("operator"), "value must be Exists when `key` is empty, which means \"match all values and all keys\"");
    }
    if operator == "Exists" && !value.is_empty() {
        p.add(
            &f("value"),
            "value must be empty when `operator` is 'Exists'",
        );
    } else if operator == "Equal" {
        p.all(&f("value"), syntax::label_value(value));
    }
    let effect = p.one_of(
        t,
        "effect",
        &f("effect"),
        &["", "NoSchedule", "PreferNoSchedule", "NoExecute"],
    );
    if t.get("tolerationSeconds").is_some_and(|v| !v.is_null()) {
        p.integer(t, "tolerationSeconds", &f("tolerationSeconds"));
        if effect != Some("NoExecute") {
            p.add(
                &f("effect"),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
    }
}

/// Checks `spec.template.spec.volumes`; returns the names defined.
fn volumes(p: &mut Problems, pod: &Map<String, Value>, path: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let field = format!("{path}.volumes");
    for (i, v) in p
        .array(pod, "volumes", &field)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let vpath = format!("{field}[{i}]");
        let Some(v) = v.as_object() else {
            p.add(&vpath, "must be an object");
            continue;
        };
        match p.string(v, "name", &format!("{vpath}.name")) {
            Some(name) if !name.is_empty() => {
                p.all(&format!("{vpath}.name"), syntax::dns1123_label(name));
                if !names.insert(name.to_owned()) {
                    p.add(
                        &format!("{vpath}.name"),
                        format!("Duplicate value: {name:?}"),
                    );
                }
            }
            _ => p.add(&format!("{vpath}.name"), "Required value"),
        }
        let sources: Vec<&String> = v
            .iter()
            .filter(|(k, val)| *k != "name" && !val.is_null())
            .map(|(k, _)| k)
            .collect();
        match sources.as_slice() {
            [] => p.add(&vpath, "must specify a volume type (persistentVolumeClaim, emptyDir, configMap, secret, …)"),
            [source] => volume_source(p, v, source, &format!("{vpath}.{source}")),
            [_, second, ..] => p.add(&format!("{vpath}.{second}"), "may not specify more than 1 volume type"),
        }
    }
    names
}

fn volume_source(p: &mut Problems, volume: &Map<String, Value>, source: &str, path: &str) {
    if !VOLUME_SOURCES_CHECKED.contains(&source) {
        return;
    }
    let Some(s) = p.object(volume, source, path) else {
        if !volume[source].is_object() {
            return;
        }
        return;
    };
    let f = |key: &str| format!("{path}.{key}");
    let required = |p: &mut Problems, key: &str| match p.string(s, key, &f(key)) {
        Some(v) if !v.is_empty() => p.all(&f(key), syntax::dns1123_subdomain(v)),
        _ => p.add(&f(key), "Required value"),
    };
    match source {
        "persistentVolumeClaim" => {
            required(p, "claimName");
            p.boolean(s, "readOnly", &f("readOnly"));
        }
        "emptyDir" => {
            p.one_of(s, "medium", &f("medium"), &["", "Memory", "HugePages"]);
            quantity(p, s.get("sizeLimit"), &f("sizeLimit"));
        }
        _ => {
            required(
                p,
                if source == "secret" {
                    "secretName"
                } else {
                    "name"
                },
            );
            mode(p, s, "defaultMode", &f("defaultMode"));
            for (i, item) in p
                .array(s, "items", &f("items"))
                .into_iter()
                .flatten()
                .enumerate()
            {
                let ipath = format!("{}[{i}]", f("items"));
                let Some(item) = item.as_object() else {
                    p.add(&ipath, "must be an object");
                    continue;
                };
                match p.string(item, "key", &format!("{ipath}.key")) {
                    Some(k) if !k.is_empty() => {}
                    _ => p.add(&format!("{ipath}.key"), "Required value"),
                }
                match p.string(item, "path", &format!("{ipath}.path")) {
                    Some(path) if !path.is_empty() => {
                        relative_path(p, path, &format!("{ipath}.path"))
                    }
                    _ => p.add(&format!("{ipath}.path"), "Required value"),
                }
                mode(p, item, "mode", &format!("{ipath}.mode"));
            }
        }
    }
}

fn mode(p: &mut Problems, obj: &Map<String, Value>, key: &str, field: &str) {
    if let Some(m) = p.integer(obj, key, field)
        && !(0..=0o777).contains(&m)
    {
        p.add(
            field,
            "must be a number between 0 and 0777 (octal), both inclusive",
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::jobs::validate::tests::{c0, f0, fields, one, pi, remove, set};
    use crate::jobs::validate::validate_job;

    #[test]
    fn restart_policy_is_required_and_never_always() {
        one(
            &remove(pi(), "/spec/template/spec/restartPolicy"),
            "spec.template.spec.restartPolicy",
            "Required",
        );
        one(
            &set(pi(), "/spec/template/spec/restartPolicy", json!("Always")),
            "spec.template.spec.restartPolicy",
            "supported values: \"OnFailure\", \"Never\"",
        );
        assert_eq!(
            fields(&set(
                pi(),
                "/spec/template/spec/restartPolicy",
                json!("OnFailure")
            )),
            Vec::<String>::new()
        );
    }

    #[test]
    fn volumes_and_mounts() {
        let vols = set(
            pi(),
            "/spec/template/spec/volumes",
            json!([
                {"name": "data", "persistentVolumeClaim": {"claimName": "pvc"}},
                {"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
                {"name": "cfg", "configMap": {"name": "cfg", "items": [{"key": "a", "path": "a.txt"}], "defaultMode": 420}},
                {"name": "sec", "secret": {"secretName": "s"}}
            ]),
        );
        let mounted = set(
            vols.clone(),
            &c0("volumeMounts"),
            json!([
                {"name": "data", "mountPath": "/data"},
                {"name": "tmp", "mountPath": "/tmp", "readOnly": true},
                {"name": "cfg", "mountPath": "/etc/cfg", "subPath": "a.txt"}
            ]),
        );
        assert_eq!(validate_job(&mounted, "demo"), vec![]);
        one(
            &set(
                vols.clone(),
                &c0("volumeMounts"),
                json!([{"name": "nope", "mountPath": "/x"}]),
            ),
            &f0("volumeMounts[0].name"),
            "Not found: \"nope\"",
        );
        one(
            &set(
                vols.clone(),
                &c0("volumeMounts"),
                json!([{"name": "data", "mountPath": "data"}]),
            ),
            &f0("volumeMounts[0].mountPath"),
            "absolute",
        );
        one(
            &set(
                vols.clone(),
                &c0("volumeMounts"),
                json!([{"name": "data", "mountPath": "/d"}, {"name": "tmp", "mountPath": "/d/"}]),
            ),
            &f0("volumeMounts[1].mountPath"),
            "unique",
        );
        one(
            &set(vols.clone(), &c0("volumeMounts"), json!([{"name": "data"}])),
            &f0("volumeMounts[0].mountPath"),
            "Required",
        );
        one(
            &set(
                vols.clone(),
                &c0("volumeMounts"),
                json!([{"name": "data", "mountPath": "/d", "subPath": "../x"}]),
            ),
            &f0("volumeMounts[0].subPath"),
            "'..'",
        );
        let v = |vol| set(pi(), "/spec/template/spec/volumes", json!([vol]));
        one(
            &v(json!({"name": "x"})),
            "spec.template.spec.volumes[0]",
            "must specify a volume type",
        );
        one(
            &v(json!({"name": "x", "emptyDir": {}, "configMap": {"name": "c"}})),
            "spec.template.spec.volumes[0].emptyDir",
            "more than 1 volume type",
        );
        one(
            &v(json!({"name": "X", "emptyDir": {}})),
            "spec.template.spec.volumes[0].name",
            "RFC 1123",
        );
        one(
            &v(json!({"emptyDir": {}})),
            "spec.template.spec.volumes[0].name",
            "Required",
        );
        one(
            &v(json!({"name": "x", "persistentVolumeClaim": {}})),
            "spec.template.spec.volumes[0].persistentVolumeClaim.claimName",
            "Required",
        );
        one(
            &v(json!({"name": "x", "emptyDir": {"sizeLimit": "lots"}})),
            "spec.template.spec.volumes[0].emptyDir.sizeLimit",
            "\"lots\"",
        );
        one(
            &v(json!({"name": "x", "secret": {"secretName": "s", "defaultMode": 1000}})),
            "spec.template.spec.volumes[0].secret.defaultMode",
            "0777",
        );
        one(
            &v(
                json!({"name": "x", "configMap": {"name": "c", "items": [{"key": "k", "path": "/abs"}]}}),
            ),
            "spec.template.spec.volumes[0].configMap.items[0].path",
            "relative",
        );
        let dup = set(
            pi(),
            "/spec/template/spec/volumes",
            json!([{"name": "x", "emptyDir": {}}, {"name": "x", "emptyDir": {}}]),
        );
        one(
            &dup,
            "spec.template.spec.volumes[1].name",
            "Duplicate value",
        );
    }

    #[test]
    fn scheduling() {
        assert_eq!(
            fields(&set(
                pi(),
                "/spec/template/spec/nodeSelector",
                json!({"kubernetes.io/hostname": "node-1"})
            )),
            Vec::<String>::new()
        );
        one(
            &set(
                pi(),
                "/spec/template/spec/nodeSelector",
                json!({"bad key": "x"}),
            ),
            "spec.template.spec.nodeSelector[bad key]",
            "key",
        );
        one(
            &set(
                pi(),
                "/spec/template/spec/nodeSelector",
                json!({"disk": "fast ssd"}),
            ),
            "spec.template.spec.nodeSelector[disk]",
            "a valid label",
        );
        let t = |tol| set(pi(), "/spec/template/spec/tolerations", json!([tol]));
        assert_eq!(
            fields(&t(
                json!({"key": "gpu", "operator": "Exists", "effect": "NoSchedule"})
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            fields(&t(json!({"operator": "Exists"}))),
            Vec::<String>::new()
        );
        one(
            &t(json!({"key": "gpu", "operator": "Is"})),
            "spec.template.spec.tolerations[0].operator",
            "Unsupported value",
        );
        one(
            &t(json!({"key": "gpu", "effect": "Never"})),
            "spec.template.spec.tolerations[0].effect",
            "Unsupported value",
        );
        one(
            &t(json!({"key": "gpu", "operator": "Exists", "value": "x"})),
            "spec.template.spec.tolerations[0].value",
            "must be empty",
        );
        one(
            &t(json!({"value": "x"})),
            "spec.template.spec.tolerations[0].operator",
            "must be Exists",
        );
        one(
            &t(json!({"key": "gpu", "effect": "NoSchedule", "tolerationSeconds": 5})),
            "spec.template.spec.tolerations[0].effect",
            "NoExecute",
        );
        one(
            &set(
                pi(),
                "/spec/template/spec/serviceAccountName",
                json!("Bad_SA"),
            ),
            "spec.template.spec.serviceAccountName",
            "subdomain",
        );
        one(
            &set(pi(), "/spec/template/spec/imagePullSecrets", json!([{}])),
            "spec.template.spec.imagePullSecrets[0].name",
            "Required",
        );
    }

    #[test]
    fn every_problem_at_once() {
        let mut bad = set(pi(), "/spec/completions", json!(-1));
        bad = set(bad, &c0("resources/limits/cpu"), json!("abc"));
        bad = remove(bad, &c0("image"));
        bad = set(bad, "/metadata/name", json!("Bad Name"));
        bad = set(
            bad,
            &c0("volumeMounts"),
            json!([{"name": "ghost", "mountPath": "/g"}]),
        );
        let got = fields(&bad);
        for want in [
            "metadata.name",
            "spec.completions",
            &f0("image"),
            &f0("resources.limits.cpu"),
            &f0("volumeMounts[0].name"),
        ] {
            assert!(got.iter().any(|f| f == want), "{want} missing from {got:?}");
        }
    }
}
