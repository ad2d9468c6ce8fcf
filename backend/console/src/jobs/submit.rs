//! What `POST jobs`, `PUT jobs/{j}` and `POST imports` do with a body before anything reaches
//! the cluster: choose the format, parse, validate (all problems at once), and fill in the
//! project as the namespace when the manifest names none. A manifest naming another
//! namespace is refused by validation, never moved.

use k8s_openapi::api::batch::v1::Job;
use serde_json::{Value, json};

use super::error::JobsError;
use super::export::GENERATED_LABELS;
use super::parse::{ManifestDocument, body_format, parse_documents, parse_manifest};
use super::validate::validate_job;
use crate::error::FieldError;

/// A body for one Job, ready for the cluster's server-side dry run or create. With
/// `path_name` (for `PUT jobs/{j}`), `metadata.name` must be that name.
pub fn prepare_manifest(
    content_type: Option<&str>,
    body: &[u8],
    project: &str,
    path_name: Option<&str>,
) -> Result<Value, JobsError> {
    let format = body_format(content_type, body)?;
    let manifest = parse_manifest(body, format)?;
    checked(manifest, project, path_name)
}

/// A body for `PUT jobs/{j}`, replacing `current`. The generated selector and Pod-template
/// labels are the cluster's, not the user's: when the body carries them unchanged (it was
/// read with `GET`), they pass validation; when it leaves them out (a clean export), they
/// are filled in from `current`, since both are immutable.
pub fn prepare_replacement(
    content_type: Option<&str>,
    body: &[u8],
    project: &str,
    path_name: &str,
    current: &Job,
) -> Result<Value, JobsError> {
    let format = body_format(content_type, body)?;
    let manifest = parse_manifest(body, format)?;
    let manual = current
        .spec
        .as_ref()
        .and_then(|s| s.manual_selector)
        .unwrap_or(false);
    if manual {
        return checked(manifest, project, Some(path_name));
    }
    let current = serde_json::to_value(current).unwrap_or(Value::Null);
    let manifest = checked(
        without_generated(manifest, &current),
        project,
        Some(path_name),
    )?;
    Ok(with_generated(manifest, &current))
}

/// The `metadata.generation` guard of a replace: when the manifest carries a generation and
/// no resourceVersion, `Err(())` if the Job's spec changed since (its generation moved on);
/// else the generation is removed and the current resourceVersion set, and `Ok(true)`.
/// `Ok(false)`: no generation guard (the resourceVersion, if any, guards as usual).
#[expect(clippy::result_unit_err, reason = "the caller words the conflict")]
pub fn generation_guard(manifest: &mut Value, current: &Job) -> Result<bool, ()> {
    let Some(meta) = manifest.get_mut("metadata").and_then(Value::as_object_mut) else {
        return Ok(false);
    };
    let has_version = meta
        .get("resourceVersion")
        .is_some_and(|v| v.as_str().is_some_and(|v| !v.is_empty()));
    let Some(generation) = meta.remove("generation") else {
        return Ok(false);
    };
    if has_version {
        return Ok(false);
    }
    let read = generation
        .as_i64()
        .or_else(|| generation.as_str().and_then(|g| g.parse().ok()));
    if read != current.metadata.generation {
        return Err(());
    }
    if let Some(version) = &current.metadata.resource_version {
        meta.insert("resourceVersion".to_owned(), Value::String(version.clone()));
    }
    Ok(true)
}

const SELECTOR: &str = "/spec/selector";
const TEMPLATE_LABELS: &str = "/spec/template/metadata/labels";

/// The manifest without the selector and template labels that equal `current`'s generated
/// ones.
fn without_generated(mut manifest: Value, current: &Value) -> Value {
    if manifest.pointer(SELECTOR).is_some()
        && manifest.pointer(SELECTOR) == current.pointer(SELECTOR)
        && let Some(spec) = manifest.get_mut("spec").and_then(Value::as_object_mut)
    {
        spec.remove("selector");
        if spec.get("manualSelector") == Some(&Value::Bool(false)) {
            spec.remove("manualSelector");
        }
    }
    let theirs = current
        .pointer(TEMPLATE_LABELS)
        .cloned()
        .unwrap_or(Value::Null);
    if let Some(labels) = manifest
        .pointer_mut(TEMPLATE_LABELS)
        .and_then(Value::as_object_mut)
    {
        for key in GENERATED_LABELS {
            if labels.get(key).is_some() && labels.get(key) == theirs.get(key) {
                labels.remove(key);
            }
        }
    }
    manifest
}

/// The manifest with `current`'s generated selector and template labels where it has none.
fn with_generated(mut manifest: Value, current: &Value) -> Value {
    if manifest.pointer(SELECTOR).is_none()
        && let (Some(spec), Some(selector)) = (
            manifest.get_mut("spec").and_then(Value::as_object_mut),
            current.pointer(SELECTOR),
        )
    {
        spec.insert("selector".to_owned(), selector.clone());
    }
    let Some(theirs) = current.pointer(TEMPLATE_LABELS).and_then(Value::as_object) else {
        return manifest;
    };
    let Some(template) = manifest
        .pointer_mut("/spec/template")
        .and_then(Value::as_object_mut)
    else {
        return manifest;
    };
    let meta = template.entry("metadata").or_insert_with(|| json!({}));
    let Some(meta) = meta.as_object_mut() else {
        return manifest;
    };
    let labels = meta.entry("labels").or_insert_with(|| json!({}));
    if let Some(labels) = labels.as_object_mut() {
        for key in GENERATED_LABELS {
            if let Some(value) = theirs.get(key) {
                labels.entry(key).or_insert_with(|| value.clone());
            }
        }
    }
    manifest
}

/// The documents of an import body, each parsed, kind-checked, validated and given the
/// project as namespace on its own; a bad document carries its error.
pub fn prepare_imports(
    content_type: Option<&str>,
    body: &[u8],
    project: &str,
) -> Result<Vec<ManifestDocument>, JobsError> {
    let format = body_format(content_type, body)?;
    Ok(parse_documents(body, format)?
        .into_iter()
        .map(|mut doc| {
            doc.result = doc.result.and_then(|m| checked(m, project, None));
            doc
        })
        .collect())
}

fn checked(
    mut manifest: Value,
    project: &str,
    path_name: Option<&str>,
) -> Result<Value, JobsError> {
    let mut fields = validate_job(&manifest, project);
    if let Some(expected) = path_name {
        let name = manifest.pointer("/metadata/name").and_then(Value::as_str);
        if name.is_some_and(|n| n != expected) {
            fields.push(FieldError {
                field: "metadata.name".to_owned(),
                message: format!("must match the name in the path ({expected:?})"),
            });
        }
    }
    if !fields.is_empty() {
        return Err(JobsError::Invalid { fields });
    }
    if let Some(meta) = manifest.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.entry("namespace")
            .or_insert_with(|| Value::String(project.to_owned()));
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::validate::tests::{pi, set};

    fn yaml(v: &Value) -> Vec<u8> {
        serde_norway::to_string(v).expect("yaml").into_bytes()
    }

    #[test]
    fn a_valid_body_gets_the_project_as_namespace() {
        let m = prepare_manifest(Some("application/yaml"), &yaml(&pi()), "demo", None).expect("ok");
        assert_eq!(m["metadata"]["namespace"], "demo");
        let json = serde_json::to_vec(&pi()).expect("json");
        assert!(prepare_manifest(Some("application/json"), &json, "demo", Some("pi")).is_ok());
    }

    #[test]
    fn every_refusal_has_its_status() {
        let other_ns = set(pi(), "/metadata/namespace", serde_json::json!("other"));
        let err =
            prepare_manifest(Some("application/yaml"), &yaml(&other_ns), "demo", None).unwrap_err();
        assert_eq!(err.http_status(), 422);
        assert_eq!(err.fields()[0].field, "metadata.namespace");
        let renamed = prepare_manifest(
            Some("application/yaml"),
            &yaml(&pi()),
            "demo",
            Some("other"),
        )
        .unwrap_err();
        assert_eq!(renamed.fields()[0].field, "metadata.name");
        let cases: [(&str, &[u8], u16); 6] = [
            ("text/plain", b"x", 415),
            ("application/yaml", b"a: \xff", 400),
            ("application/json", b"{\"a\": 1,}", 400),
            ("application/yaml", b"a: [", 400),
            ("application/yaml", b"", 400),
            ("application/yaml", b"apiVersion: v1\nkind: Pod\n", 422),
        ];
        for (ct, body, status) in cases {
            let err = prepare_manifest(Some(ct), body, "demo", None).unwrap_err();
            assert_eq!(err.http_status(), status, "{ct} {body:?}: {err}");
        }
    }

    #[test]
    fn imports_validate_each_document() {
        let bad = set(pi(), "/spec/completions", serde_json::json!(-1));
        let body = [yaml(&pi()), b"---\n".to_vec(), yaml(&bad)].concat();
        let docs = prepare_imports(Some("application/yaml"), &body, "demo").expect("ok");
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0]
                .result
                .as_ref()
                .map(|m| m["metadata"]["namespace"].clone())
                .ok(),
            Some("demo".into())
        );
        let err = docs[1].result.clone().unwrap_err();
        assert_eq!(err.fields()[0].field, "spec.completions");
    }

    /// The malformed inputs of issue 6's acceptance list (and more): each refused with its
    /// status and, for a 422, the field.
    #[test]
    fn malformed_inputs_are_refused_at_their_field() {
        use serde_json::json;
        let c0 = "/spec/template/spec/containers/0";
        let f0 = "spec.template.spec.containers[0]";
        let y = |v: Value| String::from_utf8(yaml(&v)).expect("utf8");
        let mut cases: Vec<(String, &str, u16, String)> = vec![
            ("kind: Job\nmetadata: {name: [pi\n".into(), "application/yaml", 400, String::new()),
            ("{\"kind\": \"Job\",}".into(), "application/json", 400, String::new()),
            ("a: 1\n b: 2\n  c: [".into(), "text/yaml", 400, String::new()),
            ("[1, 2]".into(), "application/json", 422, String::new()),
            ("[]".into(), "application/json", 422, String::new()),
            ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n".into(), "application/yaml", 422, "apiVersion".into()),
            ("a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e]\n".into(), "application/yaml", 422, String::new()),
        ];
        let invalid: Vec<(Value, String)> = vec![
            (
                set(pi(), "/metadata/name", json!("Pi_Job")),
                "metadata.name".to_owned(),
            ),
            (
                set(pi(), "/metadata/name", json!("-pi")),
                "metadata.name".to_owned(),
            ),
            (
                set(pi(), "/metadata/name", json!("p".repeat(64))),
                "metadata.name".to_owned(),
            ),
            (
                set(pi(), "/metadata/namespace", json!("kube-system")),
                "metadata.namespace".to_owned(),
            ),
            (
                set(pi(), "/metadata/labels/app", json!("a b")),
                "metadata.labels[app]".to_owned(),
            ),
            (
                set(pi(), "/spec/completions", json!(-1)),
                "spec.completions".to_owned(),
            ),
            (
                set(pi(), "/spec/parallelism", json!("two")),
                "spec.parallelism".to_owned(),
            ),
            (
                set(pi(), "/spec/backoffLimit", json!(-6)),
                "spec.backoffLimit".to_owned(),
            ),
            (
                set(pi(), "/spec/activeDeadlineSeconds", json!(0)),
                "spec.activeDeadlineSeconds".to_owned(),
            ),
            (
                set(
                    set(pi(), "/spec/completionMode", json!("Indexed")),
                    "/spec/completions",
                    Value::Null,
                ),
                "spec.completions".to_owned(),
            ),
            (
                set(pi(), "/spec/template/spec/restartPolicy", json!("Always")),
                "spec.template.spec.restartPolicy".to_owned(),
            ),
            (
                set(pi(), "/spec/template/spec/containers", json!([])),
                "spec.template.spec.containers".to_owned(),
            ),
            (
                set(pi(), &format!("{c0}/resources/limits/cpu"), json!("abc")),
                format!("{f0}.resources.limits.cpu"),
            ),
            (
                set(
                    pi(),
                    &format!("{c0}/resources/requests/memory"),
                    json!("1Gi"),
                ),
                format!("{f0}.resources.requests.memory"),
            ),
            (
                set(pi(), &format!("{c0}/image"), json!("")),
                format!("{f0}.image"),
            ),
            (
                set(
                    pi(),
                    "/spec/template/spec/containers/1",
                    json!({"name": "pi", "image": "x"}),
                ),
                "spec.template.spec.containers[1].name".to_owned(),
            ),
            (
                set(
                    pi(),
                    &format!("{c0}/volumeMounts"),
                    json!([{"name": "ghost", "mountPath": "/g"}]),
                ),
                format!("{f0}.volumeMounts[0].name"),
            ),
            (
                set(
                    pi(),
                    &format!("{c0}/ports"),
                    json!([{"containerPort": 99999}]),
                ),
                format!("{f0}.ports[0].containerPort"),
            ),
            (
                set(
                    pi(),
                    &format!("{c0}/ports"),
                    json!([{"containerPort": 80, "protocol": "ICMP"}]),
                ),
                format!("{f0}.ports[0].protocol"),
            ),
            (
                set(pi(), &format!("{c0}/env"), json!([{"name": "A=B"}])),
                format!("{f0}.env[0].name"),
            ),
            (
                set(
                    pi(),
                    "/spec/template/spec/tolerations",
                    json!([{"operator": "Maybe"}]),
                ),
                "spec.template.spec.tolerations[0].operator".to_owned(),
            ),
        ];
        for (doc, field) in invalid {
            cases.push((y(doc), "application/yaml", 422, field));
        }
        assert!(cases.len() >= 27);
        for (body, ct, status, field) in &cases {
            let err = prepare_manifest(Some(ct), body.as_bytes(), "demo", None).unwrap_err();
            assert_eq!(err.http_status(), *status, "{body}: {err}");
            if !field.is_empty() {
                assert!(
                    err.fields().iter().any(|f| &f.field == field),
                    "{field} not in {:?}",
                    err.fields()
                );
            }
        }
        let not_utf8 = prepare_manifest(Some("application/yaml"), b"name: \xc3\x28", "demo", None)
            .unwrap_err();
        assert_eq!(not_utf8.http_status(), 400);
    }

    /// The Job manifests of the seed documents, as users paste them.
    #[test]
    fn the_seed_manifests_are_accepted() {
        let kubesphere = "apiVersion: batch/v1
kind: Job
metadata:
  namespace: cc
  labels:
    app: job-test-1
  name: job-test-1
  annotations:
    kubesphere.io/alias-name: Test
    kubesphere.io/description: A job test
spec:
  template:
    metadata:
      labels:
        app: job-test-1
      annotations:
        kubesphere.io/containerSecrets: null
    spec:
      containers:
        - name: container-xv4p2o
          imagePullPolicy: IfNotPresent
          image: perl
          command:
            - perl
            - '-Mbignum=bpi'
            - '-wle'
            - print bpi(2000)
      restartPolicy: Never
      serviceAccount: default
      initContainers: []
      volumes: []
      imagePullSecrets: null
  backoffLimit: 5
  parallelism: 2
  completions: 4
  activeDeadlineSeconds: 300
";
        let m = prepare_manifest(Some("application/yaml"), kubesphere.as_bytes(), "cc", None);
        assert!(m.is_ok(), "{m:?}");
        let echo = "apiVersion: batch/v1
kind: Job
metadata:
  name: job-echo
  namespace: default
  labels:
    job-name: job-echo
spec:
  suspend: true                   # A
  ttlSecondsAfterFinished: 100    # B
  backoffLimit: 4    # C
  completions: 2     # C
  parallelism: 2     # C
  template:
    spec:
      containers:
        - command:
            - echo
            - Hello, Job
          image: busybox:latest
          imagePullPolicy: Always
          name: echo
          resources: { }
      restartPolicy: Never
";
        let m = prepare_manifest(Some("application/yaml"), echo.as_bytes(), "default", None);
        assert!(m.is_ok(), "{m:?}");
        let pi = r#"apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"#;
        let m = prepare_manifest(None, pi.as_bytes(), "demo", None).expect("valid");
        assert_eq!(m["metadata"]["namespace"], "demo");
    }

    /// The Job as the cluster holds it: `pi()` with a generated selector and labels.
    fn current() -> Job {
        let mut stored = pi();
        stored["spec"]["selector"] =
            serde_json::json!({"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}});
        stored["spec"]["template"]["metadata"] = serde_json::json!({"labels": {
            "batch.kubernetes.io/controller-uid": "u1", "controller-uid": "u1",
            "batch.kubernetes.io/job-name": "pi", "job-name": "pi"}});
        serde_json::from_value(stored).expect("job")
    }

    #[test]
    fn a_replacement_keeps_the_generated_selector() {
        // The object as GET returned it passes, selector and all.
        let read = serde_json::to_vec(&current()).expect("json");
        let m = prepare_replacement(Some("application/json"), &read, "demo", "pi", &current())
            .expect("the object as read is a valid replacement");
        assert_eq!(
            m["spec"]["selector"]["matchLabels"]["batch.kubernetes.io/controller-uid"],
            "u1"
        );
        // A clean export (no selector, no generated labels) gets them back.
        let m = prepare_replacement(
            Some("application/yaml"),
            &yaml(&pi()),
            "demo",
            "pi",
            &current(),
        )
        .expect("the export is a valid replacement");
        assert_eq!(
            m["spec"]["selector"]["matchLabels"]["batch.kubernetes.io/controller-uid"],
            "u1"
        );
        assert_eq!(
            m["spec"]["template"]["metadata"]["labels"]["job-name"],
            "pi"
        );
        // A selector of the user's own (not the generated one) is still refused.
        let own = set(
            pi(),
            "/spec/selector",
            serde_json::json!({"matchLabels": {"app": "x"}}),
        );
        let err = prepare_replacement(
            Some("application/yaml"),
            &yaml(&own),
            "demo",
            "pi",
            &current(),
        )
        .unwrap_err();
        assert_eq!(err.fields()[0].field, "spec.selector");
    }

    #[test]
    fn a_generation_guards_the_spec_only() {
        let mut job = current();
        job.metadata.generation = Some(3);
        job.metadata.resource_version = Some("99".into());
        let mut read = set(pi(), "/metadata/generation", serde_json::json!(3));
        assert_eq!(generation_guard(&mut read, &job), Ok(true));
        assert_eq!(read["metadata"]["resourceVersion"], "99");
        assert!(read["metadata"].get("generation").is_none());
        let mut stale = set(pi(), "/metadata/generation", serde_json::json!(2));
        assert_eq!(generation_guard(&mut stale, &job), Err(()));
        let mut plain = pi();
        assert_eq!(generation_guard(&mut plain, &job), Ok(false));
        let mut both = set(
            set(pi(), "/metadata/generation", serde_json::json!(1)),
            "/metadata/resourceVersion",
            serde_json::json!("5"),
        );
        assert_eq!(generation_guard(&mut both, &job), Ok(false));
        assert_eq!(both["metadata"]["resourceVersion"], "5");
    }
}
