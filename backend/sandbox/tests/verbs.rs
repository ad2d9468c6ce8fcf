//! Every verb through kube-rs against the sandbox's router, and Kubernetes' error wording.

mod common;

use common::{client, job, sandbox, status};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use serde_json::json;

#[tokio::test]
async fn create_defaults_a_job_and_get_returns_it() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let created = jobs
        .create(&PostParams::default(), &job("pi").build())
        .await
        .expect("create");
    let spec = created.spec.clone().expect("spec");
    // Kubernetes' defaults: backoffLimit 6, completions/parallelism 1, NonIndexed.
    assert_eq!(spec.backoff_limit, Some(6));
    assert_eq!(spec.completions, Some(1));
    assert_eq!(spec.parallelism, Some(1));
    assert_eq!(spec.completion_mode.as_deref(), Some("NonIndexed"));
    let uid = created.metadata.uid.clone().expect("uid");
    let labels = spec
        .template
        .metadata
        .and_then(|m| m.labels)
        .expect("labels");
    assert_eq!(labels.get("batch.kubernetes.io/controller-uid"), Some(&uid));
    assert_eq!(labels.get("controller-uid"), Some(&uid));
    assert_eq!(
        labels
            .get("batch.kubernetes.io/job-name")
            .map(String::as_str),
        Some("pi")
    );
    assert_eq!(labels.get("job-name").map(String::as_str), Some("pi"));
    let selector = spec
        .selector
        .and_then(|s| s.match_labels)
        .expect("selector");
    assert_eq!(
        selector.get("batch.kubernetes.io/controller-uid"),
        Some(&uid)
    );
    let pod_spec = spec.template.spec.expect("pod spec");
    assert_eq!(pod_spec.termination_grace_period_seconds, Some(30));
    assert_eq!(pod_spec.dns_policy.as_deref(), Some("ClusterFirst"));
    assert_eq!(
        pod_spec.scheduler_name.as_deref(),
        Some("default-scheduler")
    );
    assert_eq!(created.metadata.generation, Some(1));

    let got = jobs.get("pi").await.expect("get");
    assert_eq!(
        got.metadata.resource_version,
        created.metadata.resource_version
    );
}

#[tokio::test]
async fn errors_use_kubernetes_wording() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let s = status(jobs.get("pi").await.expect_err("missing"));
    assert_eq!((s.code, s.reason.as_str()), (404, "NotFound"));
    assert_eq!(s.message, r#"jobs.batch "pi" not found"#);

    jobs.create(&PostParams::default(), &job("pi").build())
        .await
        .expect("create");
    let s = status(
        jobs.create(&PostParams::default(), &job("pi").build())
            .await
            .expect_err("duplicate"),
    );
    assert_eq!((s.code, s.reason.as_str()), (409, "AlreadyExists"));
    assert_eq!(s.message, r#"jobs.batch "pi" already exists"#);

    let mut stale = jobs.get("pi").await.expect("get");
    jobs.patch(
        "pi",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"a": "b"}}})),
    )
    .await
    .expect("patch");
    stale.metadata.annotations = Some([("x".to_owned(), "y".to_owned())].into());
    let s = status(
        jobs.replace("pi", &PostParams::default(), &stale)
            .await
            .expect_err("stale"),
    );
    assert_eq!((s.code, s.reason.as_str()), (409, "Conflict"));
    assert_eq!(
        s.message,
        r#"Operation cannot be fulfilled on jobs.batch "pi": the object has been modified; please apply your changes to the latest version and try again"#
    );

    let regular: Api<Job> = Api::namespaced(client(&sb, "project-regular"), "other-project");
    let mut other = job("pi").build();
    other.metadata.namespace = Some("other-project".into());
    let s = status(
        regular
            .create(&PostParams::default(), &other)
            .await
            .expect_err("forbidden"),
    );
    assert_eq!((s.code, s.reason.as_str()), (403, "Forbidden"));
    assert_eq!(
        s.message,
        r#"jobs.batch is forbidden: User "project-regular" cannot create resource "jobs" in API group "batch" in the namespace "other-project""#
    );
}

#[tokio::test]
async fn job_validation_answers_422_with_causes() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let bad = job("Bad_Name")
        .spec(|s| {
            s.backoff_limit = Some(-1);
            s.completion_mode = Some("Indexed".into());
            // With parallelism set, completions stays unset (no defaulting), which an
            // Indexed Job may not have.
            s.parallelism = Some(2);
            if let Some(p) = s.template.spec.as_mut() {
                p.restart_policy = Some("Always".into());
                p.containers.push(p.containers[0].clone());
                p.containers[0].image = None;
                p.containers[0].volume_mounts =
                    Some(vec![k8s_openapi::api::core::v1::VolumeMount {
                        name: "data".into(),
                        mount_path: "/data".into(),
                        ..Default::default()
                    }]);
                p.containers[1].resources =
                    Some(k8s_openapi::api::core::v1::ResourceRequirements {
                        limits: Some(
                            [(
                                "cpu".to_owned(),
                                k8s_openapi::apimachinery::pkg::api::resource::Quantity(
                                    "lots".into(),
                                ),
                            )]
                            .into(),
                        ),
                        ..Default::default()
                    });
            }
        })
        .build();
    let s = status(
        jobs.create(&PostParams::default(), &bad)
            .await
            .expect_err("invalid"),
    );
    assert_eq!((s.code, s.reason.as_str()), (422, "Invalid"));
    let fields: Vec<String> = s
        .details
        .expect("details")
        .causes
        .into_iter()
        .map(|c| c.field)
        .collect();
    for want in [
        "metadata.name",
        "spec.backoffLimit",
        "spec.completions",
        "spec.template.spec.restartPolicy",
        "spec.template.spec.containers[0].image",
        "spec.template.spec.containers[0].volumeMounts[0].name",
        "spec.template.spec.containers[1].name",
        "spec.template.spec.containers[1].resources.limits[cpu]",
    ] {
        assert!(
            fields.iter().any(|f| f == want),
            "{want} missing from {fields:?}"
        );
    }
    assert!(
        s.message
            .starts_with(r#"Job.batch "Bad_Name" is invalid: ["#),
        "{}",
        s.message
    );

    // Missing restartPolicy is "Required", as the API server words it.
    let s = status(
        jobs.create(
            &PostParams::default(),
            &job("norestart")
                .spec(|s| {
                    if let Some(p) = s.template.spec.as_mut() {
                        p.restart_policy = None;
                    }
                })
                .build(),
        )
        .await
        .expect_err("invalid"),
    );
    assert_eq!(
        s.message,
        r#"Job.batch "norestart" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never""#
    );
}

#[tokio::test]
async fn immutable_fields_cannot_change_on_update() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    jobs.create(&PostParams::default(), &job("pi").build())
        .await
        .expect("create");
    let s = status(
        jobs.patch(
            "pi",
            &PatchParams::default(),
            &Patch::Strategic(json!({"spec": {"template": {"spec": {"containers": [{"name": "main", "image": "other"}]}}}})),
        )
        .await
        .expect_err("immutable"),
    );
    assert_eq!(s.code, 422);
    assert!(
        s.message.contains("spec.template: Invalid value:"),
        "{}",
        s.message
    );
    assert!(s.message.ends_with("field is immutable"), "{}", s.message);
    let s = status(
        jobs.patch(
            "pi",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"completions": 3}})),
        )
        .await
        .expect_err("immutable"),
    );
    assert_eq!(
        s.message,
        r#"Job.batch "pi" is invalid: spec.completions: Invalid value: 3: field is immutable"#
    );
    // suspend is mutable, and bumps the generation.
    let patched = jobs
        .patch(
            "pi",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"suspend": true}})),
        )
        .await
        .expect("suspend");
    assert_eq!(patched.spec.and_then(|s| s.suspend), Some(true));
    assert_eq!(patched.metadata.generation, Some(2));
}

#[tokio::test]
async fn generate_name_and_dry_run() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let created = jobs
        .create(
            &PostParams::default(),
            &job("").generate_name("batch-").build(),
        )
        .await
        .expect("create");
    let name = created.metadata.name.expect("name");
    assert!(
        name.starts_with("batch-") && name.len() == "batch-".len() + 5,
        "{name}"
    );

    let dry = PostParams {
        dry_run: true,
        ..PostParams::default()
    };
    let answer = jobs
        .create(&dry, &job("dry").build())
        .await
        .expect("dry run");
    assert_eq!(answer.spec.and_then(|s| s.backoff_limit), Some(6));
    assert!(status(jobs.get("dry").await.expect_err("not stored")).code == 404);
}

#[tokio::test]
async fn list_with_selectors_and_pages() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    for (name, app, tier) in [
        ("a", "x", "web"),
        ("b", "x", "db"),
        ("c", "y", "web"),
        ("d", "z", ""),
    ] {
        let mut labels = vec![("app", app)];
        if !tier.is_empty() {
            labels.push(("tier", tier));
        }
        jobs.create(&PostParams::default(), &job(name).labels(&labels).build())
            .await
            .expect("create");
    }
    let names = |l: kube::core::ObjectList<Job>| -> Vec<String> {
        l.items
            .into_iter()
            .filter_map(|j| j.metadata.name)
            .collect()
    };
    let cases: &[(&str, &[&str])] = &[
        ("app=x", &["a", "b"]),
        ("app==x", &["a", "b"]),
        ("app!=x", &["c", "d"]),
        ("app in (x,y)", &["a", "b", "c"]),
        ("app notin (x,y)", &["d"]),
        ("tier", &["a", "b", "c"]),
        ("!tier", &["d"]),
        ("app=x,tier=web", &["a"]),
    ];
    for (sel, want) in cases {
        let got = names(
            jobs.list(&ListParams::default().labels(sel))
                .await
                .expect(sel),
        );
        assert_eq!(&got, want, "{sel}");
    }
    let got = names(
        jobs.list(&ListParams::default().fields("metadata.name=c"))
            .await
            .expect("fields"),
    );
    assert_eq!(got, ["c"]);
    let s = status(
        jobs.list(&ListParams::default().fields("spec.foo=1"))
            .await
            .expect_err("bad field"),
    );
    assert_eq!(
        (s.code, s.message.as_str()),
        (400, "field label not supported: spec.foo")
    );

    let first = jobs
        .list(&ListParams::default().limit(3))
        .await
        .expect("page 1");
    let token = first.metadata.continue_.clone().expect("continue");
    assert_eq!(first.metadata.remaining_item_count, Some(1));
    assert_eq!(names(first), ["a", "b", "c"]);
    let second = jobs
        .list(&ListParams::default().limit(3).continue_token(&token))
        .await
        .expect("page 2");
    assert!(
        second
            .metadata
            .continue_
            .as_deref()
            .is_none_or(str::is_empty)
    );
    assert_eq!(names(second), ["d"]);

    // Pods by field: status.phase and spec.nodeName are supported.
    let pods: Api<Pod> = Api::all(client(&sb, "admin"));
    pods.list(&ListParams::default().fields("status.phase=Running,spec.nodeName=node-1"))
        .await
        .expect("pod fields");
}

#[tokio::test]
async fn patch_merge_strategic_and_json() {
    let sb = sandbox();
    let cms: Api<ConfigMap> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let merged = cms
        .patch(
            "app-config",
            &PatchParams::default(),
            &Patch::Merge(json!({"data": {"LOG_LEVEL": "debug", "app.properties": null}})),
        )
        .await
        .expect("merge");
    let data = merged.data.expect("data");
    assert_eq!(data.get("LOG_LEVEL").map(String::as_str), Some("debug"));
    assert!(!data.contains_key("app.properties"));

    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let mut j = job("smp").spec(|s| s.suspend = Some(true)).build();
    if let Some(p) = j.spec.as_mut().and_then(|s| s.template.spec.as_mut()) {
        p.containers[0].env = Some(vec![k8s_openapi::api::core::v1::EnvVar {
            name: "A".into(),
            value: Some("1".into()),
            ..Default::default()
        }]);
    }
    jobs.create(&PostParams::default(), &j)
        .await
        .expect("create");
    // Strategic merge keeps list items by name (labels here; template is immutable).
    let patched = jobs
        .patch(
            "smp",
            &PatchParams::default(),
            &Patch::Strategic(json!({"metadata": {"finalizers": ["a/b"]}})),
        )
        .await
        .expect("strategic");
    assert_eq!(patched.metadata.finalizers, Some(vec!["a/b".to_owned()]));

    // JSON patch over raw HTTP (kube's JSON patch needs a feature we do not build).
    use tower::ServiceExt;
    let req = http::Request::patch("/apis/batch/v1/namespaces/demo-project/jobs/smp")
        .header("authorization", format!("Bearer {}", sb.user_token("admin").unwrap_or_default()))
        .header("content-type", "application/json-patch+json")
        .body(axum::body::Body::from(
            r#"[{"op":"replace","path":"/spec/suspend","value":false},{"op":"remove","path":"/metadata/finalizers"}]"#,
        ))
        .expect("request");
    let resp = sb.router().oneshot(req).await.expect("response");
    assert_eq!(resp.status(), 200);
    let j = jobs.get("smp").await.expect("get");
    assert_eq!(j.spec.and_then(|s| s.suspend), Some(false));
    assert!(j.metadata.finalizers.is_none());
}

#[tokio::test]
async fn delete_propagation_and_garbage_collection() {
    let sb = sandbox();
    let c = client(&sb, "admin");
    let jobs: Api<Job> = Api::namespaced(c.clone(), "demo-project");
    let pods: Api<Pod> = Api::namespaced(c.clone(), "demo-project");
    let pod_of = |owner: &Job, name: &str, block: bool| {
        serde_json::from_value::<Pod>(json!({
            "metadata": {"name": name, "ownerReferences": [{
                "apiVersion": "batch/v1", "kind": "Job", "name": owner.metadata.name,
                "uid": owner.metadata.uid, "controller": true, "blockOwnerDeletion": block,
            }]},
            "spec": {"containers": [{"name": "main", "image": "busybox"}], "restartPolicy": "Never"},
        }))
        .expect("pod")
    };
    let pp = PostParams::default();
    for (name, policy) in [
        ("bg", DeleteParams::background()),
        ("fg", DeleteParams::foreground()),
        ("orphan", DeleteParams::orphan()),
    ] {
        let owner = jobs.create(&pp, &job(name).build()).await.expect("job");
        pods.create(&pp, &pod_of(&owner, &format!("{name}-pod"), true))
            .await
            .expect("pod");
        jobs.delete(name, &policy).await.expect("delete");
        assert_eq!(
            status(jobs.get(name).await.expect_err("gone")).code,
            404,
            "{name}"
        );
        let pod = pods.get(&format!("{name}-pod")).await;
        if name == "orphan" {
            let pod = pod.expect("orphan keeps the pod");
            assert!(pod.metadata.owner_references.is_none());
        } else {
            assert_eq!(status(pod.expect_err("collected")).code, 404, "{name}");
        }
    }

    // A finalizer keeps the object, with deletionTimestamp, until it is removed.
    let mut held = job("held").build();
    held.metadata.finalizers = Some(vec!["example.com/hold".into()]);
    jobs.create(&pp, &held).await.expect("create");
    let answer = jobs
        .delete("held", &DeleteParams::background())
        .await
        .expect("delete");
    let pending = answer.left().expect("object while finalizing");
    assert!(pending.metadata.deletion_timestamp.is_some());
    assert!(jobs.get("held").await.is_ok());
    jobs.patch(
        "held",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"finalizers": null}})),
    )
    .await
    .expect("drop finalizer");
    assert_eq!(status(jobs.get("held").await.expect_err("gone")).code, 404);

    // deletecollection by label.
    for n in ["c1", "c2", "c3"] {
        let app = if n == "c3" { "keep" } else { "drop" };
        jobs.create(&pp, &job(n).labels(&[("app", app)]).build())
            .await
            .expect("create");
    }
    jobs.delete_collection(
        &DeleteParams::background(),
        &ListParams::default().labels("app=drop"),
    )
    .await
    .expect("deletecollection");
    let left: Vec<_> = jobs
        .list(&ListParams::default())
        .await
        .expect("list")
        .items
        .into_iter()
        .filter_map(|j| j.metadata.name)
        .collect();
    assert_eq!(left, ["c3"]);
}

#[tokio::test]
async fn status_subresource_splits_spec_and_status() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    jobs.create(&PostParams::default(), &job("pi").build())
        .await
        .expect("create");
    let updated = jobs
        .patch_status(
            "pi",
            &PatchParams::default(),
            &Patch::Merge(json!({"status": {"active": 1}, "spec": {"suspend": true}})),
        )
        .await
        .expect("status");
    assert_eq!(updated.status.and_then(|s| s.active), Some(1));
    assert_eq!(updated.spec.and_then(|s| s.suspend), Some(false));
    // A main update ignores status.
    let updated = jobs
        .patch(
            "pi",
            &PatchParams::default(),
            &Patch::Merge(json!({"status": {"active": 5}})),
        )
        .await
        .expect("patch");
    assert_eq!(updated.status.and_then(|s| s.active), Some(1));
}

#[tokio::test]
async fn server_side_apply_creates_then_merges() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let pp = PatchParams::apply("jobconsole-test");
    let applied = jobs
        .patch(
            "applied",
            &pp,
            &Patch::Apply(job("applied").labels(&[("app", "a")]).build()),
        )
        .await
        .expect("apply creates");
    assert_eq!(applied.spec.and_then(|s| s.backoff_limit), Some(6));
    let again = jobs
        .patch(
            "applied",
            &pp,
            &Patch::Apply(json!({
                "apiVersion": "batch/v1", "kind": "Job",
                "metadata": {"name": "applied", "labels": {"tier": "batch"}},
            })),
        )
        .await
        .expect("apply merges");
    let labels = again.metadata.labels.unwrap_or_default();
    assert_eq!(labels.get("tier").map(String::as_str), Some("batch"));
}

#[tokio::test]
async fn pods_are_defaulted_as_the_api_server_does() {
    let sb = sandbox();
    let pods: Api<Pod> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let pod: Pod = serde_json::from_value(json!({
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "main", "image": "busybox:1.36",
                                 "resources": {"limits": {"cpu": "1", "memory": "64Mi"}}}]},
        "status": {"phase": "Succeeded"},
    }))
    .expect("pod");
    let created = pods
        .create(&PostParams::default(), &pod)
        .await
        .expect("create");
    let spec = created.spec.expect("spec");
    assert_eq!(spec.restart_policy.as_deref(), Some("Always"));
    assert_eq!(spec.termination_grace_period_seconds, Some(30));
    assert_eq!(spec.dns_policy.as_deref(), Some("ClusterFirst"));
    assert_eq!(spec.scheduler_name.as_deref(), Some("default-scheduler"));
    assert_eq!(spec.service_account_name.as_deref(), Some("default"));
    assert_eq!(spec.tolerations.map(|t| t.len()), Some(2));
    assert_eq!(
        spec.containers[0].image_pull_policy.as_deref(),
        Some("IfNotPresent")
    );
    let status = created.status.expect("status");
    // The client's status is ignored on create: a new pod is Pending.
    assert_eq!(status.phase.as_deref(), Some("Pending"));
    // Limits only: requests default to them, so the pod is Guaranteed.
    assert_eq!(status.qos_class.as_deref(), Some("Guaranteed"));
}
