//! Live updates over server-sent events: a Job created, changed and deleted through the API
//! shows up on the project's stream, as the user sees it.

mod common;

use std::time::Duration;

use axum::body::Body;
use common::{Auth, PASSWORD, harness};
use http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// Reads the stream until its text contains `needle`, or fails after 30 s.
async fn read_until(body: &mut Body, seen: &mut String, needle: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !seen.contains(needle) {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .unwrap_or_else(|_| panic!("no {needle:?} on the stream within 30 s; got: {seen}"))
            .expect("the stream stays open")
            .expect("a frame");
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

fn request(path: &str, auth: &Auth) -> Request<Body> {
    let Auth::Cookie { cookie, .. } = auth else {
        panic!("a cookie session")
    };
    Request::builder()
        .uri(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_changes_arrive_as_server_sent_events() {
    let h = harness().await;
    let regular = h
        .login("project-regular", PASSWORD)
        .await
        .expect("signs in");
    let stream = "/api/v1/clusters/sandbox/projects/demo-project/stream";
    let response = h
        .app
        .clone()
        .oneshot(request(stream, &regular))
        .await
        .expect("router");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body();
    let mut seen = String::new();
    read_until(&mut body, &mut seen, "event: snapshot").await;

    let job = json!({
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "streamed"},
        "spec": {"template": {"spec": {"restartPolicy": "Never",
            "containers": [{"name": "main", "image": "busybox", "command": ["true"]}]}}}
    });
    let jobs = "/api/v1/clusters/sandbox/projects/demo-project/jobs";
    let made = h.send(Method::POST, jobs, &regular, Some(job)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    read_until(&mut body, &mut seen, "\"name\":\"streamed\"").await;
    assert!(seen.contains("event: upsert"), "{seen}");

    seen.clear();
    let deleted = h
        .send(Method::DELETE, &format!("{jobs}/streamed"), &regular, None)
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    read_until(&mut body, &mut seen, "event: delete").await;
    assert!(seen.contains("{\"name\":\"streamed\"}"), "{seen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_stream_of_a_project_without_a_role() {
    let h = harness().await;
    let other = h.login("other-regular", PASSWORD).await.expect("signs in");
    let answer = h
        .send(
            Method::GET,
            "/api/v1/clusters/sandbox/projects/demo-project/stream",
            &other,
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    assert_eq!(answer.json["code"], 403);
}
