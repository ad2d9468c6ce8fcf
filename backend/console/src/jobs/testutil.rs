//! Test fixtures: a builder for Jobs in every state
//! (`job("pi").completions(4).parallelism(2).succeeded(4).complete()`) and the instants they
//! use, all relative to one fixed creation time.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::api::batch::v1::{Job, JobCondition, JobSpec, JobStatus};
use k8s_openapi::api::core::v1::{Container, PodSpec, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, Time};

/// The creation time of every fixture Job: 2026-01-01T00:00:00Z.
pub const T0: i64 = 1_767_225_600;

/// The instant `secs` seconds after [`T0`], as Kubernetes writes it.
pub fn ts(secs: i64) -> Time {
    Time(k8s_openapi::jiff::Timestamp::from_second(T0 + secs).expect("valid timestamp"))
}

/// The instant `secs` seconds after [`T0`], as the console computes with it.
pub fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(T0 + secs, 0).expect("valid timestamp")
}

/// Builds a Job fixture.
pub struct JobBuilder(Job);

/// A fresh Job named `name` in project `demo`, created at [`T0`], with no status yet.
pub fn job(name: &str) -> JobBuilder {
    JobBuilder(Job {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            namespace: Some("demo".to_owned()),
            uid: Some(format!("uid-{name}")),
            resource_version: Some("100".to_owned()),
            creation_timestamp: Some(ts(0)),
            ..ObjectMeta::default()
        },
        spec: Some(JobSpec {
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta::default()),
                spec: Some(PodSpec {
                    restart_policy: Some("Never".to_owned()),
                    containers: vec![Container {
                        name: "pi".to_owned(),
                        image: Some("perl:5.34".to_owned()),
                        command: Some(vec![
                            "perl".into(),
                            "-Mbignum=bpi".into(),
                            "-wle".into(),
                            "print bpi(2000)".into(),
                        ]),
                        ..Container::default()
                    }],
                    ..PodSpec::default()
                }),
            },
            ..JobSpec::default()
        }),
        status: None,
    })
}

impl JobBuilder {
    fn spec(&mut self) -> &mut JobSpec {
        self.0.spec.get_or_insert_with(JobSpec::default)
    }

    fn status(&mut self) -> &mut JobStatus {
        self.0.status.get_or_insert_with(JobStatus::default)
    }

    fn condition(mut self, type_: &str, reason: &str, secs: i64) -> Self {
        self.status()
            .conditions
            .get_or_insert_with(Vec::new)
            .push(JobCondition {
                type_: type_.to_owned(),
                status: "True".to_owned(),
                reason: Some(reason.to_owned()),
                message: Some(format!("{reason} happened")),
                last_transition_time: Some(ts(secs)),
                last_probe_time: None,
            });
        self
    }

    /// Sets `spec.completions`.
    pub fn completions(mut self, n: i32) -> Self {
        self.spec().completions = Some(n);
        self
    }

    /// Sets `spec.parallelism`.
    pub fn parallelism(mut self, n: i32) -> Self {
        self.spec().parallelism = Some(n);
        self
    }

    /// Sets `spec.suspend: true` and the Suspended condition.
    pub fn suspended(mut self) -> Self {
        self.spec().suspend = Some(true);
        self.condition("Suspended", "JobSuspended", 5)
    }

    /// Sets `spec.suspend: true` with no status at all (created suspended).
    pub fn created_suspended(mut self) -> Self {
        self.spec().suspend = Some(true);
        self
    }

    /// Marks the Job started 10 s after creation.
    pub fn started(mut self) -> Self {
        self.status().start_time = Some(ts(10));
        self
    }

    /// Sets `status.active`.
    pub fn active(mut self, n: i32) -> Self {
        self.status().active = Some(n);
        self.started()
    }

    /// Sets `status.succeeded`.
    pub fn succeeded(mut self, n: i32) -> Self {
        self.status().succeeded = Some(n);
        self.started()
    }

    /// Sets `status.failed`.
    pub fn failed(mut self, n: i32) -> Self {
        self.status().failed = Some(n);
        self.started()
    }

    /// Completes the Job 70 s after creation (60 s after its start).
    pub fn complete(mut self) -> Self {
        self.status().completion_time = Some(ts(70));
        self.started()
            .condition("Complete", "CompletionsReached", 70)
    }

    /// Fails the Job with `reason` 40 s after creation (30 s after its start).
    pub fn failed_with(self, reason: &str) -> Self {
        self.started().condition("Failed", reason, 40)
    }

    /// Sets a FailureTarget condition with `reason` (the Job is failing, Pods terminating).
    pub fn failure_target(self, reason: &str) -> Self {
        self.started().condition("FailureTarget", reason, 30)
    }

    /// Sets a label on the Job.
    pub fn label(mut self, key: &str, value: &str) -> Self {
        self.0
            .metadata
            .labels
            .get_or_insert_with(BTreeMap::new)
            .insert(key.to_owned(), value.to_owned());
        self
    }

    /// Sets an annotation on the Job.
    pub fn annotation(mut self, key: &str, value: &str) -> Self {
        self.0
            .metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(key.to_owned(), value.to_owned());
        self
    }

    /// Sets the creation time `secs` after [`T0`].
    pub fn created(mut self, secs: i64) -> Self {
        self.0.metadata.creation_timestamp = Some(ts(secs));
        self
    }

    /// Sets the uid.
    pub fn uid(mut self, uid: &str) -> Self {
        self.0.metadata.uid = Some(uid.to_owned());
        self
    }

    /// Adds what the API server and Job controller add: the generated selector, the
    /// controller-uid and job-name labels on the template (and the Job, as defaulting copies
    /// them), managedFields, generation.
    pub fn stored(mut self) -> Self {
        let name = self.0.metadata.name.clone().unwrap_or_default();
        let uid = self.0.metadata.uid.clone().unwrap_or_default();
        let generated: BTreeMap<String, String> = [
            ("batch.kubernetes.io/controller-uid", uid.as_str()),
            ("batch.kubernetes.io/job-name", name.as_str()),
            ("controller-uid", uid.as_str()),
            ("job-name", name.as_str()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let spec = self.spec();
        spec.selector = Some(LabelSelector {
            match_labels: Some(
                [("batch.kubernetes.io/controller-uid".to_owned(), uid.clone())].into(),
            ),
            match_expressions: None,
        });
        spec.manual_selector = Some(false);
        spec.backoff_limit = Some(6);
        let template_meta = spec
            .template
            .metadata
            .get_or_insert_with(ObjectMeta::default);
        template_meta
            .labels
            .get_or_insert_with(BTreeMap::new)
            .extend(generated.clone());
        template_meta.creation_timestamp = None;
        self.0
            .metadata
            .labels
            .get_or_insert_with(BTreeMap::new)
            .extend(generated);
        self.0.metadata.generation = Some(1);
        self.0.metadata.managed_fields = Some(vec![Default::default()]);
        self
    }

    /// The Job.
    pub fn build(self) -> Job {
        self.0
    }
}

impl From<JobBuilder> for Job {
    fn from(builder: JobBuilder) -> Self {
        builder.0
    }
}
