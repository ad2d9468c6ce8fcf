//! Issue 5's table: every kind of caller × every Job action × two projects, over HTTP
//! against the sandbox, each with its expected answer. Every denial is a 401/403 JSON error
//! and leaves the cluster unchanged, which is checked by reading it back as admin.

mod common;

use std::time::Duration;

use common::{Auth, Harness, PASSWORD, Target, harness_with};
use http::{Method, StatusCode};
use jobconsole::auth::ratelimit::LoginLimits;
use serde_json::{Value, json};

const FIXTURE: &str = "rbac-fixture";
const PROJECTS: [&str; 2] = ["demo-project", "other-project"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    List,
    Get,
    Create,
    Update,
    Delete,
    Rerun,
    Suspend,
    Logs,
}

const ACTIONS: [Action; 8] = [
    Action::List,
    Action::Get,
    Action::Create,
    Action::Update,
    Action::Delete,
    Action::Rerun,
    Action::Suspend,
    Action::Logs,
];

impl Action {
    fn mutates(self) -> bool {
        !matches!(self, Self::List | Self::Get | Self::Logs)
    }

    fn success(self) -> StatusCode {
        if self == Self::Create {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        }
    }
}

/// Who calls.
struct Caller {
    name: &'static str,
    auth: Auth,
    /// The project role the caller acts with, or the answer every request gets.
    role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Everything everywhere.
    ClusterAdmin,
    /// Full Job rights in one project.
    Writer(&'static str),
    /// Read rights in one project.
    Reader(&'static str),
    /// A valid session whose mutating requests lack the CSRF header: reads as this
    /// writer, 403 on changes.
    NoCsrf(&'static str),
    /// Not signed in (or not validly): 401 for everything.
    Nobody,
}

fn expected(role: Role, action: Action, project: &str) -> StatusCode {
    match role {
        Role::ClusterAdmin => action.success(),
        Role::Writer(p) if p == project => action.success(),
        Role::Reader(p) if p == project && !action.mutates() => action.success(),
        Role::NoCsrf(p) if p == project && !action.mutates() => action.success(),
        Role::Nobody => StatusCode::UNAUTHORIZED,
        _ => StatusCode::FORBIDDEN,
    }
}

fn job(name: &str) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {"backoffLimit": 0, "template": {"spec": {
            "restartPolicy": "Never",
            "containers": [{"name": "main", "image": "busybox:1.36", "command": ["sh", "-c", "echo hi"]}]
        }}}
    })
}

struct Table {
    t: Target,
    admin: Auth,
}

impl Table {
    fn path(&self, project: &str, rest: &str) -> String {
        format!("/api/v1/clusters/sandbox/projects/{project}/{rest}")
    }

    async fn as_admin(&self, method: Method, path: &str, body: Option<Value>) -> common::Answer {
        self.t.h.send(method, path, &self.admin, body).await
    }

    /// The fixture Job in `project`, completed, as admin reads it.
    async fn fixture(&self, project: &str) -> Value {
        let path = self.path(project, &format!("jobs/{FIXTURE}"));
        if self.as_admin(Method::GET, &path, None).await.status == StatusCode::NOT_FOUND {
            let made = self
                .as_admin(
                    Method::POST,
                    &self.path(project, "jobs"),
                    Some(job(FIXTURE)),
                )
                .await;
            assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
        }
        self.t
            .wait_for("the fixture completes and has a Pod", async || {
                let job = self.as_admin(Method::GET, &path, None).await.json;
                let pods = self
                    .as_admin(Method::GET, &format!("{path}/pods"), None)
                    .await
                    .json;
                let done =
                    job["status"]["succeeded"] == 1 && pods["items"][0]["phase"] == "Succeeded";
                done.then_some(job)
            })
            .await
    }

    async fn fixture_pod(&self, project: &str) -> String {
        let pods = self
            .as_admin(
                Method::GET,
                &self.path(project, &format!("jobs/{FIXTURE}/pods")),
                None,
            )
            .await;
        pods.json["items"][0]["name"]
            .as_str()
            .expect("fixture pod")
            .to_owned()
    }

    /// Runs one action as `auth`; returns the answer.
    async fn act(&self, auth: &Auth, action: Action, project: &str, case: usize) -> common::Answer {
        let h = &self.t.h;
        let job_path = self.path(project, &format!("jobs/{FIXTURE}"));
        match action {
            Action::List => {
                h.send(Method::GET, &self.path(project, "jobs"), auth, None)
                    .await
            }
            Action::Get => h.send(Method::GET, &job_path, auth, None).await,
            Action::Create => {
                h.send(
                    Method::POST,
                    &self.path(project, "jobs"),
                    auth,
                    Some(job(&format!("made-{case}"))),
                )
                .await
            }
            Action::Update => {
                let mut current = self.as_admin(Method::GET, &job_path, None).await.json;
                current["spec"]["activeDeadlineSeconds"] = json!(1000 + case);
                h.send(Method::PUT, &job_path, auth, Some(current)).await
            }
            Action::Delete => h.send(Method::DELETE, &job_path, auth, None).await,
            Action::Rerun => {
                h.send(Method::POST, &format!("{job_path}/rerun"), auth, None)
                    .await
            }
            Action::Suspend => {
                h.send(Method::POST, &format!("{job_path}/suspend"), auth, None)
                    .await
            }
            Action::Logs => {
                let pod = self.fixture_pod(project).await;
                h.send(
                    Method::GET,
                    &self.path(project, &format!("pods/{pod}/logs")),
                    auth,
                    None,
                )
                .await
            }
        }
    }

    /// Checks, as admin, that a denied action changed nothing; `before` is the fixture
    /// read before the action.
    async fn unchanged(
        &self,
        action: Action,
        project: &str,
        case: usize,
        before: &Value,
        what: &str,
    ) {
        let job_path = self.path(project, &format!("jobs/{FIXTURE}"));
        let after = self.as_admin(Method::GET, &job_path, None).await;
        assert_eq!(
            after.status,
            StatusCode::OK,
            "{what}: the fixture is still there"
        );
        let after = after.json;
        assert_eq!(
            after["metadata"]["uid"], before["metadata"]["uid"],
            "{what}: same Job (not deleted or rerun)"
        );
        assert_eq!(
            after["metadata"]["resourceVersion"], before["metadata"]["resourceVersion"],
            "{what}: the Job was not modified"
        );
        if action == Action::Create {
            let made = self
                .as_admin(
                    Method::GET,
                    &self.path(project, &format!("jobs/made-{case}")),
                    None,
                )
                .await;
            assert_eq!(
                made.status,
                StatusCode::NOT_FOUND,
                "{what}: nothing created"
            );
        }
    }

    /// Puts things back after an allowed action, as admin.
    async fn restore(&self, action: Action, project: &str, case: usize) {
        match action {
            Action::Create => {
                let path = self.path(project, &format!("jobs/made-{case}"));
                let deleted = self.as_admin(Method::DELETE, &path, None).await;
                assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.text);
            }
            Action::Delete => {
                let path = self.path(project, &format!("jobs/{FIXTURE}"));
                self.t
                    .wait_for("the fixture is gone", async || {
                        (self.as_admin(Method::GET, &path, None).await.status
                            == StatusCode::NOT_FOUND)
                            .then_some(())
                    })
                    .await;
            }
            Action::Suspend => {
                let path = self.path(project, &format!("jobs/{FIXTURE}/resume"));
                assert_eq!(
                    self.as_admin(Method::POST, &path, None).await.status,
                    StatusCode::OK
                );
            }
            _ => {}
        }
    }
}

async fn callers(h: &Harness) -> Vec<Caller> {
    let login = |user: &'static str| async move {
        h.login(user, PASSWORD).await.expect("seeded user signs in")
    };
    let wrong = h.login("project-regular", "wrong password").await;
    assert_eq!(
        wrong.expect_err("a wrong password is refused").status,
        StatusCode::UNAUTHORIZED
    );
    let (_, expired) =
        h.state
            .sessions
            .with_ttl(Duration::ZERO)
            .issue("project-regular", &[], false);
    let expired = expired.split(';').next().expect("name=value").to_owned();
    let regular = login("project-regular").await;
    let Auth::Cookie { cookie, .. } = regular.clone() else {
        panic!("a cookie session")
    };
    vec![
        Caller {
            name: "admin",
            auth: login("admin").await,
            role: Role::ClusterAdmin,
        },
        Caller {
            name: "project-admin",
            auth: login("project-admin").await,
            role: Role::Writer("demo-project"),
        },
        Caller {
            name: "project-regular",
            auth: regular,
            role: Role::Writer("demo-project"),
        },
        Caller {
            name: "project-viewer",
            auth: login("project-viewer").await,
            role: Role::Reader("demo-project"),
        },
        Caller {
            name: "other-regular",
            auth: login("other-regular").await,
            role: Role::Writer("other-project"),
        },
        Caller {
            name: "anonymous",
            auth: Auth::None,
            role: Role::Nobody,
        },
        // A wrong password gets no session: the browser goes on without one.
        Caller {
            name: "wrong password",
            auth: Auth::None,
            role: Role::Nobody,
        },
        Caller {
            name: "forged cookie",
            auth: Auth::Cookie {
                cookie: "jobconsole-session=eyJ1IjoiYWRtaW4iLCJnIjpbXX0".into(),
                csrf: Some("x".into()),
            },
            role: Role::Nobody,
        },
        Caller {
            name: "expired cookie",
            auth: Auth::Cookie {
                cookie: expired,
                csrf: None,
            },
            role: Role::Nobody,
        },
        Caller {
            name: "cookie without CSRF header",
            auth: Auth::Cookie { cookie, csrf: None },
            role: Role::NoCsrf("demo-project"),
        },
        Caller {
            name: "bearer token",
            auth: Auth::Bearer(h.token("project-regular")),
            role: Role::Writer("demo-project"),
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_caller_action_and_project_gets_its_expected_answer() {
    let h = harness_with(LoginLimits::default(), true).await;
    let admin = h.login("admin", PASSWORD).await.expect("admin signs in");
    let callers = callers(&h).await;
    let table = Table {
        t: Target {
            h,
            auth: admin.clone(),
            project: "demo-project".into(),
        },
        admin,
    };
    let mut case = 0;
    for caller in &callers {
        for action in ACTIONS {
            for project in PROJECTS {
                case += 1;
                let what = format!("{} {action:?} in {project}", caller.name);
                let before = table.fixture(project).await;
                let want = expected(caller.role, action, project);
                let answer = table.act(&caller.auth, action, project, case).await;
                assert_eq!(answer.status, want, "{what}: {}", answer.text);
                if want.is_success() {
                    table.restore(action, project, case).await;
                    continue;
                }
                assert_eq!(
                    answer.json["code"],
                    want.as_u16(),
                    "{what}: a JSON error: {}",
                    answer.text
                );
                if want == StatusCode::FORBIDDEN && caller.role != Role::NoCsrf("demo-project") {
                    let message = answer.json["message"].as_str().unwrap_or_default();
                    assert!(
                        message.contains(project),
                        "{what}: the 403 names the project: {message}"
                    );
                }
                table.unchanged(action, project, case, &before, &what).await;
            }
        }
    }
    assert_eq!(case, 11 * 8 * 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_manifests_and_paths_create_nothing() {
    let h = harness_with(LoginLimits::default(), true).await;
    let admin = h.login("admin", PASSWORD).await.expect("admin");
    let regular = h.login("project-regular", PASSWORD).await.expect("regular");
    let mut sneaky = job("sneaky");
    sneaky["metadata"]["namespace"] = json!("other-project");
    let answer = h
        .send(
            Method::POST,
            "/api/v1/clusters/sandbox/projects/demo-project/jobs",
            &regular,
            Some(sneaky.clone()),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_eq!(answer.json["fields"][0]["field"], "metadata.namespace");
    for project in PROJECTS {
        let read = h
            .send(
                Method::GET,
                &format!("/api/v1/clusters/sandbox/projects/{project}/jobs/sneaky"),
                &admin,
                None,
            )
            .await;
        assert_eq!(
            read.status,
            StatusCode::NOT_FOUND,
            "nothing created in {project}"
        );
    }
    for path in [
        "/api/v1/clusters/sandbox/projects/..%2Fother-project/jobs",
        "/api/v1/clusters/sandbox/projects/demo-project%2F..%2Fother-project/jobs",
        "/api/v1/clusters/sandbox/projects/DEMO-PROJECT/jobs",
        "/api/v1/clusters/nowhere/projects/demo-project/jobs",
        "/api/v1/clusters/sandbox/projects/demo-project/jobs/..%2F..%2Fother-project%2Fjobs%2Fx",
    ] {
        let answer = h
            .send(Method::POST, path, &regular, Some(job("hostile")))
            .await;
        assert!(answer.status.is_client_error(), "{path}: {}", answer.text);
        assert!(
            answer.json["code"].as_u64().is_some(),
            "{path}: JSON: {}",
            answer.text
        );
    }
    let long = format!("/api/v1/clusters/sandbox/projects/{}/jobs", "a".repeat(300));
    let answer = h
        .send(Method::POST, &long, &regular, Some(job("hostile")))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    for project in PROJECTS {
        let read = h
            .send(
                Method::GET,
                &format!("/api/v1/clusters/sandbox/projects/{project}/jobs/hostile"),
                &admin,
                None,
            )
            .await;
        assert_eq!(
            read.status,
            StatusCode::NOT_FOUND,
            "nothing created in {project}"
        );
    }
    // A Pod of another project is not reachable through this project's path.
    let made = h
        .send(
            Method::POST,
            "/api/v1/clusters/sandbox/projects/other-project/jobs",
            &admin,
            Some(job("theirs")),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let t = Target {
        h,
        auth: admin.clone(),
        project: "other-project".into(),
    };
    let pod = t
        .wait_for("their pod", async || {
            let pods = t
                .send(
                    Method::GET,
                    "/api/v1/clusters/sandbox/projects/other-project/jobs/theirs/pods",
                    None,
                )
                .await;
            pods.json["items"][0]["name"].as_str().map(str::to_owned)
        })
        .await;
    let answer =
        t.h.send(
            Method::GET,
            &format!("/api/v1/clusters/sandbox/projects/demo-project/pods/{pod}/logs"),
            &regular,
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.text);
    assert_eq!(answer.json["code"], 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_impersonation_every_user_action_fails_closed() {
    let h = harness_with(LoginLimits::default(), false).await;
    for user in ["admin", "project-regular"] {
        let auth = h.login(user, PASSWORD).await.expect("signs in");
        for (method, path, body) in [
            (Method::GET, "jobs", None),
            (Method::POST, "jobs", Some(job("never"))),
            (Method::GET, "jobs/never", None),
            (Method::DELETE, "jobs/never", None),
            (Method::POST, "jobs/never/rerun", None),
        ] {
            let full = format!("/api/v1/clusters/sandbox/projects/demo-project/{path}");
            let answer = h.send(method.clone(), &full, &auth, body).await;
            assert!(
                [StatusCode::FORBIDDEN, StatusCode::BAD_GATEWAY].contains(&answer.status),
                "{user} {method} {path}: fails closed: {} {}",
                answer.status,
                answer.text
            );
            assert!(answer.json["code"].as_u64().is_some(), "JSON error");
        }
    }
    // The console's own identity could have listed and created Jobs: nothing happened.
    let store_jobs = h
        .sandbox
        .as_ref()
        .expect("sandbox")
        .sandbox
        .store()
        .list::<k8s_openapi::api::batch::v1::Job>(Some("demo-project"), &Default::default())
        .expect("list");
    assert!(
        store_jobs
            .items
            .iter()
            .all(|j| j.metadata.name.as_deref() != Some("never"))
    );
}
