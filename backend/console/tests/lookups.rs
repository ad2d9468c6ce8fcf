//! The wizard's lookups against the seeded sandbox over HTTP: PersistentVolumeClaims,
//! ConfigMaps, Secrets (key names only), ServiceAccounts, the project's quota and the
//! cluster's nodes, each read as the user, with 401/403/400 as JSON errors.

mod common;

use common::{Answer, Auth, Harness, PASSWORD, harness};
use http::{Method, StatusCode};
use k8s_openapi::api::core::v1::{Node, ResourceQuota};
use kube::Api;
use kube::api::PostParams;
use serde_json::{Value, json};

const PROJECT: &str = "/api/v1/clusters/sandbox/projects/demo-project";
const LOOKUPS: &[&str] = &[
    "persistentvolumeclaims",
    "configmaps",
    "secrets",
    "serviceaccounts",
    "quota",
];

async fn get(h: &Harness, path: &str, auth: &Auth) -> Answer {
    h.send(Method::GET, path, auth, None).await
}

async fn ok(h: &Harness, path: &str, auth: &Auth) -> Value {
    let answer = get(h, path, auth).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
    answer.json
}

fn assert_error(answer: &Answer, status: StatusCode, what: &str) {
    assert_eq!(answer.status, status, "{what}: {}", answer.text);
    assert_eq!(
        answer.json["code"],
        status.as_u16(),
        "{what}: {}",
        answer.text
    );
    assert!(
        answer.json["reason"].as_str().is_some() && answer.json["message"].as_str().is_some(),
        "{what}: JSON error: {}",
        answer.text
    );
}

fn names(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect()
}

/// A kube client acting as the sandbox's cluster-admin (to add objects the seed lacks).
fn admin_client(h: &Harness) -> kube::Client {
    kube::Client::try_from(
        h.sandbox
            .as_ref()
            .expect("sandbox")
            .config_with_token(h.token("admin")),
    )
    .expect("client")
}

#[tokio::test]
async fn an_operator_reads_the_seeded_lookups() {
    let h = harness().await;
    let auth = h
        .login("project-regular", PASSWORD)
        .await
        .expect("signs in");

    let pvcs = ok(&h, &format!("{PROJECT}/persistentvolumeclaims"), &auth).await;
    assert_eq!(
        pvcs,
        json!({"items": [{
            "name": "data-pvc", "storageClass": "standard", "accessModes": ["ReadWriteOnce"],
            "capacity": "1Gi", "phase": "Bound",
        }]})
    );

    let maps = ok(&h, &format!("{PROJECT}/configmaps"), &auth).await;
    let app_config = maps["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["name"] == "app-config")
        .expect("app-config listed");
    assert_eq!(app_config["keys"], json!(["LOG_LEVEL", "app.properties"]));

    let accounts = ok(&h, &format!("{PROJECT}/serviceaccounts"), &auth).await;
    assert!(names(&accounts).contains(&"default"), "{accounts}");

    let quota = ok(&h, &format!("{PROJECT}/quota"), &auth).await;
    assert_eq!(
        quota,
        json!({
            "items": [{"name": "demo-quota", "hard": {"pods": "20"}, "used": {"pods": "0"}}],
            "pods": {"used": "0", "hard": "20"},
            "cpu": null,
            "memory": null,
        })
    );
}

#[tokio::test]
async fn secrets_show_key_names_and_never_values() {
    let h = harness().await;
    let auth = Auth::Bearer(h.token("project-regular"));
    let answer = get(&h, &format!("{PROJECT}/secrets"), &auth).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let secret = answer.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|s| s["name"] == "app-secret")
        .expect("app-secret listed");
    assert_eq!(
        secret,
        &json!({"name": "app-secret", "type": "Opaque", "keys": ["password", "username"]})
    );
    // The seeded values, plain and base64: "s3cr3t" and "demo".
    for value in ["s3cr3t", "czNjcjN0", "ZGVtbw=="] {
        assert!(
            !answer.text.contains(value),
            "a secret value leaked: {}",
            answer.text
        );
    }
}

#[tokio::test]
async fn quota_merges_several_quotas_and_is_empty_without_one() {
    let h = harness().await;
    let quotas: Api<ResourceQuota> = Api::namespaced(admin_client(&h), "demo-project");
    let compute: ResourceQuota = serde_json::from_value(json!({
        "metadata": {"name": "compute"},
        "spec": {"hard": {"requests.cpu": "4", "requests.memory": "8Gi", "limits.cpu": "8"}},
    }))
    .expect("quota");
    quotas
        .create(&PostParams::default(), &compute)
        .await
        .expect("created");

    let auth = Auth::Bearer(h.token("project-regular"));
    let quota = ok(&h, &format!("{PROJECT}/quota"), &auth).await;
    assert_eq!(names(&quota), ["compute", "demo-quota"]);
    assert_eq!(quota["items"][0]["hard"]["limits.cpu"], "8");
    assert_eq!(quota["pods"], json!({"used": "0", "hard": "20"}));
    assert_eq!(quota["cpu"]["hard"], "4");
    assert_eq!(quota["memory"]["hard"], "8Gi");
    assert!(quota["cpu"]["used"].as_str().is_some(), "{quota}");

    let other = Auth::Bearer(h.token("other-regular"));
    let none = ok(
        &h,
        "/api/v1/clusters/sandbox/projects/other-project/quota",
        &other,
    )
    .await;
    assert_eq!(
        none,
        json!({"items": [], "pods": null, "cpu": null, "memory": null})
    );
}

#[tokio::test]
async fn a_viewer_reads_lookups_but_not_secrets() {
    let h = harness().await;
    let auth = h.login("project-viewer", PASSWORD).await.expect("signs in");
    for lookup in LOOKUPS.iter().filter(|l| **l != "secrets") {
        ok(&h, &format!("{PROJECT}/{lookup}"), &auth).await;
    }
    // deploy/roles.yaml gives the viewer no access to Secrets.
    let denied = get(&h, &format!("{PROJECT}/secrets"), &auth).await;
    assert_error(&denied, StatusCode::FORBIDDEN, "viewer secrets");
    assert_eq!(denied.json["reason"], "Forbidden");
    let message = denied.json["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("list") && message.contains("secrets") && message.contains("demo-project"),
        "{message}"
    );
}

#[tokio::test]
async fn users_of_other_projects_get_403_and_anonymous_401() {
    let h = harness().await;
    let other = Auth::Bearer(h.token("other-regular"));
    for lookup in LOOKUPS {
        let path = format!("{PROJECT}/{lookup}");
        let answer = get(&h, &path, &other).await;
        assert_error(&answer, StatusCode::FORBIDDEN, &path);
        assert!(
            answer.json["message"]
                .as_str()
                .is_some_and(|m| m.contains("demo-project")),
            "{path}: {}",
            answer.text
        );
    }
    for lookup in LOOKUPS {
        let path = format!("{PROJECT}/{lookup}");
        let answer = get(&h, &path, &Auth::None).await;
        assert_error(&answer, StatusCode::UNAUTHORIZED, &path);
    }
    let answer = get(&h, "/api/v1/clusters/sandbox/nodes", &Auth::None).await;
    assert_error(&answer, StatusCode::UNAUTHORIZED, "nodes");
}

#[tokio::test]
async fn bad_names_in_the_path_are_400_json() {
    let h = harness().await;
    let auth = Auth::Bearer(h.token("admin"));
    for lookup in LOOKUPS {
        let path = format!("/api/v1/clusters/sandbox/projects/BAD/{lookup}");
        let answer = get(&h, &path, &auth).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, &path);
        assert_eq!(answer.json["reason"], "BadRequest");
    }
    let answer = get(&h, "/api/v1/clusters/BAD/nodes", &auth).await;
    assert_error(&answer, StatusCode::BAD_REQUEST, "BAD cluster");
    let answer = get(&h, "/api/v1/clusters/nowhere/nodes", &auth).await;
    assert_error(&answer, StatusCode::NOT_FOUND, "unknown cluster");
}

#[tokio::test]
async fn nodes_with_labels_taints_and_readiness() {
    let h = harness().await;
    let tainted: Node = serde_json::from_value(json!({
        "metadata": {"name": "node-4", "labels": {"kubernetes.io/hostname": "node-4", "gpu": "true"}},
        "spec": {
            "unschedulable": true,
            "taints": [
                {"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"},
                {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"},
            ],
        },
        "status": {"conditions": [{"type": "Ready", "status": "False", "reason": "KubeletNotReady"}]},
    }))
    .expect("node");
    Api::<Node>::all(admin_client(&h))
        .create(&PostParams::default(), &tainted)
        .await
        .expect("created");

    let admin = h.login("admin", PASSWORD).await.expect("signs in");
    let nodes = ok(&h, "/api/v1/clusters/sandbox/nodes", &admin).await;
    assert_eq!(names(&nodes), ["node-1", "node-2", "node-3", "node-4"]);
    let node1 = &nodes["items"][0];
    assert_eq!(node1["labels"]["kubernetes.io/hostname"], "node-1");
    assert_eq!(node1["labels"]["disktype"], "ssd");
    assert_eq!(node1["taints"], json!([]));
    assert_eq!(
        (&node1["ready"], &node1["unschedulable"]),
        (&json!(true), &json!(false))
    );
    let node4 = &nodes["items"][3];
    assert_eq!(
        node4["taints"],
        json!([
            {"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"},
            {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"},
        ])
    );
    assert_eq!(node4["unschedulable"], true);
    assert_eq!(node4["ready"], false);

    for user in ["project-regular", "project-admin", "project-viewer"] {
        let auth = Auth::Bearer(h.token(user));
        let denied = get(&h, "/api/v1/clusters/sandbox/nodes", &auth).await;
        assert_error(&denied, StatusCode::FORBIDDEN, user);
        assert!(
            denied.json["message"]
                .as_str()
                .is_some_and(|m| m.contains("nodes")),
            "{user}: {}",
            denied.text
        );
    }
}
