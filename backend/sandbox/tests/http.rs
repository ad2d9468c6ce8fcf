//! The router driven with `oneshot`: what only raw HTTP shows (discovery shapes, media
//! types, lenient decoding, Tables, 404/405).

mod common;

use axum::body::Body;
use common::sandbox;
use http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use sandbox::Sandbox;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn call(sb: &Sandbox, req: Request<Body>) -> (StatusCode, String, Value) {
    let resp = sb.router().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let ct = resp
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        ct,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn req(sb: &Sandbox, method: Method, uri: &str, ct: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(
            "authorization",
            format!("Bearer {}", sb.user_token("admin").unwrap_or_default()),
        )
        .header("content-type", ct)
        .body(Body::from(body.to_owned()))
        .expect("request")
}

#[tokio::test]
async fn discovery_lists_resources_with_verbs_and_subresources() {
    let sb = sandbox();
    let (status, ct, v) = call(&sb, req(&sb, Method::GET, "/apis/batch/v1", "", "")).await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/json"));
    assert_eq!(v["kind"], "APIResourceList");
    let names: Vec<&str> = v["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["jobs", "jobs/status"]);
    let (_, _, core) = call(&sb, req(&sb, Method::GET, "/api/v1", "", "")).await;
    let pods = core["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .find(|r| r["name"] == "pods")
        .cloned()
        .expect("pods");
    assert_eq!(pods["shortNames"], json!(["po"]));
    assert_eq!(pods["namespaced"], json!(true));
    assert!(
        core["resources"]
            .as_array()
            .expect("r")
            .iter()
            .any(|r| r["name"] == "pods/log")
    );
    let (_, _, groups) = call(&sb, req(&sb, Method::GET, "/apis", "", "")).await;
    assert!(
        groups["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .any(|g| g["name"] == "rbac.authorization.k8s.io")
    );
    let (status, _, version) = call(
        &sb,
        Request::get("/version").body(Body::empty()).expect("req"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(version["major"], "1");
}

#[tokio::test]
async fn protobuf_bodies_get_415_with_a_status() {
    let sb = sandbox();
    let (status, _, v) = call(
        &sb,
        req(
            &sb,
            Method::POST,
            "/apis/batch/v1/namespaces/demo-project/jobs",
            "application/vnd.kubernetes.protobuf",
            "k8s\0junk",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        (v["kind"].as_str(), v["reason"].as_str(), v["code"].as_u64()),
        (Some("Status"), Some("UnsupportedMediaType"), Some(415))
    );
}

#[tokio::test]
async fn review_bodies_decode_leniently() {
    let sb = sandbox();
    // No metadata, no apiVersion/kind, empty strings where a client leaves fields blank.
    let body = r#"{"spec":{"resourceAttributes":{"namespace":"demo-project","verb":"list","group":"batch","resource":"jobs","subresource":"","name":""}}}"#;
    let (status, _, v) = call(
        &sb,
        req(
            &sb,
            Method::POST,
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            "application/json",
            body,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(v["kind"], "SelfSubjectAccessReview");
    assert_eq!(v["status"]["allowed"], json!(true));
}

#[tokio::test]
async fn yaml_bodies_and_kind_checks() {
    let sb = sandbox();
    let yaml = "metadata:\n  name: cfg\ndata:\n  a: b\n";
    let (status, _, v) = call(
        &sb,
        req(
            &sb,
            Method::POST,
            "/api/v1/namespaces/demo-project/configmaps",
            "application/yaml",
            yaml,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["a"], "b");
    let wrong = r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}"#;
    let (status, _, v) = call(
        &sb,
        req(
            &sb,
            Method::POST,
            "/api/v1/namespaces/demo-project/configmaps",
            "application/json",
            wrong,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    let typed_wrong = r#"{"metadata":{"name":"j"},"spec":{"completions":"many","template":{}}}"#;
    let (status, _, v) = call(
        &sb,
        req(
            &sb,
            Method::POST,
            "/apis/batch/v1/namespaces/demo-project/jobs",
            "application/json",
            typed_wrong,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Job in version \"v1\" cannot be handled as a Job"),
        "{v}"
    );
    let other_ns = r#"{"metadata":{"name":"x","namespace":"other-project"}}"#;
    let (status, _, v) = call(
        &sb,
        req(
            &sb,
            Method::POST,
            "/api/v1/namespaces/demo-project/configmaps",
            "application/json",
            other_ns,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        v["message"],
        "the namespace of the provided object does not match the namespace sent on the request"
    );
}

#[tokio::test]
async fn kubectl_tables_have_the_server_side_columns() {
    let sb = sandbox();
    let mut r = req(&sb, Method::GET, "/api/v1/nodes", "", "");
    r.headers_mut().insert(
        "accept",
        http::HeaderValue::from_static(
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
        ),
    );
    let (status, _, v) = call(&sb, r).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["kind"], "Table");
    let cols: Vec<&str> = v["columnDefinitions"]
        .as_array()
        .expect("cols")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(cols, ["Name", "Status", "Roles", "Age", "Version"]);
    assert_eq!(v["rows"][0]["cells"][0], "node-1");
    assert_eq!(v["rows"][0]["cells"][1], "Ready");
    assert_eq!(v["rows"][0]["object"]["kind"], "PartialObjectMetadata");
}

#[tokio::test]
async fn unknown_paths_and_verbs() {
    let sb = sandbox();
    let (status, _, v) = call(
        &sb,
        req(&sb, Method::GET, "/apis/apps/v1/deployments", "", ""),
    )
    .await;
    assert_eq!(
        (status, v["reason"].as_str()),
        (StatusCode::NOT_FOUND, Some("NotFound"))
    );
    let (status, _, _) = call(
        &sb,
        req(
            &sb,
            Method::GET,
            "/apis/authorization.k8s.io/v1/subjectaccessreviews",
            "",
            "",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _, v) = call(
        &sb,
        req(
            &sb,
            Method::POST,
            "/apis/batch/v1/namespaces/nowhere/jobs",
            "application/json",
            r#"{"metadata":{"name":"x"}}"#,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(v["message"], r#"namespaces "nowhere" not found"#);
}
