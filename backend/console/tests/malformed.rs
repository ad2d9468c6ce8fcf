//! Bad input to `POST jobs`: every body below gets a 4xx JSON error naming the problem (and
//! the field, where there is one), and nothing is created.

mod common;

use common::target;
use http::{Method, StatusCode};
use serde_json::{Value, json};

fn job() -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "bad-input"},
        "spec": {
            "template": {"spec": {
                "restartPolicy": "Never",
                "containers": [{"name": "main", "image": "busybox:1.36", "command": ["true"]}]
            }}
        }
    })
}

fn with(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value = job();
    edit(&mut value);
    value.to_string().into_bytes()
}

fn container(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    with(|j| edit(&mut j["spec"]["template"]["spec"]["containers"][0]))
}

/// An alias bomb: each level doubles the expansion.
fn alias_bomb() -> Vec<u8> {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x]\n");
    for i in 1..24 {
        let p = i - 1;
        yaml.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    yaml.push_str("kind: Job\napiVersion: batch/v1\nmetadata: {name: bomb}\n");
    yaml.into_bytes()
}

struct Case {
    what: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    status: StatusCode,
    /// A field error whose path contains this, or `None` when no field applies.
    field: Option<&'static str>,
}

fn case(
    what: &'static str,
    body: Vec<u8>,
    status: StatusCode,
    field: Option<&'static str>,
) -> Case {
    Case {
        what,
        content_type: "application/json",
        body,
        status,
        field,
    }
}

fn yaml_case(
    what: &'static str,
    body: &str,
    status: StatusCode,
    field: Option<&'static str>,
) -> Case {
    Case {
        content_type: "application/yaml",
        ..case(what, body.as_bytes().to_vec(), status, field)
    }
}

const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
const BAD: StatusCode = StatusCode::BAD_REQUEST;

fn cases() -> Vec<Case> {
    let mut utf8 = job().to_string().into_bytes();
    let at = utf8.len() / 2;
    utf8.splice(at..at, [0xff, 0xfe]);
    vec![
        yaml_case("broken YAML", "kind: Job\nmetadata: [name: x\n", BAD, None),
        case(
            "JSON with a trailing comma",
            br#"{"kind": "Job", "apiVersion": "batch/v1",}"#.to_vec(),
            BAD,
            None,
        ),
        case("empty body", Vec::new(), BAD, None),
        case("invalid UTF-8", utf8, BAD, None),
        Case {
            content_type: "text/plain",
            ..case(
                "text/plain body",
                job().to_string().into_bytes(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                None,
            )
        },
        case("a JSON array", b"[1, 2]".to_vec(), INVALID, None),
        yaml_case("two documents", "kind: Job\n---\nkind: Job\n", BAD, None),
        case(
            "wrong kind",
            with(|j| j["kind"] = json!("Pod")),
            INVALID,
            Some("kind"),
        ),
        case(
            "wrong apiVersion",
            with(|j| j["apiVersion"] = json!("batch/v2")),
            INVALID,
            Some("apiVersion"),
        ),
        case(
            "no name",
            with(|j| j["metadata"] = json!({})),
            INVALID,
            Some("metadata.name"),
        ),
        case(
            "uppercase name",
            with(|j| j["metadata"]["name"] = json!("Pi_Job")),
            INVALID,
            Some("metadata.name"),
        ),
        case(
            "64-character name",
            with(|j| j["metadata"]["name"] = json!("a".repeat(64))),
            INVALID,
            Some("metadata.name"),
        ),
        case(
            "another namespace",
            with(|j| j["metadata"]["namespace"] = json!("other-project")),
            INVALID,
            Some("metadata.namespace"),
        ),
        case(
            "alias of 64 characters",
            with(|j| {
                j["metadata"]["annotations"] = json!({"kubesphere.io/alias-name": "x".repeat(64)})
            }),
            INVALID,
            Some("metadata.annotations"),
        ),
        case(
            "description of 513 characters",
            with(|j| {
                j["metadata"]["annotations"] = json!({"kubesphere.io/description": "x".repeat(513)})
            }),
            INVALID,
            Some("metadata.annotations"),
        ),
        case(
            "bad label key",
            with(|j| j["metadata"]["labels"] = json!({"-bad/key-": "v"})),
            INVALID,
            Some("metadata.labels"),
        ),
        case(
            "bad label value",
            with(|j| j["metadata"]["labels"] = json!({"app": "has spaces"})),
            INVALID,
            Some("metadata.labels"),
        ),
        case(
            "negative completions",
            with(|j| j["spec"]["completions"] = json!(-1)),
            INVALID,
            Some("spec.completions"),
        ),
        case(
            "negative parallelism",
            with(|j| j["spec"]["parallelism"] = json!(-2)),
            INVALID,
            Some("spec.parallelism"),
        ),
        case(
            "negative backoffLimit",
            with(|j| j["spec"]["backoffLimit"] = json!(-1)),
            INVALID,
            Some("spec.backoffLimit"),
        ),
        case(
            "zero activeDeadlineSeconds",
            with(|j| j["spec"]["activeDeadlineSeconds"] = json!(0)),
            INVALID,
            Some("spec.activeDeadlineSeconds"),
        ),
        case(
            "completions as text",
            with(|j| j["spec"]["completions"] = json!("four")),
            INVALID,
            Some("spec.completions"),
        ),
        case(
            "Indexed without completions",
            with(|j| j["spec"]["completionMode"] = json!("Indexed")),
            INVALID,
            Some("spec.completions"),
        ),
        case(
            "restartPolicy Always",
            with(|j| j["spec"]["template"]["spec"]["restartPolicy"] = json!("Always")),
            INVALID,
            Some("spec.template.spec.restartPolicy"),
        ),
        case(
            "no containers",
            with(|j| j["spec"]["template"]["spec"]["containers"] = json!([])),
            INVALID,
            Some("spec.template.spec.containers"),
        ),
        case(
            "no image",
            container(|c| c["image"] = json!("")),
            INVALID,
            Some("containers[0].image"),
        ),
        case(
            "bad container name",
            container(|c| c["name"] = json!("Main!")),
            INVALID,
            Some("containers[0].name"),
        ),
        case(
            "duplicate container names",
            with(|j| {
                let c = j["spec"]["template"]["spec"]["containers"][0].clone();
                j["spec"]["template"]["spec"]["containers"] = json!([c.clone(), c]);
            }),
            INVALID,
            Some("containers[1].name"),
        ),
        case(
            "cpu abc",
            container(|c| c["resources"] = json!({"limits": {"cpu": "abc"}})),
            INVALID,
            Some("resources.limits.cpu"),
        ),
        case(
            "memory 12XB",
            container(|c| c["resources"] = json!({"requests": {"memory": "12XB"}})),
            INVALID,
            Some("resources.requests.memory"),
        ),
        case(
            "request above limit",
            container(|c| {
                c["resources"] = json!({"requests": {"cpu": "2"}, "limits": {"cpu": "500m"}})
            }),
            INVALID,
            Some("resources.requests"),
        ),
        case(
            "negative memory",
            container(|c| c["resources"] = json!({"limits": {"memory": "-1Gi"}})),
            INVALID,
            Some("resources.limits.memory"),
        ),
        case(
            "port 70000",
            container(|c| c["ports"] = json!([{"containerPort": 70000}])),
            INVALID,
            Some("ports[0].containerPort"),
        ),
        case(
            "protocol ICMP",
            container(|c| c["ports"] = json!([{"containerPort": 80, "protocol": "ICMP"}])),
            INVALID,
            Some("ports[0].protocol"),
        ),
        case(
            "env name 1BAD",
            container(|c| c["env"] = json!([{"name": "1BAD=", "value": "x"}])),
            INVALID,
            Some("env[0].name"),
        ),
        case(
            "env with value and valueFrom",
            container(
                |c| c["env"] = json!([{"name": "A", "value": "x", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}}]),
            ),
            INVALID,
            Some("env[0]"),
        ),
        case(
            "mount of an undefined volume",
            container(|c| c["volumeMounts"] = json!([{"name": "data", "mountPath": "/data"}])),
            INVALID,
            Some("volumeMounts[0].name"),
        ),
        case(
            "relative mount path",
            with(|j| {
                j["spec"]["template"]["spec"]["volumes"] =
                    json!([{"name": "data", "emptyDir": {}}]);
                j["spec"]["template"]["spec"]["containers"][0]["volumeMounts"] =
                    json!([{"name": "data", "mountPath": "data"}]);
            }),
            INVALID,
            Some("volumeMounts[0].mountPath"),
        ),
        case(
            "bad node selector label",
            with(|j| j["spec"]["template"]["spec"]["nodeSelector"] = json!({"bad key!": "x"})),
            INVALID,
            Some("spec.template.spec.nodeSelector"),
        ),
        Case {
            content_type: "application/yaml",
            ..case("alias bomb", alias_bomb(), INVALID, None)
        },
        case(
            "2 MiB body",
            vec![b' '; 2 * 1024 * 1024],
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_malformed_body_is_a_clear_4xx_and_creates_nothing() {
    let t = target().await;
    let path = format!("{}/jobs", t.base());
    let before = t.send(Method::GET, &path, None).await;
    assert_eq!(before.status, StatusCode::OK);
    let cases = cases();
    assert!(cases.len() >= 30, "at least 30 malformed inputs");
    for case in cases {
        let answer = t
            .send_raw(
                Method::POST,
                &path,
                &[("content-type", case.content_type)],
                case.body,
            )
            .await;
        assert_eq!(answer.status, case.status, "{}: {}", case.what, answer.text);
        assert_eq!(
            answer.json["code"],
            case.status.as_u16(),
            "{}: JSON body {}",
            case.what,
            answer.text
        );
        assert!(
            answer.json["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{}",
            case.what
        );
        if let Some(field) = case.field {
            let fields = answer.json["fields"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(
                fields
                    .iter()
                    .any(|f| f["field"].as_str().is_some_and(|f| f.contains(field))),
                "{}: a field error at {field}: {}",
                case.what,
                answer.text
            );
        }
    }
    let after = t.send(Method::GET, &path, None).await;
    assert_eq!(
        before.json["total"], after.json["total"],
        "nothing was created"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_problems_come_back_at_once() {
    let t = target().await;
    let body = with(|j| {
        j["metadata"]["name"] = json!("Bad Name");
        j["spec"]["completions"] = json!(-1);
        j["spec"]["template"]["spec"]["containers"][0]["image"] = json!("");
        j["spec"]["template"]["spec"]["containers"][0]["resources"] =
            json!({"limits": {"cpu": "abc"}});
    });
    let answer = t
        .send_raw(
            Method::POST,
            &format!("{}/jobs", t.base()),
            &[("content-type", "application/json")],
            body,
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    let fields: Vec<&str> = answer.json["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    for expected in [
        "metadata.name",
        "spec.completions",
        "spec.template.spec.containers[0].image",
        "spec.template.spec.containers[0].resources.limits.cpu",
    ] {
        assert!(fields.contains(&expected), "{expected} in {fields:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_paths_and_queries_are_4xx_json() {
    let t = target().await;
    let base = t.base();
    for (path, status) in [
        (format!("{base}/jobs/Bad_Name"), StatusCode::BAD_REQUEST),
        (
            format!("{base}/jobs/{}", "a".repeat(300)),
            StatusCode::BAD_REQUEST,
        ),
        (format!("{base}/jobs/..%2Fsecrets"), StatusCode::BAD_REQUEST),
        (format!("{base}/jobs/missing"), StatusCode::NOT_FOUND),
        (
            format!("{base}/jobs/missing?format=xml"),
            StatusCode::BAD_REQUEST,
        ),
        (format!("{base}/jobs?limit=-1"), StatusCode::BAD_REQUEST),
        (format!("{base}/pods/missing/logs"), StatusCode::NOT_FOUND),
        (
            format!("{base}/pods/x/logs?sinceSeconds=0"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("{base}/pods/x/logs?follow=true&previous=true"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/clusters/nope/projects/demo-project/jobs".to_owned(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let answer = t.send(Method::GET, &path, None).await;
        assert_eq!(answer.status, status, "{path}: {}", answer.text);
        assert_eq!(
            answer.json["code"],
            status.as_u16(),
            "{path}: {}",
            answer.text
        );
    }
    let bad_dry_run = t
        .send(
            Method::POST,
            &format!("{base}/jobs?dryRun=maybe"),
            Some(job()),
        )
        .await;
    assert_eq!(
        bad_dry_run.status,
        StatusCode::BAD_REQUEST,
        "{}",
        bad_dry_run.text
    );
    assert!(
        bad_dry_run.json["message"]
            .as_str()
            .expect("message")
            .contains("dryRun")
    );
}
