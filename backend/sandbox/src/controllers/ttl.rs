//! The TTL-after-finished controller's decision: a finished Job with
//! `ttlSecondsAfterFinished` is deleted (with its pods, Foreground as Kubernetes does) once
//! that many seconds have passed since its `Complete` or `Failed` condition.

use chrono::{DateTime, Utc};
use k8s_openapi::api::batch::v1::Job;

use super::job::finished_at;

/// What to do with a Job now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// No TTL, not finished, or already being deleted: nothing to do.
    Keep,
    /// Look again at this time.
    WakeAt(DateTime<Utc>),
    /// The TTL has expired: delete the Job.
    Delete,
}

/// Decides for `job` at `now` (kubernetes.io, "Automatic Cleanup for Finished Jobs").
pub fn decide(job: &Job, now: DateTime<Utc>) -> Decision {
    if job.metadata.deletion_timestamp.is_some() {
        return Decision::Keep;
    }
    let Some(ttl) = job.spec.as_ref().and_then(|s| s.ttl_seconds_after_finished) else {
        return Decision::Keep;
    };
    let Some(finished) = finished_at(job) else {
        return Decision::Keep;
    };
    let expires = finished + chrono::Duration::seconds(i64::from(ttl.max(0)));
    if now >= expires {
        Decision::Delete
    } else {
        Decision::WakeAt(expires)
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::batch::v1::{JobCondition, JobSpec, JobStatus};

    use super::*;
    use crate::clock::to_time;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    fn job(ttl: Option<i32>, finished: Option<(&str, i64)>) -> Job {
        Job {
            spec: Some(JobSpec {
                ttl_seconds_after_finished: ttl,
                ..JobSpec::default()
            }),
            status: Some(JobStatus {
                conditions: finished.map(|(type_, at)| {
                    vec![JobCondition {
                        type_: type_.into(),
                        status: "True".into(),
                        last_transition_time: Some(to_time(t(at))),
                        ..JobCondition::default()
                    }]
                }),
                ..JobStatus::default()
            }),
            ..Job::default()
        }
    }

    #[test]
    fn finished_jobs_are_deleted_after_their_ttl() {
        // kubernetes.io, "Automatic Cleanup for Finished Jobs": the TTL counts from when the
        // Job finished (Complete or Failed); 0 means right after it finishes.
        let complete = job(Some(5), Some(("Complete", 100)));
        assert_eq!(decide(&complete, t(101)), Decision::WakeAt(t(105)));
        assert_eq!(decide(&complete, t(105)), Decision::Delete);
        let failed = job(Some(0), Some(("Failed", 100)));
        assert_eq!(decide(&failed, t(100)), Decision::Delete);
    }

    #[test]
    fn running_jobs_and_jobs_without_ttl_stay() {
        assert_eq!(decide(&job(Some(5), None), t(1000)), Decision::Keep);
        assert_eq!(
            decide(&job(None, Some(("Complete", 0))), t(1000)),
            Decision::Keep
        );
        let mut deleting = job(Some(0), Some(("Complete", 0)));
        deleting.metadata.deletion_timestamp = Some(to_time(t(1)));
        assert_eq!(decide(&deleting, t(1000)), Decision::Keep);
    }
}
