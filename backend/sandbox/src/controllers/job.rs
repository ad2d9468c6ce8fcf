//! The Job controller's decisions as a pure function, after Kubernetes' own `syncJob`: given
//! a Job, the pods it owns and the time, what to create, delete and untrack, the new status,
//! the events to record (as `job-controller`) and when to look again.
//!
//! Pods carry the `batch.kubernetes.io/job-tracking` finalizer until counted: a terminated
//! (or deleted) pod that still has it is added to `succeeded`/`failed` and untracked. Pods the
//! controller removes itself (suspension, lowered parallelism) are untracked before deletion
//! and so never counted, as in Kubernetes. Terminal conditions follow current Kubernetes:
//! `SuccessCriteriaMet` then `Complete`, `FailureTarget` then `Failed`.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use k8s_openapi::api::batch::v1::{Job, JobCondition, JobStatus, UncountedTerminatedPods};
use k8s_openapi::api::core::v1::Pod;

use super::job_pods::{
    completion_index, finish_time, format_indexes, is_deleting, is_ready, is_terminal, is_tracked,
    new_pod, parse_indexes, phase, restarts,
};
use crate::clock::{from_time, to_time, whole_seconds};

/// The first delay between pod failures (`DefaultJobPodFailureBackOff`).
pub const BACKOFF_BASE: Duration = Duration::from_secs(10);
/// The longest delay between pod failures (`MaxJobPodFailureBackOff`): six minutes.
pub const BACKOFF_MAX: Duration = Duration::from_secs(360);

/// An event the controller records on the Job, as `job-controller`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobEvent {
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    /// `SuccessfulCreate`, `SuccessfulDelete`, `Completed`, `BackoffLimitExceeded`, ...
    pub reason: &'static str,
    /// The human message (`Created pod: pi-abcde`).
    pub message: String,
}

/// What one sync of a Job decided.
#[derive(Debug, Clone, Default)]
pub struct Sync {
    /// Pods to create, complete with name, labels, owner reference and finalizer.
    pub create: Vec<Pod>,
    /// Names of pods to delete; untrack each first so that it is not counted.
    pub delete: Vec<String>,
    /// Names of pods now counted in the status, whose tracking finalizer is to be removed
    /// once the status is written.
    pub untrack: Vec<String>,
    /// The Job's new status.
    pub status: JobStatus,
    /// Events to record on the Job.
    pub events: Vec<JobEvent>,
    /// When to sync again even if nothing changes (back-off, active deadline).
    pub wake_at: Option<DateTime<Utc>>,
}

/// The delay before the next pod after `failures` consecutive failures: 10 s, 20 s, 40 s, …
/// capped at six minutes (kubernetes.io, Job, "Pod backoff failure policy").
pub fn backoff_delay(failures: u32) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let shift = (failures - 1).min(16);
    BACKOFF_BASE.saturating_mul(1 << shift).min(BACKOFF_MAX)
}

/// The condition of `type_` when its status is `True`.
pub fn true_condition<'j>(status: Option<&'j JobStatus>, type_: &str) -> Option<&'j JobCondition> {
    status?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == type_ && c.status == "True")
}

/// Whether the Job has finished (`Complete` or `Failed` is true).
pub fn is_finished(job: &Job) -> bool {
    let status = job.status.as_ref();
    true_condition(status, "Complete").is_some() || true_condition(status, "Failed").is_some()
}

/// When a finished Job finished: the `Complete` or `Failed` condition's transition time.
pub fn finished_at(job: &Job) -> Option<DateTime<Utc>> {
    let status = job.status.as_ref();
    true_condition(status, "Complete")
        .or_else(|| true_condition(status, "Failed"))
        .and_then(|c| c.last_transition_time.as_ref())
        .map(from_time)
}

fn set_condition(
    status: &mut JobStatus,
    type_: &str,
    value: &str,
    reason: &str,
    message: &str,
    now: DateTime<Utc>,
) -> bool {
    let conditions = status.conditions.get_or_insert_default();
    if let Some(c) = conditions.iter_mut().find(|c| c.type_ == type_) {
        if c.status == value {
            return false;
        }
        c.status = value.to_owned();
        c.reason = Some(reason.to_owned());
        c.message = Some(message.to_owned());
        c.last_probe_time = Some(to_time(now));
        c.last_transition_time = Some(to_time(now));
        return true;
    }
    conditions.push(JobCondition {
        type_: type_.to_owned(),
        status: value.to_owned(),
        reason: Some(reason.to_owned()),
        message: Some(message.to_owned()),
        last_probe_time: Some(to_time(now)),
        last_transition_time: Some(to_time(now)),
    });
    true
}

fn event(type_: &'static str, reason: &'static str, message: impl Into<String>) -> JobEvent {
    JobEvent {
        type_,
        reason,
        message: message.into(),
    }
}

fn name(pod: &Pod) -> String {
    pod.metadata.name.clone().unwrap_or_default()
}

/// Deletes a pod the controller no longer wants, with its `SuccessfulDelete` event.
fn delete(out: &mut Sync, pod: &Pod) {
    let name = name(pod);
    out.events.push(event(
        "Normal",
        "SuccessfulDelete",
        format!("Deleted pod: {name}"),
    ));
    if !out.untrack.contains(&name) {
        out.untrack.push(name.clone());
    }
    out.delete.push(name);
}

/// Orders active pods for removal as `controller.ActivePods` does: unscheduled first, then
/// pending, not ready, most restarted, newest.
fn removal_order(pods: &mut [&Pod]) {
    pods.sort_by_key(|p| {
        let scheduled = p.spec.as_ref().and_then(|s| s.node_name.as_ref()).is_some();
        let running = phase(p) == "Running";
        let created = p
            .metadata
            .creation_timestamp
            .as_ref()
            .map(|t| std::cmp::Reverse(from_time(t)));
        (scheduled, running, is_ready(p), -restarts(p), created)
    });
}

/// Decides one sync of `job` given the pods it owns at `now`; `suffix` makes the random part
/// of new pod names.
pub fn sync(
    job: &Job,
    pods: &[Pod],
    now: DateTime<Utc>,
    suffix: &mut dyn FnMut() -> String,
) -> Sync {
    let now = whole_seconds(now);
    let mut out = Sync {
        status: job.status.clone().unwrap_or_default(),
        ..Sync::default()
    };
    if job.metadata.deletion_timestamp.is_some() || is_finished(job) {
        // Kubernetes removes the finalizers left on the pods of a finished or deleted Job.
        out.untrack = pods.iter().filter(|p| is_tracked(p)).map(name).collect();
        return out;
    }
    let spec = job.spec.clone().unwrap_or_default();
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");
    let completions = spec.completions;
    let parallelism = spec.parallelism.unwrap_or(1).max(0);
    let backoff_limit = spec.backoff_limit.unwrap_or(6).max(0);
    let suspended = spec.suspend == Some(true);
    let on_failure = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref())
        == Some("OnFailure");
    let in_range =
        |p: &Pod| !indexed || completion_index(p).is_some_and(|i| i < completions.unwrap_or(0));

    // Count what finished since the last sync.
    let mut active: Vec<&Pod> = pods
        .iter()
        .filter(|p| !is_terminal(p) && !is_deleting(p))
        .collect();
    let terminating = pods
        .iter()
        .filter(|p| !is_terminal(p) && is_deleting(p))
        .count();
    let mut succeeded = out.status.succeeded.unwrap_or(0);
    let mut failed = out.status.failed.unwrap_or(0);
    let mut completed: BTreeSet<i32> =
        parse_indexes(out.status.completed_indexes.as_deref().unwrap_or(""));
    for p in pods.iter().filter(|p| is_tracked(p)) {
        let counted = if phase(p) == "Succeeded" {
            if indexed {
                if let Some(i) = completion_index(p).filter(|_| in_range(p)) {
                    completed.insert(i);
                }
            } else {
                succeeded += 1;
            }
            true
        } else if phase(p) == "Failed" || is_deleting(p) {
            if in_range(p) {
                failed += 1;
            }
            true
        } else {
            false
        };
        if counted {
            out.untrack.push(name(p));
        }
    }
    if indexed {
        succeeded = i32::try_from(completed.len()).unwrap_or(i32::MAX);
    }

    if out.status.start_time.is_none() && !suspended {
        out.status.start_time = Some(to_time(now));
    }

    // kubernetes.io, Job, "Pod backoff failure policy" and "Job termination and cleanup".
    let restarts_now: i32 = active
        .iter()
        .filter(|p| matches!(phase(p), "Running" | "Pending"))
        .map(|p| restarts(p))
        .sum();
    let past_restarts = on_failure
        && if backoff_limit == 0 {
            restarts_now > 0
        } else {
            restarts_now >= backoff_limit
        };
    let deadline = spec.active_deadline_seconds.and_then(|secs| {
        let start = from_time(out.status.start_time.as_ref()?);
        Some(start + chrono::Duration::seconds(secs))
    });
    let failure = if failed > backoff_limit || past_restarts {
        Some((
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit",
        ))
    } else if !suspended && deadline.is_some_and(|d| d <= now) {
        Some((
            "DeadlineExceeded",
            "Job was active longer than specified deadline",
        ))
    } else {
        if !suspended {
            out.wake_at = deadline;
        }
        None
    };

    if let Some((reason, message)) = failure {
        // Every pod still running counts as failed and is deleted.
        for p in active.drain(..) {
            if is_tracked(p) && in_range(p) {
                failed += 1;
            }
            delete(&mut out, p);
        }
        set_condition(
            &mut out.status,
            "FailureTarget",
            "True",
            reason,
            message,
            now,
        );
        if terminating == 0 {
            set_condition(&mut out.status, "Failed", "True", reason, message, now);
            out.events.push(event("Warning", reason, message));
        }
    } else if suspended {
        // kubernetes.io, Job, "Suspending a Job": active pods are deleted.
        for p in active.drain(..) {
            delete(&mut out, p);
        }
        if set_condition(
            &mut out.status,
            "Suspended",
            "True",
            "JobSuspended",
            "Job suspended",
            now,
        ) {
            out.events
                .push(event("Normal", "Suspended", "Job suspended"));
        }
    } else {
        let was_suspended = true_condition(Some(&out.status), "Suspended").is_some();
        if was_suspended
            && set_condition(
                &mut out.status,
                "Suspended",
                "False",
                "JobResumed",
                "Job resumed",
                now,
            )
        {
            out.events.push(event("Normal", "Resumed", "Job resumed"));
            // The active deadline counts from the resumption.
            out.status.start_time = Some(to_time(now));
            out.wake_at = spec
                .active_deadline_seconds
                .map(|secs| now + chrono::Duration::seconds(secs));
        }
        manage(
            job,
            &spec,
            indexed,
            parallelism,
            succeeded,
            &completed,
            pods,
            &mut active,
            now,
            suffix,
            &mut out,
        );
        let complete = match completions {
            None => succeeded > 0 && active.is_empty() && out.create.is_empty(),
            Some(c) => succeeded >= c && active.is_empty() && out.create.is_empty(),
        };
        if complete {
            let message = "Reached expected number of succeeded pods";
            set_condition(
                &mut out.status,
                "SuccessCriteriaMet",
                "True",
                "CompletionsReached",
                message,
                now,
            );
            set_condition(
                &mut out.status,
                "Complete",
                "True",
                "CompletionsReached",
                message,
                now,
            );
            out.status.completion_time = Some(to_time(now));
            out.events
                .push(event("Normal", "Completed", "Job completed"));
            out.wake_at = None;
        }
    }

    let active_count = active.len() + out.create.len();
    out.status.active = i32::try_from(active_count).ok().filter(|n| *n > 0);
    out.status.ready =
        Some(i32::try_from(active.iter().filter(|p| is_ready(p)).count()).unwrap_or(0));
    out.status.terminating = Some(i32::try_from(terminating).unwrap_or(0));
    out.status.succeeded = Some(succeeded).filter(|n| *n > 0);
    out.status.failed = Some(failed).filter(|n| *n > 0);
    out.status.completed_indexes = if indexed {
        Some(format_indexes(&completed)).filter(|s| !s.is_empty())
    } else {
        None
    };
    out.status.uncounted_terminated_pods = Some(UncountedTerminatedPods::default());
    out
}

/// `manageJob`: deletes excess active pods and creates missing ones, honouring back-off.
#[expect(
    clippy::too_many_arguments,
    reason = "the pieces of one sync, kept apart for clarity"
)]
fn manage<'p>(
    job: &Job,
    spec: &k8s_openapi::api::batch::v1::JobSpec,
    indexed: bool,
    parallelism: i32,
    succeeded: i32,
    completed: &BTreeSet<i32>,
    pods: &'p [Pod],
    active: &mut Vec<&'p Pod>,
    now: DateTime<Utc>,
    suffix: &mut dyn FnMut() -> String,
    out: &mut Sync,
) {
    let completions = spec.completions;
    // Indexed: pods of a completed or out-of-range index, or a duplicate, go first.
    let mut excess: Vec<&Pod> = Vec::new();
    if indexed {
        let mut held = BTreeSet::new();
        active.retain(|p| {
            let keep = completion_index(p).is_some_and(|i| {
                i < completions.unwrap_or(0) && !completed.contains(&i) && held.insert(i)
            });
            if !keep {
                excess.push(p);
            }
            keep
        });
    }
    let active_now = i32::try_from(active.len()).unwrap_or(i32::MAX);
    let want = match completions {
        // kubernetes.io, Job, "Parallel execution for Jobs": a work queue stops starting
        // pods once one succeeds and lets the others finish.
        None if succeeded > 0 => active_now,
        None => parallelism,
        Some(c) => (c - succeeded).clamp(0, parallelism),
    };
    if active_now > want {
        removal_order(active);
        let n = usize::try_from(active_now - want).unwrap_or(0);
        excess.extend(active.drain(..n));
    }
    for p in excess {
        delete(out, p);
    }
    if active_now >= want {
        return;
    }
    // Exponential back-off after consecutive failures (kubernetes.io, Job, "Pod backoff
    // failure policy").
    let mut finished: Vec<(DateTime<Utc>, bool)> = pods
        .iter()
        .filter(|p| is_terminal(p) || is_deleting(p))
        .map(|p| (finish_time(p).unwrap_or(now), phase(p) == "Succeeded"))
        .collect();
    finished.sort();
    let failures = finished.iter().rev().take_while(|(_, ok)| !ok).count();
    if let Some((last_failure, _)) = finished.last().filter(|_| failures > 0) {
        let delay = backoff_delay(u32::try_from(failures).unwrap_or(u32::MAX));
        let ready_at = *last_failure + chrono::Duration::from_std(delay).unwrap_or_default();
        if ready_at > now {
            out.wake_at = Some(out.wake_at.map_or(ready_at, |w| w.min(ready_at)));
            return;
        }
    }
    let missing = usize::try_from(want - active_now).unwrap_or(0).min(500);
    let indexes: Vec<Option<i32>> = if indexed {
        let held: BTreeSet<i32> = active.iter().filter_map(|p| completion_index(p)).collect();
        (0..completions.unwrap_or(0))
            .filter(|i| !completed.contains(i) && !held.contains(i))
            .take(missing)
            .map(Some)
            .collect()
    } else {
        vec![None; missing]
    };
    for index in indexes {
        let pod = new_pod(job, index, &suffix());
        out.events.push(event(
            "Normal",
            "SuccessfulCreate",
            format!("Created pod: {}", name(&pod)),
        ));
        out.create.push(pod);
    }
}

#[cfg(test)]
#[path = "job_tests.rs"]
mod tests;
