//! Shared fixtures of the sandbox's integration tests: a seeded sandbox on a manual clock,
//! kube-rs clients that talk to its router in-process as a seeded user, and Job builders.

#![allow(
    dead_code,
    reason = "each test binary uses a different subset of the helpers"
)]

use http::HeaderValue;
use k8s_openapi::api::batch::v1::{Job, JobSpec};
use k8s_openapi::api::core::v1::{Container, PodSpec, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use sandbox::{Clock, Sandbox, SandboxOptions};
use tower::ServiceBuilder;

/// A seeded sandbox on a manual clock, without controllers (objects change only when a
/// test changes them).
pub fn sandbox() -> Sandbox {
    Sandbox::new_with(
        SandboxOptions {
            clock: Clock::manual(chrono::Utc::now()),
            seed: true,
            state_file: None,
        },
        sandbox::Tuning {
            run_controllers: false,
            ..sandbox::Tuning::default()
        },
    )
    .expect("sandbox")
}

/// A seeded sandbox on a manual clock with its Job controller, scheduler and kubelets.
pub fn running_sandbox() -> Sandbox {
    Sandbox::new(SandboxOptions {
        clock: Clock::manual(chrono::Utc::now()),
        seed: true,
        state_file: None,
    })
    .expect("sandbox")
}

/// A kube-rs client speaking to the sandbox's router in-process with `token`.
pub fn client_with_token(sb: &Sandbox, token: Option<String>) -> kube::Client {
    let service = ServiceBuilder::new()
        .map_request(move |mut req: http::Request<kube::client::Body>| {
            if let Some(value) = token
                .as_deref()
                .and_then(|t| HeaderValue::from_str(&format!("Bearer {t}")).ok())
            {
                req.headers_mut().insert(http::header::AUTHORIZATION, value);
            }
            req
        })
        .service(sb.router());
    kube::Client::new(service, "default")
}

/// A kube-rs client acting as a seeded user.
pub fn client(sb: &Sandbox, user: &str) -> kube::Client {
    client_with_token(sb, sb.user_token(user).map(str::to_owned))
}

/// A kube-rs client acting as `as_user` through impersonation, authenticated as `caller`'s
/// token.
pub fn impersonating(sb: &Sandbox, token: &str, as_user: &str, groups: &[&str]) -> kube::Client {
    let token = token.to_owned();
    let as_user = as_user.to_owned();
    let groups: Vec<String> = groups.iter().map(|g| (*g).to_owned()).collect();
    let service = ServiceBuilder::new()
        .map_request(move |mut req: http::Request<kube::client::Body>| {
            let h = req.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&format!("Bearer {token}")) {
                h.insert(http::header::AUTHORIZATION, v);
            }
            if let Ok(v) = HeaderValue::from_str(&as_user) {
                h.insert("impersonate-user", v);
            }
            for g in &groups {
                if let Ok(v) = HeaderValue::from_str(g) {
                    h.append("impersonate-group", v);
                }
            }
            req
        })
        .service(sb.router());
    kube::Client::new(service, "default")
}

/// The Kubernetes `Status` of a failed call.
pub fn status(err: kube::Error) -> kube::core::Status {
    match err {
        kube::Error::Api(s) => *s,
        other => panic!("expected an API error, got {other}"),
    }
}

/// A Job builder: `job("pi").labels(&[("app", "x")]).build()`.
pub struct JobBuilder {
    job: Job,
}

/// Starts a Job named `name` in `demo-project`: one `busybox` container, restartPolicy Never.
pub fn job(name: &str) -> JobBuilder {
    JobBuilder {
        job: Job {
            metadata: ObjectMeta {
                name: Some(name.to_owned()),
                namespace: Some("demo-project".to_owned()),
                ..ObjectMeta::default()
            },
            spec: Some(JobSpec {
                template: PodTemplateSpec {
                    metadata: None,
                    spec: Some(PodSpec {
                        containers: vec![Container {
                            name: "main".into(),
                            image: Some("busybox".into()),
                            command: Some(vec!["echo".into(), "hi".into()]),
                            ..Container::default()
                        }],
                        restart_policy: Some("Never".into()),
                        ..PodSpec::default()
                    }),
                },
                ..JobSpec::default()
            }),
            ..Job::default()
        },
    }
}

impl JobBuilder {
    /// Sets labels.
    pub fn labels(mut self, labels: &[(&str, &str)]) -> Self {
        self.job.metadata.labels = Some(
            labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        );
        self
    }

    /// Uses generateName instead of a name.
    pub fn generate_name(mut self, prefix: &str) -> Self {
        self.job.metadata.name = None;
        self.job.metadata.generate_name = Some(prefix.to_owned());
        self
    }

    /// Edits the spec.
    pub fn spec(mut self, edit: impl FnOnce(&mut JobSpec)) -> Self {
        if let Some(spec) = self.job.spec.as_mut() {
            edit(spec);
        }
        self
    }

    /// The Job.
    pub fn build(self) -> Job {
        self.job
    }
}
