//! Identity and project RBAC against the sandbox over HTTP: sign-in, sessions, bearer
//! tokens, the projects each user sees with their role, and what they may do there.

mod common;

use std::time::{Duration, Instant};

use common::{Auth, PASSWORD, harness, harness_with};
use http::{Method, StatusCode, header};
use jobconsole::auth::ratelimit::LoginLimits;
use serde_json::json;

#[tokio::test]
async fn sign_in_me_and_sign_out() {
    let h = harness().await;
    let auth = h
        .login("project-regular", PASSWORD)
        .await
        .expect("signs in");
    let me = h.send(Method::GET, "/api/v1/me", &auth, None).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.json["username"], "project-regular");
    assert!(me.json["csrfToken"].as_str().is_some_and(|t| t.len() >= 16));

    let out = h
        .send(Method::POST, "/api/v1/logout", &Auth::None, None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let cleared = out.headers[header::SET_COOKIE].to_str().expect("ascii");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let h = harness().await;
    let wrong = h
        .login("project-regular", "nope")
        .await
        .expect_err("refused");
    let unknown = h.login("nobody", "nope").await.expect_err("refused");
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json, unknown.json,
        "the answer does not reveal which accounts exist"
    );
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn anonymous_forged_and_foreign_cookies_are_401_json() {
    let h = harness().await;
    let cases = [
        Auth::None,
        Auth::Cookie {
            cookie: "jobconsole-session=eyJ1IjoiYWRtaW4ifQ".into(),
            csrf: None,
        },
        Auth::Bearer("not-a-token".into()),
    ];
    for auth in cases {
        let answer = h
            .send(
                Method::GET,
                "/api/v1/clusters/sandbox/projects",
                &auth,
                None,
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{auth:?}: {}",
            answer.text
        );
        assert_eq!(answer.json["code"], 401);
        assert_eq!(answer.json["reason"], "Unauthorized");
    }
}

#[tokio::test]
async fn each_user_sees_only_projects_they_hold_a_role_in() {
    let h = harness().await;
    let expected: &[(&str, &[(&str, &str)])] = &[
        ("project-admin", &[("demo-project", "admin")]),
        ("project-regular", &[("demo-project", "operator")]),
        ("project-viewer", &[("demo-project", "viewer")]),
        ("other-regular", &[("other-project", "operator")]),
    ];
    for (user, projects) in expected {
        let auth = h.login(user, PASSWORD).await.expect("signs in");
        let answer = h
            .send(
                Method::GET,
                "/api/v1/clusters/sandbox/projects",
                &auth,
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{user}: {}", answer.text);
        let got: Vec<(String, String)> = answer.json["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap_or_default().to_owned(),
                    p["role"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = projects
            .iter()
            .map(|(n, r)| ((*n).to_owned(), (*r).to_owned()))
            .collect();
        assert_eq!(got, want, "{user}");
    }
    let admin = h.login("admin", PASSWORD).await.expect("signs in");
    let answer = h
        .send(
            Method::GET,
            "/api/v1/clusters/sandbox/projects",
            &admin,
            None,
        )
        .await;
    let names: Vec<&str> = answer.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        names.contains(&"demo-project") && names.contains(&"other-project"),
        "{names:?}"
    );
}

#[tokio::test]
async fn bearer_tokens_are_reviewed_by_the_cluster() {
    let h = harness().await;
    let auth = Auth::Bearer(h.token("project-viewer"));
    let me = h.send(Method::GET, "/api/v1/me", &auth, None).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.json["username"], "project-viewer");
    assert!(me.json.get("csrfToken").is_none());
}

#[tokio::test]
async fn permissions_per_role_and_project() {
    let h = harness().await;
    // (user, project, [view, create, edit, delete, rerun, suspend, logs])
    let table: &[(&str, &str, [bool; 7])] = &[
        ("admin", "demo-project", [true; 7]),
        ("admin", "other-project", [true; 7]),
        ("project-admin", "demo-project", [true; 7]),
        ("project-admin", "other-project", [false; 7]),
        ("project-regular", "demo-project", [true; 7]),
        ("project-regular", "other-project", [false; 7]),
        (
            "project-viewer",
            "demo-project",
            [true, false, false, false, false, false, true],
        ),
        ("project-viewer", "other-project", [false; 7]),
        ("other-regular", "demo-project", [false; 7]),
        ("other-regular", "other-project", [true; 7]),
    ];
    for (user, project, want) in table {
        let auth = Auth::Bearer(h.token(user));
        let path = format!("/api/v1/clusters/sandbox/projects/{project}/permissions");
        let answer = h.send(Method::GET, &path, &auth, None).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{user} {project}: {}",
            answer.text
        );
        let got: Vec<bool> = [
            "view", "create", "edit", "delete", "rerun", "suspend", "logs",
        ]
        .iter()
        .map(|k| answer.json[*k].as_bool().unwrap_or_default())
        .collect();
        assert_eq!(got, want.to_vec(), "{user} in {project}");
    }
}

#[tokio::test]
async fn hostile_path_segments_are_4xx_json() {
    let h = harness().await;
    let auth = Auth::Bearer(h.token("admin"));
    let long = "a".repeat(300);
    let paths = [
        "/api/v1/clusters/sandbox/projects/..%2Fother-project/permissions".to_owned(),
        "/api/v1/clusters/sandbox/projects/demo%2Fproject/permissions".to_owned(),
        "/api/v1/clusters/sandbox/projects/Demo-Project/permissions".to_owned(),
        format!("/api/v1/clusters/sandbox/projects/{long}/permissions"),
        "/api/v1/clusters/nowhere/projects/demo-project/permissions".to_owned(),
        "/api/v1/clusters/sandbox/projects/../permissions".to_owned(),
    ];
    for path in paths {
        let answer = h.send(Method::GET, &path, &auth, None).await;
        assert!(answer.status.is_client_error(), "{path}: {}", answer.status);
        assert!(
            answer.json["code"].as_u64().is_some(),
            "{path}: JSON error: {}",
            answer.text
        );
    }
}

#[tokio::test]
async fn twenty_wrong_passwords_are_throttled_then_the_window_passes() {
    let window = Duration::from_secs(2);
    let h = harness_with(
        LoginLimits {
            per_account: 10,
            per_address: 100,
            window,
        },
        true,
    )
    .await;
    let mut throttled = None;
    for attempt in 0..20 {
        let answer = h
            .login("project-regular", "wrong")
            .await
            .expect_err("refused");
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            throttled = Some((attempt, answer));
            break;
        }
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let (attempt, answer) = throttled.expect("throttled within 20 attempts");
    assert_eq!(attempt, 10, "the 11th attempt is throttled");
    assert_eq!(answer.json["reason"], "TooManyRequests");
    let retry: u64 = answer.headers[header::RETRY_AFTER]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .expect("Retry-After seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    let refused = h
        .login("project-regular", PASSWORD)
        .await
        .expect_err("still throttled");
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match h.login("project-regular", PASSWORD).await {
            Ok(_) => break,
            Err(answer) => {
                assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
                assert!(
                    Instant::now() < deadline,
                    "still throttled long after the window"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

#[tokio::test]
async fn login_body_errors_are_json() {
    let h = harness().await;
    let answer = h
        .send(
            Method::POST,
            "/api/v1/login",
            &Auth::None,
            Some(json!({"username": "x"})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.json["message"]
            .as_str()
            .unwrap_or_default()
            .contains("password")
    );
}
