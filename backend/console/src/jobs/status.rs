//! A Job's status as the console shows it (SPEC.md §5) and the summary row of the Job list.
//!
//! The status is derived from the Job's conditions and counts, in this order: a `Failed`
//! condition → Failed (with its reason), `Complete` → Completed, `FailureTarget` → Failing
//! (the Job has failed but its Pods are still terminating), `spec.suspend` → Suspended, no
//! start and no Pods counted yet → Pending (never Failed: KubeSphere shows a Job without a
//! status as failed), else Running.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::api::batch::v1::{Job, JobCondition};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The annotation KubeSphere keeps a Job's alias (display name) in.
pub const ALIAS_ANNOTATION: &str = "kubesphere.io/alias-name";
/// The annotation KubeSphere keeps a Job's description in.
pub const DESCRIPTION_ANNOTATION: &str = "kubesphere.io/description";

/// The status of a Job, in the order the list sorts them by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
pub enum JobStatus {
    /// Created, not started yet (no status, or no Pod counted yet).
    Pending,
    /// Pods are running or being created.
    Running,
    /// `spec.suspend` is set: no Pods run until it is resumed.
    Suspended,
    /// A FailureTarget condition is set: the Job has failed and its Pods are terminating.
    Failing,
    /// The Job failed (backoff limit, deadline, pod failure policy, …).
    Failed,
    /// All completions succeeded.
    Completed,
}

impl JobStatus {
    /// Every status, in sort order.
    pub const ALL: [JobStatus; 6] = [
        Self::Pending,
        Self::Running,
        Self::Suspended,
        Self::Failing,
        Self::Failed,
        Self::Completed,
    ];

    /// The status's name as it appears in JSON (`Running`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Running => "Running",
            Self::Suspended => "Suspended",
            Self::Failing => "Failing",
            Self::Failed => "Failed",
            Self::Completed => "Completed",
        }
    }

    /// Parses a status name, ignoring case (`running`, `Running`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether the Job is over (Completed or Failed).
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Completed | Self::Failed)
    }
}

/// A Job's status with its reason (the condition's reason, e.g. `BackoffLimitExceeded`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedStatus {
    /// The status.
    pub status: JobStatus,
    /// Why, when a condition says so.
    pub reason: Option<String>,
    /// The condition's message, when there is one.
    pub message: Option<String>,
    /// When the Job reached this status, if the condition says.
    pub since: Option<DateTime<Utc>>,
}

/// One row of the Job list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobSummary {
    /// The Job's name.
    pub name: String,
    /// The display name (annotation `kubesphere.io/alias-name`).
    pub alias: Option<String>,
    /// The description (annotation `kubesphere.io/description`).
    pub description: Option<String>,
    /// The status, derived from conditions and counts.
    pub status: JobStatus,
    /// Why the Job has this status (e.g. `BackoffLimitExceeded`), when known.
    pub reason: Option<String>,
    /// `spec.completions`: how many Pods must succeed (none for a work-queue Job).
    pub completions: Option<i32>,
    /// `spec.parallelism` (Kubernetes' default 1 when unset).
    pub parallelism: i32,
    /// Pods that succeeded.
    pub succeeded: i32,
    /// Pods that failed.
    pub failed: i32,
    /// Pods running now.
    pub active: i32,
    /// When the Job was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When the Job controller started the Job.
    pub start_time: Option<DateTime<Utc>>,
    /// When the Job completed (Kubernetes sets it only on success).
    pub completion_time: Option<DateTime<Utc>>,
    /// Seconds from start to completion (or failure), or to now while it runs.
    pub duration_seconds: Option<i64>,
    /// The latest change seen on the Job (a condition, its start or completion, or its
    /// creation); the list sorts by it with `sortBy=updatedAt`.
    pub updated_at: Option<DateTime<Utc>>,
    /// The Job's labels.
    pub labels: BTreeMap<String, String>,
}

/// Converts a Kubernetes timestamp.
pub fn to_chrono(time: &Time) -> Option<DateTime<Utc>> {
    let nanos = u32::try_from(time.0.subsec_nanosecond()).ok()?;
    DateTime::from_timestamp(time.0.as_second(), nanos)
}

fn true_condition<'a>(job: &'a Job, type_: &str) -> Option<&'a JobCondition> {
    job.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == type_ && c.status == "True")
}

fn from_condition(status: JobStatus, condition: Option<&JobCondition>) -> DerivedStatus {
    DerivedStatus {
        status,
        reason: condition
            .and_then(|c| c.reason.clone())
            .filter(|r| !r.is_empty()),
        message: condition
            .and_then(|c| c.message.clone())
            .filter(|m| !m.is_empty()),
        since: condition
            .and_then(|c| c.last_transition_time.as_ref())
            .and_then(to_chrono),
    }
}

/// Derives a Job's status from its conditions and counts (SPEC.md §5).
pub fn job_status(job: &Job) -> DerivedStatus {
    if let Some(c) = true_condition(job, "Failed") {
        return from_condition(JobStatus::Failed, Some(c));
    }
    if let Some(c) = true_condition(job, "Complete") {
        return from_condition(JobStatus::Completed, Some(c));
    }
    if let Some(c) = true_condition(job, "FailureTarget") {
        return from_condition(JobStatus::Failing, Some(c));
    }
    let suspended = job.spec.as_ref().and_then(|s| s.suspend).unwrap_or(false);
    if suspended {
        return from_condition(JobStatus::Suspended, true_condition(job, "Suspended"));
    }
    let status = job.status.as_ref();
    let counted = status.is_some_and(|s| {
        s.start_time.is_some()
            || s.active.unwrap_or(0) > 0
            || s.succeeded.unwrap_or(0) > 0
            || s.failed.unwrap_or(0) > 0
    });
    if counted {
        from_condition(JobStatus::Running, None)
    } else {
        from_condition(JobStatus::Pending, None)
    }
}

/// Seconds the Job ran: start to completion (or to failure), start to the suspension, or
/// start to `now` while it runs; none before it starts. Never negative.
pub fn duration_seconds(job: &Job, derived: &DerivedStatus, now: DateTime<Utc>) -> Option<i64> {
    let status = job.status.as_ref()?;
    let start = status.start_time.as_ref().and_then(to_chrono)?;
    let end = match derived.status {
        JobStatus::Pending => return None,
        JobStatus::Completed => status
            .completion_time
            .as_ref()
            .and_then(to_chrono)
            .or(derived.since)
            .unwrap_or(now),
        JobStatus::Failed | JobStatus::Suspended => derived.since.unwrap_or(now),
        JobStatus::Running | JobStatus::Failing => now,
    };
    Some((end - start).num_seconds().max(0))
}

fn latest_change(job: &Job) -> Option<DateTime<Utc>> {
    let status = job.status.as_ref();
    let conditions = status
        .and_then(|s| s.conditions.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|c| c.last_transition_time.as_ref());
    let times = status
        .and_then(|s| s.start_time.as_ref())
        .into_iter()
        .chain(status.and_then(|s| s.completion_time.as_ref()))
        .chain(conditions)
        .chain(job.metadata.creation_timestamp.as_ref());
    times.filter_map(to_chrono).max()
}

fn annotation(job: &Job, key: &str) -> Option<String> {
    job.metadata
        .annotations
        .as_ref()?
        .get(key)
        .filter(|v| !v.is_empty())
        .cloned()
}

/// The list row for a Job, with durations measured to `now`.
pub fn summarize(job: &Job, now: DateTime<Utc>) -> JobSummary {
    let derived = job_status(job);
    let spec = job.spec.as_ref();
    let status = job.status.as_ref();
    let count = |f: fn(&k8s_openapi::api::batch::v1::JobStatus) -> Option<i32>| {
        status.and_then(f).unwrap_or(0)
    };
    JobSummary {
        name: job.metadata.name.clone().unwrap_or_default(),
        alias: annotation(job, ALIAS_ANNOTATION),
        description: annotation(job, DESCRIPTION_ANNOTATION),
        duration_seconds: duration_seconds(job, &derived, now),
        status: derived.status,
        reason: derived.reason,
        completions: spec.and_then(|s| s.completions),
        parallelism: spec.and_then(|s| s.parallelism).unwrap_or(1),
        succeeded: count(|s| s.succeeded),
        failed: count(|s| s.failed),
        active: count(|s| s.active),
        created_at: job.metadata.creation_timestamp.as_ref().and_then(to_chrono),
        start_time: status
            .and_then(|s| s.start_time.as_ref())
            .and_then(to_chrono),
        completion_time: status
            .and_then(|s| s.completion_time.as_ref())
            .and_then(to_chrono),
        updated_at: latest_change(job),
        labels: job.metadata.labels.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::testutil::{at, job};

    fn status_of(job: impl Into<Job>) -> (JobStatus, Option<String>) {
        let d = job_status(&job.into());
        (d.status, d.reason)
    }

    #[test]
    fn a_job_without_status_is_pending_never_failed() {
        assert_eq!(status_of(job("pi")), (JobStatus::Pending, None));
        let mut empty_status = job("pi").build();
        empty_status.status = Some(Default::default());
        assert_eq!(status_of(empty_status), (JobStatus::Pending, None));
    }

    #[test]
    fn running_completed_failed_failing_suspended() {
        assert_eq!(status_of(job("pi").active(2)).0, JobStatus::Running);
        assert_eq!(status_of(job("pi").started()).0, JobStatus::Running);
        assert_eq!(
            status_of(
                job("pi")
                    .completions(4)
                    .parallelism(2)
                    .succeeded(4)
                    .complete()
            ),
            (JobStatus::Completed, Some("CompletionsReached".into()))
        );
        assert_eq!(
            status_of(job("pi").failed(7).failed_with("BackoffLimitExceeded")),
            (JobStatus::Failed, Some("BackoffLimitExceeded".into()))
        );
        assert_eq!(
            status_of(job("pi").failed_with("DeadlineExceeded")),
            (JobStatus::Failed, Some("DeadlineExceeded".into()))
        );
        assert_eq!(
            status_of(job("pi").active(1).failure_target("BackoffLimitExceeded")),
            (JobStatus::Failing, Some("BackoffLimitExceeded".into()))
        );
        // Failed wins over FailureTarget once the controller sets it.
        assert_eq!(
            status_of(
                job("pi")
                    .failure_target("BackoffLimitExceeded")
                    .failed_with("BackoffLimitExceeded")
            )
            .0,
            JobStatus::Failed
        );
        assert_eq!(
            status_of(job("pi").suspended()),
            (JobStatus::Suspended, Some("JobSuspended".into()))
        );
        assert_eq!(
            status_of(job("pi").created_suspended()).0,
            JobStatus::Suspended
        );
    }

    #[test]
    fn a_false_condition_counts_for_nothing() {
        let mut j = job("pi").complete().build();
        if let Some(c) = j
            .status
            .as_mut()
            .and_then(|s| s.conditions.as_mut())
            .and_then(|c| c.first_mut())
        {
            c.status = "False".into();
        }
        assert_eq!(status_of(j).0, JobStatus::Running);
    }

    #[test]
    fn durations() {
        let now = at(1000);
        let d = |j: Job| {
            let derived = job_status(&j);
            duration_seconds(&j, &derived, now)
        };
        assert_eq!(d(job("pi").build()), None);
        assert_eq!(d(job("pi").active(1).build()), Some(990));
        assert_eq!(d(job("pi").succeeded(1).complete().build()), Some(60));
        assert_eq!(
            d(job("pi").failed_with("DeadlineExceeded").build()),
            Some(30)
        );
        // A clock behind the cluster's never gives a negative duration.
        let j = job("pi").active(1).build();
        assert_eq!(duration_seconds(&j, &job_status(&j), at(0)), Some(0));
    }

    #[test]
    fn summary_fields() {
        let j = job("pi")
            .completions(4)
            .parallelism(2)
            .succeeded(4)
            .complete()
            .label("app", "pi")
            .annotation(ALIAS_ANNOTATION, "Pi digits")
            .annotation(DESCRIPTION_ANNOTATION, "computes π")
            .build();
        let s = summarize(&j, at(5000));
        assert_eq!(s.name, "pi");
        assert_eq!(s.alias.as_deref(), Some("Pi digits"));
        assert_eq!(s.description.as_deref(), Some("computes π"));
        assert_eq!(s.status, JobStatus::Completed);
        assert_eq!(
            (
                s.completions,
                s.parallelism,
                s.succeeded,
                s.failed,
                s.active
            ),
            (Some(4), 2, 4, 0, 0)
        );
        assert_eq!(s.created_at, Some(at(0)));
        assert_eq!(s.start_time, Some(at(10)));
        assert_eq!(s.completion_time, Some(at(70)));
        assert_eq!(s.duration_seconds, Some(60));
        assert_eq!(s.updated_at, Some(at(70)));
        assert_eq!(s.labels.get("app").map(String::as_str), Some("pi"));

        let json = serde_json::to_value(&s).expect("serializes");
        for key in [
            "name",
            "alias",
            "description",
            "status",
            "reason",
            "completions",
            "parallelism",
            "succeeded",
            "failed",
            "active",
            "createdAt",
            "startTime",
            "completionTime",
            "durationSeconds",
            "labels",
        ] {
            assert!(json.get(key).is_some(), "{key} missing");
        }
        assert_eq!(json["status"], "Completed");
    }

    #[test]
    fn defaults_for_a_bare_job() {
        let s = summarize(&job("w").build(), at(5));
        assert_eq!((s.completions, s.parallelism), (None, 1));
        assert_eq!(s.alias, None);
        assert_eq!(s.duration_seconds, None);
        assert_eq!(s.updated_at, Some(at(0)));
    }

    #[test]
    fn status_names_parse_ignoring_case() {
        assert_eq!(JobStatus::parse("running"), Some(JobStatus::Running));
        assert_eq!(JobStatus::parse("FAILED"), Some(JobStatus::Failed));
        assert_eq!(JobStatus::parse("done"), None);
        for s in JobStatus::ALL {
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::json!(s.as_str()))
            );
        }
    }
}
