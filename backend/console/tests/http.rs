//! Router tests: the walking skeleton's HTTP contract, driven with `oneshot` (no socket).

use axum::Router;
use axum::body::Body;
use axum::routing::{get, post};
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jobconsole::error::{ErrorBody, Json};
use tower::ServiceExt;

async fn app() -> Router {
    let config = jobconsole::config::load(None, None, None).expect("default config");
    let state = jobconsole::AppState::build(config).await.expect("state");
    jobconsole::router(state)
}

async fn send(app: Router, request: Request<Body>) -> (StatusCode, http::HeaderMap, Vec<u8>) {
    let response = app.oneshot(request).await.expect("infallible router");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

async fn get_path(path: &str) -> (StatusCode, http::HeaderMap, Vec<u8>) {
    send(
        app().await,
        Request::get(path).body(Body::empty()).expect("request"),
    )
    .await
}

fn error_body(bytes: &[u8]) -> ErrorBody {
    serde_json::from_slice(bytes).unwrap_or_else(|err| {
        panic!(
            "not the JSON error shape ({err}): {}",
            String::from_utf8_lossy(bytes)
        )
    })
}

#[tokio::test]
async fn served_openapi_equals_the_committed_document() {
    let (status, headers, body) = get_path("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let committed = include_str!("../../../openapi/openapi.json");
    assert_eq!(
        String::from_utf8(body).expect("utf-8").trim_end(),
        committed.trim_end(),
        "openapi/openapi.json drifted from the code: run `make openapi`"
    );
}

#[tokio::test]
async fn unknown_api_route_is_a_404_json_error() {
    let (status, headers, body) = get_path("/api/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("application/json")
    );
    let err = error_body(&body);
    assert_eq!((err.code, err.reason.as_str()), (404, "NotFound"));
    assert!(err.message.contains("/api/nope"), "{}", err.message);
}

#[tokio::test]
async fn wrong_method_is_a_405_json_error() {
    let request = Request::delete("/api/v1/clusters")
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = send(app().await, request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let err = error_body(&body);
    assert_eq!((err.code, err.reason.as_str()), (405, "MethodNotAllowed"));
    assert!(err.message.contains("DELETE"), "{}", err.message);
}

#[tokio::test]
async fn a_two_mebibyte_post_is_a_413_json_error() {
    let body = vec![b'a'; 2 * 1024 * 1024];
    let request = Request::post("/api/v1/clusters")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .expect("request");
    let (status, _, body) = send(app().await, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let err = error_body(&body);
    assert_eq!(
        (err.code, err.reason.as_str()),
        (413, "RequestEntityTooLarge")
    );
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_is_a_413_json_error_too() {
    let app = jobconsole::with_middleware(Router::new().route(
        "/api/echo",
        post(|Json(v): Json<serde_json::Value>| async move { Json(v) }),
    ));
    let chunks = futures::stream::iter(
        (0..40).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b' '; 64 * 1024]))),
    );
    let request = Request::post("/api/echo")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(chunks))
        .expect("request");
    let (status, _, body) = send(app, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_body(&body).code, 413);
}

#[tokio::test]
async fn malformed_json_is_a_400_naming_the_problem() {
    let app = jobconsole::with_middleware(Router::new().route(
        "/api/echo",
        post(|Json(v): Json<serde_json::Value>| async move { Json(v) }),
    ));
    let request = Request::post("/api/echo")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"name": "pi",}"#))
        .expect("request");
    let (status, _, body) = send(app, request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let err = error_body(&body);
    assert_eq!(err.reason, "BadRequest");
    assert!(err.message.starts_with("malformed JSON"), "{}", err.message);
    assert!(
        err.message.contains("line 1"),
        "names where: {}",
        err.message
    );
}

#[tokio::test]
async fn a_panic_becomes_a_500_json_error() {
    let app = jobconsole::with_middleware(Router::new().route(
        "/api/boom",
        get(|| async {
            let fail = true;
            assert!(!fail, "secret detail");
            "unreachable"
        }),
    ));
    let (status, _, body) = send(
        app,
        Request::get("/api/boom")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let err = error_body(&body);
    assert_eq!(err.reason, "InternalError");
    assert!(!err.message.contains("secret detail"));
}

#[tokio::test]
async fn health_and_metrics() {
    let (status, _, body) = get_path("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).expect("json")["status"],
        "ok"
    );
    let (status, _, _) = get_path("/readyz").await;
    assert_eq!(status, StatusCode::OK);

    let app = app().await;
    let _ = send(
        app.clone(),
        Request::get("/api/v1/clusters")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    let (status, _, body) = send(
        app,
        Request::get("/metrics")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body).expect("utf-8");
    assert!(
        text.contains("# TYPE jobconsole_http_requests counter"),
        "{text}"
    );
    assert!(text.contains("# TYPE jobconsole_http_request_duration_seconds histogram"));
    assert!(
        text.contains(r#"route="/api/v1/clusters""#),
        "requests are labelled by route: {text}"
    );
}

#[tokio::test]
async fn the_shell_carries_a_nonce_csp_and_security_headers() {
    for path in ["/", "/clusters/sandbox/projects/demo-project/jobs"] {
        let (status, headers, body) = get_path(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let csp = headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii");
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .expect("script-src");
        assert!(script_src.contains("'nonce-"), "{csp}");
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(headers.contains_key(header::REFERRER_POLICY));
        assert!(headers.contains_key("x-request-id"));
        let html = String::from_utf8(body).expect("utf-8");
        let nonce = script_src
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("nonce value");
        assert!(
            html.contains(&format!("content=\"{nonce}\"")),
            "nonce in the page"
        );
        assert!(html.contains("<div id=\"root\">"));
    }
}

#[tokio::test]
async fn every_page_gets_a_fresh_nonce() {
    let (_, a, _) = get_path("/").await;
    let (_, b, _) = get_path("/").await;
    assert_ne!(
        a[header::CONTENT_SECURITY_POLICY],
        b[header::CONTENT_SECURITY_POLICY]
    );
}

#[tokio::test]
async fn missing_asset_is_a_404_not_the_shell() {
    let (status, _, body) = get_path("/assets/nope-123.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_body(&body).code, 404);
}

#[tokio::test]
async fn clusters_lists_the_embedded_sandbox_by_default() {
    let (status, _, body) = get_path("/api/v1/clusters").await;
    assert_eq!(status, StatusCode::OK);
    let list: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(list["items"][0]["name"], "sandbox");
    assert_eq!(list["items"][0]["kind"], "sandbox");
}
