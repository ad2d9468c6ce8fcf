//! The Jobs REST API end to end, as automation uses it: against the sandbox by default, or
//! a real cluster with `JOBCONSOLE_TEST_KUBECONFIG` (see `common::Target`). No assertion
//! here depends on the sandbox: times are waited on, never assumed.

mod common;

use common::{Answer, Target, target};
use http::{Method, StatusCode};
use serde_json::{Value, json};

/// π to 2000 digits, from `perl -MMath::BigFloat -le 'print Math::BigFloat->bpi(2000)'`.
const PI_2000: &str = include_str!("../../sandbox/src/kubelet/fixtures/pi-2000.txt");

const YAML: &[(&str, &str)] = &[("content-type", "application/yaml")];

fn pi_yaml(name: &str) -> String {
    format!(
        r#"apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
  annotations:
    kubesphere.io/alias-name: Pi digits
spec:
  completions: 4
  parallelism: 2
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
"#
    )
}

fn sleeper(name: &str, seconds: u32) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name, "labels": {"app": "sleeper", "tier": name}},
        "spec": {
            "completions": 1,
            "backoffLimit": 0,
            "template": {"spec": {
                "restartPolicy": "Never",
                "containers": [{"name": "main", "image": "busybox:1.36",
                    "command": ["sh", "-c", format!("echo start; sleep {seconds}; echo done")]}]
            }}
        }
    })
}

fn assert_json_error(answer: &Answer, status: StatusCode, what: &str) {
    assert_eq!(answer.status, status, "{what}: {}", answer.text);
    assert_eq!(
        answer.json["code"].as_u64(),
        Some(u64::from(status.as_u16())),
        "{what}: JSON error body: {}",
        answer.text
    );
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{what}: a message: {}",
        answer.text
    );
}

/// Deletes leftovers of an earlier run (real clusters) and waits until they are gone.
async fn fresh(t: &Target, names: &[&str]) {
    for name in names {
        let path = format!("{}/jobs/{name}", t.base());
        t.send(Method::DELETE, &path, None).await;
        t.wait_for(&format!("{name} deleted"), async || {
            (t.send(Method::GET, &path, None).await.status == StatusCode::NOT_FOUND).then_some(())
        })
        .await;
    }
}

async fn summary(t: &Target, name: &str) -> Option<Value> {
    let list = t
        .send(
            Method::GET,
            &format!("{}/jobs?search={name}", t.base()),
            None,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    list.json["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["name"] == name).cloned())
}

async fn wait_status(t: &Target, name: &str, status: &str) -> Value {
    t.wait_for(&format!("{name} {status}"), async || {
        summary(t, name).await.filter(|s| s["status"] == status)
    })
    .await
}

async fn job_names(t: &Target) -> Vec<String> {
    let list = t
        .send(Method::GET, &format!("{}/jobs", t.base()), None)
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    list.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["name"].as_str().expect("name").to_owned())
        .collect()
}

/// Issue 6's acceptance flow, as project-regular: create pi from YAML, watch it complete,
/// read its Pods and logs, rerun, suspend and resume, export and import under a new name,
/// delete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pi_job_from_create_to_delete() {
    let t = target().await;
    fresh(&t, &["pi", "pi-copy"]).await;
    let base = t.base();

    let made = t
        .send_raw(Method::POST, &format!("{base}/jobs"), YAML, pi_yaml("pi"))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.json["metadata"]["namespace"], t.project);
    let first_uid = made.json["metadata"]["uid"]
        .as_str()
        .expect("uid")
        .to_owned();

    let row = summary(&t, "pi").await.expect("pi is listed");
    assert_eq!(row["alias"], "Pi digits");
    assert!(
        ["Pending", "Running"].contains(&row["status"].as_str().expect("status")),
        "a new Job is Pending or Running, never Failed: {row}"
    );
    wait_status(&t, "pi", "Running").await;
    let done = wait_status(&t, "pi", "Completed").await;
    assert_eq!(
        (done["succeeded"].as_i64(), done["completions"].as_i64()),
        (Some(4), Some(4))
    );
    assert!(done["durationSeconds"].as_i64().is_some());

    let pods = t
        .send(Method::GET, &format!("{base}/jobs/pi/pods"), None)
        .await;
    assert_eq!(pods.status, StatusCode::OK, "{}", pods.text);
    let items = pods.json["items"].as_array().expect("pods");
    assert_eq!(items.len(), 4, "{}", pods.text);
    for pod in items {
        assert_eq!(pod["phase"], "Succeeded");
        assert_eq!(pod["containers"][0]["exitCode"], 0);
        assert!(pod["node"].as_str().is_some(), "{pod}");
    }
    let pod = items[0]["name"].as_str().expect("name").to_owned();

    let log = t
        .send(Method::GET, &format!("{base}/pods/{pod}/logs"), None)
        .await;
    assert_eq!(log.status, StatusCode::OK);
    assert_eq!(log.text, PI_2000, "one Pod's log is π to 2000 digits");
    let download = t
        .send(
            Method::GET,
            &format!("{base}/pods/{pod}/logs?download=true"),
            None,
        )
        .await;
    assert_eq!(
        download.headers["content-disposition"],
        format!("attachment; filename=\"{pod}_pi.log\"").as_str()
    );

    let merged = t
        .send(Method::GET, &format!("{base}/jobs/pi/logs"), None)
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    let lines: Vec<&str> = merged.text.lines().collect();
    assert_eq!(lines.len(), 4, "one π line per Pod: {}", merged.text);
    for item in items {
        let name = item["name"].as_str().expect("name");
        assert!(
            lines.contains(&format!("[{name}] {}", PI_2000.trim_end()).as_str()),
            "{name}'s line is prefixed with its name"
        );
    }

    let events = t
        .send(Method::GET, &format!("{base}/jobs/pi/events"), None)
        .await;
    assert_eq!(events.status, StatusCode::OK);
    let reasons: Vec<&str> = events.json["items"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .collect();
    assert!(reasons.contains(&"SuccessfulCreate"), "{reasons:?}");
    assert!(reasons.contains(&"Completed"), "{reasons:?}");

    // Rerun: no confirmation needed for a finished Job; the first run is kept.
    let rerun = t
        .send(Method::POST, &format!("{base}/jobs/pi/rerun"), None)
        .await;
    assert_eq!(rerun.status, StatusCode::OK, "{}", rerun.text);
    let records = t
        .send(Method::GET, &format!("{base}/jobs/pi/records"), None)
        .await;
    let runs = records.json["items"].as_array().expect("records");
    assert_eq!(runs.len(), 2, "{}", records.text);
    assert_eq!(
        (runs[0]["run"].as_u64(), runs[0]["current"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(runs[1]["status"], "completed");
    assert_eq!(runs[1]["uid"], first_uid.as_str());
    assert_eq!(runs[1]["succeeded"], 4);
    // The old run's Pods went with it (Background propagation).
    t.wait_for("the first run's Pods are gone", async || {
        let pods = t
            .send(Method::GET, &format!("{base}/jobs/pi/pods"), None)
            .await;
        let names: Vec<&str> = pods.json["items"]
            .as_array()?
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        (!names.iter().any(|n| items.iter().any(|i| i["name"] == *n))).then_some(())
    })
    .await;

    // Suspend → Suspended, resume → Running.
    let suspended = t
        .send(Method::POST, &format!("{base}/jobs/pi/suspend"), None)
        .await;
    assert_eq!(suspended.status, StatusCode::OK, "{}", suspended.text);
    wait_status(&t, "pi", "Suspended").await;
    let resumed = t
        .send(Method::POST, &format!("{base}/jobs/pi/resume"), None)
        .await;
    assert_eq!(resumed.status, StatusCode::OK, "{}", resumed.text);
    wait_status(&t, "pi", "Running").await;

    // Export → import under a new name.
    let export = t
        .send_raw(
            Method::GET,
            &format!("{base}/jobs/pi"),
            &[("accept", "application/yaml")],
            "",
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export.headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/yaml")
    );
    for generated in [
        "uid:",
        "resourceVersion:",
        "status:",
        "controller-uid",
        "managedFields",
        "creationTimestamp",
        "revisions",
    ] {
        assert!(
            !export.text.contains(generated),
            "the export has no {generated}: {}",
            export.text
        );
    }
    let copy = export.text.replacen("name: pi\n", "name: pi-copy\n", 1);
    let imported = t
        .send_raw(Method::POST, &format!("{base}/imports"), YAML, copy)
        .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
    assert_eq!(
        imported.json["items"][0]["result"], "created",
        "{}",
        imported.text
    );
    assert_eq!(imported.json["items"][0]["name"], "pi-copy");
    assert!(summary(&t, "pi-copy").await.is_some());

    // Delete → the Job and its Pods are gone.
    for name in ["pi", "pi-copy"] {
        let pods_before = t
            .send(Method::GET, &format!("{base}/jobs/{name}/pods"), None)
            .await;
        let deleted = t
            .send(Method::DELETE, &format!("{base}/jobs/{name}"), None)
            .await;
        assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.text);
        assert_eq!(deleted.json["propagationPolicy"], "Background");
        for pod in pods_before.json["items"].as_array().expect("pods") {
            let pod = pod["name"].as_str().expect("name");
            t.wait_for(&format!("pod {pod} deleted"), async || {
                let log = t
                    .send(Method::GET, &format!("{base}/pods/{pod}/logs"), None)
                    .await;
                (log.status == StatusCode::NOT_FOUND).then_some(())
            })
            .await;
        }
        let gone = t
            .send(Method::GET, &format!("{base}/jobs/{name}"), None)
            .await;
        assert_json_error(&gone, StatusCode::NOT_FOUND, "deleted Job");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_validates_and_creates_nothing() {
    let t = target().await;
    fresh(&t, &["dry"]).await;
    let answer = t
        .send(
            Method::POST,
            &format!("{}/jobs?dryRun=true", t.base()),
            Some(sleeper("dry", 1)),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["metadata"]["name"], "dry");
    assert!(!job_names(&t).await.contains(&"dry".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_search_filter_sort_and_pages() {
    let t = target().await;
    let names = ["list-a", "list-b", "list-c"];
    fresh(&t, &names).await;
    for name in names {
        let made = t
            .send(
                Method::POST,
                &format!("{}/jobs", t.base()),
                Some(sleeper(name, 3600)),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    }
    let base = t.base();
    let get = |q: String| {
        let t = &t;
        let base = base.clone();
        async move {
            let a = t.send(Method::GET, &format!("{base}/jobs?{q}"), None).await;
            assert_eq!(a.status, StatusCode::OK, "{q}: {}", a.text);
            a.json
        }
    };
    let found = get("search=LIST-&sortBy=name&order=asc".into()).await;
    let listed: Vec<&str> = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(listed, names);
    assert_eq!(found["total"], 3);

    let page1 = get("search=list-&sortBy=name&order=desc&limit=2".into()).await;
    assert_eq!(page1["items"][0]["name"], "list-c");
    assert_eq!(page1["items"].as_array().expect("items").len(), 2);
    assert_eq!(page1["total"], 3);
    let token = page1["continue"].as_str().expect("a next page");
    let page2 = get(format!(
        "search=list-&sortBy=name&order=desc&limit=2&continue={token}"
    ))
    .await;
    assert_eq!(page2["items"][0]["name"], "list-a");
    assert!(page2.get("continue").is_none());

    let by_label = get("labelSelector=app%3Dsleeper,tier%20in%20(list-b)".into()).await;
    assert_eq!(by_label["total"], 1, "{by_label}");
    assert_eq!(by_label["items"][0]["name"], "list-b");

    let bad_selector = t
        .send(
            Method::GET,
            &format!("{base}/jobs?labelSelector=a%3D%3D%3D"),
            None,
        )
        .await;
    assert_json_error(&bad_selector, StatusCode::BAD_REQUEST, "bad selector");
    let bad_status = t
        .send(Method::GET, &format!("{base}/jobs?status=Exploded"), None)
        .await;
    assert_json_error(&bad_status, StatusCode::BAD_REQUEST, "bad status");
    let bad_sort = t
        .send(Method::GET, &format!("{base}/jobs?sortBy=colour"), None)
        .await;
    assert_json_error(&bad_sort, StatusCode::BAD_REQUEST, "bad sortBy");
    let bad_token = t
        .send(
            Method::GET,
            &format!("{base}/jobs?limit=1&continue=zzz"),
            None,
        )
        .await;
    assert_json_error(&bad_token, StatusCode::BAD_REQUEST, "bad continue");
    fresh(&t, &names).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_info_and_rerun_guards() {
    let t = target().await;
    fresh(&t, &["edit-me"]).await;
    let base = t.base();
    let made = t
        .send(
            Method::POST,
            &format!("{base}/jobs"),
            Some(sleeper("edit-me", 3600)),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let path = format!("{base}/jobs/edit-me");
    wait_status(&t, "edit-me", "Running").await;

    // Info: alias and description, validated.
    let info = t
        .send(
            Method::PATCH,
            &format!("{path}/info"),
            Some(json!({"alias": "Sleeper", "description": "sleeps"})),
        )
        .await;
    assert_eq!(info.status, StatusCode::OK, "{}", info.text);
    assert_eq!(
        (
            info.json["alias"].as_str(),
            info.json["description"].as_str()
        ),
        (Some("Sleeper"), Some("sleeps"))
    );
    let long = t
        .send(
            Method::PATCH,
            &format!("{path}/info"),
            Some(json!({"alias": "x".repeat(64)})),
        )
        .await;
    assert_json_error(&long, StatusCode::UNPROCESSABLE_ENTITY, "alias too long");
    assert_eq!(long.json["fields"][0]["field"], "alias");
    assert_eq!(
        summary(&t, "edit-me").await.expect("listed")["alias"],
        "Sleeper"
    );

    // Replace: the export with a mutable change goes through; a stale resourceVersion is
    // a 409; a change of an immutable field is a 422 naming it.
    let current = t.send(Method::GET, &path, None).await.json;
    let mut export: Value = serde_norway::from_str(
        &t.send(Method::GET, &format!("{path}?format=yaml"), None)
            .await
            .text,
    )
    .expect("export is YAML");
    export["spec"]["activeDeadlineSeconds"] = json!(7200);
    let replaced = t.send(Method::PUT, &path, Some(export.clone())).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    assert_eq!(replaced.json["spec"]["activeDeadlineSeconds"], 7200);

    // Guarded by generation (what the UI sends): status updates do not count, a spec
    // change since does.
    let generation = replaced.json["metadata"]["generation"].clone();
    assert!(generation.as_i64().is_some(), "{}", replaced.text);
    let mut by_generation = export.clone();
    by_generation["metadata"]["generation"] = generation;
    by_generation["spec"]["activeDeadlineSeconds"] = json!(7300);
    t.tick().await;
    let guarded = t.send(Method::PUT, &path, Some(by_generation)).await;
    assert_eq!(guarded.status, StatusCode::OK, "{}", guarded.text);
    let mut old_generation = export.clone();
    old_generation["metadata"]["generation"] = current["metadata"]["generation"].clone();
    let refused = t.send(Method::PUT, &path, Some(old_generation)).await;
    assert_json_error(&refused, StatusCode::CONFLICT, "stale generation");

    let mut stale = export.clone();
    stale["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"].clone();
    stale["spec"]["activeDeadlineSeconds"] = json!(9000);
    let conflict = t.send(Method::PUT, &path, Some(stale)).await;
    assert_json_error(&conflict, StatusCode::CONFLICT, "stale resourceVersion");
    assert!(
        conflict.json["message"]
            .as_str()
            .expect("message")
            .contains("reload")
    );

    let mut immutable = export.clone();
    immutable["spec"]["template"]["spec"]["containers"][0]["image"] = json!("busybox:1.37");
    let refused = t.send(Method::PUT, &path, Some(immutable)).await;
    assert_json_error(
        &refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "immutable template",
    );
    assert!(
        refused.json["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .any(|f| f["field"]
                .as_str()
                .is_some_and(|f| f.starts_with("spec.template"))),
        "{}",
        refused.text
    );
    let renamed = t
        .send(Method::PUT, &path, Some(json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "other"}, "spec": export["spec"].clone()})))
        .await;
    assert_json_error(
        &renamed,
        StatusCode::UNPROCESSABLE_ENTITY,
        "name differs from path",
    );
    assert_eq!(renamed.json["fields"][0]["field"], "metadata.name");

    // Rerun of a running Job needs force=true; then the run history has two runs.
    let unconfirmed = t.send(Method::POST, &format!("{path}/rerun"), None).await;
    assert_json_error(&unconfirmed, StatusCode::CONFLICT, "rerun while running");
    assert!(
        unconfirmed.json["message"]
            .as_str()
            .expect("message")
            .contains("force=true")
    );
    let forced = t
        .send(Method::POST, &format!("{path}/rerun?force=true"), None)
        .await;
    assert_eq!(forced.status, StatusCode::OK, "{}", forced.text);
    let runs = forced.json["items"].as_array().expect("records");
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1]["status"], "unfinished");
    assert_eq!(
        summary(&t, "edit-me").await.expect("listed")["alias"],
        "Sleeper"
    );
    fresh(&t, &["edit-me"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn followed_logs_stream_until_the_container_ends() {
    let t = target().await;
    fresh(&t, &["follow-me"]).await;
    let base = t.base();
    let made = t
        .send(
            Method::POST,
            &format!("{base}/jobs"),
            Some(sleeper("follow-me", 3)),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let pod = t
        .wait_for("a pod", async || {
            let pods = t
                .send(Method::GET, &format!("{base}/jobs/follow-me/pods"), None)
                .await;
            pods.json["items"][0]["name"].as_str().map(str::to_owned)
        })
        .await;
    let ticker = t.ticker();
    let followed = t
        .send(
            Method::GET,
            &format!("{base}/pods/{pod}/logs?follow=true"),
            None,
        )
        .await;
    assert_eq!(followed.status, StatusCode::OK, "{}", followed.text);
    assert_eq!(followed.text, "start\ndone\n");
    assert_eq!(followed.headers["cache-control"], "no-cache, no-transform");
    let merged = t
        .send(
            Method::GET,
            &format!("{base}/jobs/follow-me/logs?follow=true"),
            None,
        )
        .await;
    drop(ticker);
    assert_eq!(merged.text, format!("[{pod}] start\n[{pod}] done\n"));
    let tail = t
        .send(
            Method::GET,
            &format!("{base}/pods/{pod}/logs?tailLines=1&timestamps=true"),
            None,
        )
        .await;
    assert!(
        tail.text.ends_with(" done\n") && tail.text.lines().count() == 1,
        "{}",
        tail.text
    );
    let bad = t
        .send(
            Method::GET,
            &format!("{base}/pods/{pod}/logs?container=nope"),
            None,
        )
        .await;
    assert_json_error(&bad, StatusCode::BAD_REQUEST, "unknown container");
    assert!(
        bad.json["message"]
            .as_str()
            .expect("message")
            .contains("main")
    );
    let negative = t
        .send(
            Method::GET,
            &format!("{base}/pods/{pod}/logs?tailLines=-3"),
            None,
        )
        .await;
    assert_json_error(&negative, StatusCode::BAD_REQUEST, "negative tailLines");
    fresh(&t, &["follow-me"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_report_each_document() {
    let t = target().await;
    fresh(&t, &["imp-a", "imp-b"]).await;
    let body = format!(
        "{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: sneaky\nspec:\n  containers: []\n---\n{}---\n{}",
        pi_yaml("imp-a"),
        pi_yaml("imp-b").replace("completions: 4", "completions: -4"),
        pi_yaml("imp-b"),
    );
    let dry = t
        .send_raw(
            Method::POST,
            &format!("{}/imports?dryRun=true", t.base()),
            YAML,
            body.clone(),
        )
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.text);
    assert_eq!(
        (dry.json["succeeded"].as_u64(), dry.json["failed"].as_u64()),
        (Some(2), Some(2))
    );
    assert!(!job_names(&t).await.contains(&"imp-a".to_owned()));

    let answer = t
        .send_raw(Method::POST, &format!("{}/imports", t.base()), YAML, body)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let items = answer.json["items"].as_array().expect("items");
    let results: Vec<&str> = items.iter().filter_map(|i| i["result"].as_str()).collect();
    assert_eq!(results, ["created", "failed", "failed", "created"]);
    assert_eq!(items[1]["fields"][0]["field"], "kind");
    assert_eq!(items[2]["code"], 422);
    assert_eq!(items[2]["fields"][0]["field"], "spec.completions");
    assert!(items[3]["line"].as_u64().expect("line") > 1);
    let names = job_names(&t).await;
    assert!(names.contains(&"imp-a".to_owned()) && names.contains(&"imp-b".to_owned()));
    fresh(&t, &["imp-a", "imp-b"]).await;
}
