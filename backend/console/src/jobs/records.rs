//! Run records ("execution records", SPEC.md §5) in KubeSphere's `revisions` annotation, so
//! that history survives a move between KubeSphere and this console.
//!
//! The shape is KubeSphere's (`pkg/controller/job/types.go`, written by its job-revision
//! controller): a JSON object from run number (`"1"`, `"2"`, …) to
//! `{"status": "running|completed|failed|unfinished", "reasons": [..], "messages": [..],
//! "succeed": n, "desire": completions, "failed": n, "uid": "<job uid>",
//! "start-time": t, "completion-time": t}`. As there, `start-time` is the run's Job's
//! creation time, `reasons`/`messages` come from its Failed condition, zero counts and empty
//! lists are omitted, and an unset time is Go's zero time `0001-01-01T00:00:00Z` (read back as
//! "none"). As KubeSphere's rerun does, every `running` record becomes `unfinished` when the
//! Job is rerun: that run will never finish.
//!
//! Reading is lenient: an annotation that is not JSON gives an empty history and a warning,
//! an entry that cannot be read is skipped with a warning; the run in progress is always
//! listed with live counts from the Job's status.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use k8s_openapi::api::batch::v1::Job;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::export::GENERATED_LABELS;
use super::status::{JobStatus, job_status, to_chrono};

/// The annotation KubeSphere keeps a Job's run history in.
pub const REVISIONS_ANNOTATION: &str = "revisions";
/// How many runs the history keeps by default.
pub const DEFAULT_HISTORY_LIMIT: usize = 100;
/// Go's zero `time.Time`, which KubeSphere writes for a time that is not set.
const GO_ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// The state of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// The current run, still going.
    Running,
    /// All completions succeeded.
    Completed,
    /// The run failed (see its reasons and messages).
    Failed,
    /// The run was replaced by a rerun before it finished.
    Unfinished,
}

impl RunStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Unfinished => "unfinished",
        }
    }
}

/// One run of a Job, as the execution records tab shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunRecord {
    /// The run number (1 for the first run).
    pub run: u32,
    /// How the run ended, or `running` for the current one.
    pub status: RunStatus,
    /// Why it failed (the Failed condition's reasons).
    pub reasons: Vec<String>,
    /// The Failed condition's messages.
    pub messages: Vec<String>,
    /// Pods that succeeded.
    pub succeeded: i32,
    /// Pods that failed.
    pub failed: i32,
    /// Completions wanted (0 when the Job sets none).
    pub desired: i32,
    /// The uid of the Job object of that run.
    pub uid: String,
    /// When the run began (its Job's creation).
    pub start_time: Option<DateTime<Utc>>,
    /// When the run completed or failed.
    pub completion_time: Option<DateTime<Utc>>,
    /// Seconds from start to completion, or to now for the current run.
    pub duration_seconds: Option<i64>,
    /// Whether this is the Job's current run.
    pub current: bool,
}

/// The records of a Job, newest first, with what could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RunRecords {
    /// Every run kept, newest first; the current run included.
    pub items: Vec<RunRecord>,
    /// Problems met reading the annotation (the records shown are what could be read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One entry of the annotation, in KubeSphere's shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Revision {
    status: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    reasons: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    messages: Vec<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    succeed: i32,
    #[serde(default, skip_serializing_if = "is_zero")]
    desire: i32,
    #[serde(default, skip_serializing_if = "is_zero")]
    failed: i32,
    #[serde(default)]
    uid: String,
    #[serde(rename = "start-time", default, with = "go_time")]
    start_time: Option<DateTime<Utc>>,
    #[serde(rename = "completion-time", default, with = "go_time")]
    completion_time: Option<DateTime<Utc>>,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

/// Times as Go's `time.Time` writes them: RFC 3339, and the zero time for "not set".
mod go_time {
    use super::*;

    pub(super) fn serialize<S: serde::Serializer>(
        time: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            None => s.serialize_str(GO_ZERO_TIME),
        }
    }

    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        // Lenient: anything unreadable, null or Go's zero time is "not set".
        let value = Value::deserialize(d)?;
        Ok(value
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc))
            .filter(|t| t.year() > 1))
    }
}

/// Reads the annotation leniently: the runs by number, and warnings.
fn read_history(job: &Job) -> (BTreeMap<u32, Revision>, Vec<String>) {
    let mut history = BTreeMap::new();
    let mut warnings = Vec::new();
    let Some(text) = job
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(REVISIONS_ANNOTATION))
        .filter(|t| !t.trim().is_empty())
    else {
        return (history, warnings);
    };
    let entries = match serde_json::from_str::<serde_json::Map<String, Value>>(text) {
        Ok(entries) => entries,
        Err(e) => {
            warnings.push(format!(
                "the {REVISIONS_ANNOTATION} annotation is not a JSON object ({e}); earlier runs are not shown"
            ));
            return (history, warnings);
        }
    };
    for (key, value) in entries {
        let Some(run) = key.parse::<u32>().ok().filter(|n| *n > 0) else {
            warnings.push(format!("skipped run {key:?}: not a run number"));
            continue;
        };
        match serde_json::from_value::<Revision>(value) {
            Ok(revision) => {
                history.insert(run, revision);
            }
            Err(e) => warnings.push(format!("skipped run {run}: {e}")),
        }
    }
    (history, warnings)
}

/// The current run of a Job, as KubeSphere's controller records it.
fn current_revision(job: &Job) -> Revision {
    let derived = job_status(job);
    let status = job.status.as_ref();
    let failed_conditions: Vec<_> = status
        .and_then(|s| s.conditions.as_ref())
        .into_iter()
        .flatten()
        .filter(|c| c.type_ == "Failed" && c.status == "True")
        .collect();
    let run_status = match derived.status {
        JobStatus::Failed => RunStatus::Failed,
        JobStatus::Completed => RunStatus::Completed,
        _ => RunStatus::Running,
    };
    let completion_time = status
        .and_then(|s| s.completion_time.as_ref())
        .and_then(to_chrono)
        .or(if run_status == RunStatus::Failed {
            derived.since
        } else {
            None
        });
    Revision {
        status: run_status.as_str().to_owned(),
        reasons: failed_conditions
            .iter()
            .map(|c| c.reason.clone().unwrap_or_default())
            .collect(),
        messages: failed_conditions
            .iter()
            .map(|c| c.message.clone().unwrap_or_default())
            .collect(),
        succeed: status.and_then(|s| s.succeeded).unwrap_or(0),
        desire: job.spec.as_ref().and_then(|s| s.completions).unwrap_or(0),
        failed: status.and_then(|s| s.failed).unwrap_or(0),
        uid: job.metadata.uid.clone().unwrap_or_default(),
        start_time: job.metadata.creation_timestamp.as_ref().and_then(to_chrono),
        completion_time,
    }
}

/// The history with the current run in it: where a record already has the Job's uid
/// (KubeSphere's controller keeps one up to date) it is replaced by live data, else the
/// current run is the next number.
fn history_with_current(job: &Job) -> (BTreeMap<u32, Revision>, u32, Vec<String>) {
    let (mut history, warnings) = read_history(job);
    let current = current_revision(job);
    let existing = history
        .iter()
        .find(|(_, r)| !current.uid.is_empty() && r.uid == current.uid)
        .map(|(n, _)| *n);
    let number = existing.unwrap_or_else(|| history.keys().max().map_or(1, |n| n + 1));
    history.insert(number, current);
    (history, number, warnings)
}

fn parse_status(text: &str) -> RunStatus {
    match text {
        "completed" => RunStatus::Completed,
        "failed" => RunStatus::Failed,
        "running" => RunStatus::Running,
        // "unfinished", KubeSphere's unused "pause", or anything else: it did not finish.
        _ => RunStatus::Unfinished,
    }
}

/// Every run of a Job, newest first, the current one with live counts; durations of the
/// current run measured to `now`.
pub fn run_records(job: &Job, now: DateTime<Utc>) -> RunRecords {
    let (history, current, warnings) = history_with_current(job);
    let items = history
        .into_iter()
        .rev()
        .map(|(run, r)| {
            let is_current = run == current;
            let mut status = parse_status(&r.status);
            if !is_current && status == RunStatus::Running {
                // A Job object runs one run; an earlier run still "running" was replaced.
                status = RunStatus::Unfinished;
            }
            let end = match (r.completion_time, status) {
                (Some(t), _) => Some(t),
                (None, RunStatus::Running) => Some(now),
                (None, _) => None,
            };
            let duration_seconds = r
                .start_time
                .zip(end)
                .map(|(s, e)| (e - s).num_seconds().max(0));
            RunRecord {
                run,
                status,
                reasons: r.reasons,
                messages: r.messages,
                succeeded: r.succeed,
                failed: r.failed,
                desired: r.desire,
                uid: r.uid,
                start_time: r.start_time,
                completion_time: r.completion_time,
                duration_seconds,
                current: is_current,
            }
        })
        .collect();
    RunRecords { items, warnings }
}

/// Whether a rerun must be confirmed (`?force=true`): the current run is not over and has
/// Pods running or about to (Pending, Running, Failing; a suspended Job with no active Pods
/// is not).
pub fn rerun_needs_confirmation(job: &Job) -> bool {
    let active = job.status.as_ref().and_then(|s| s.active).unwrap_or(0) > 0;
    match job_status(job).status {
        JobStatus::Completed | JobStatus::Failed => false,
        JobStatus::Suspended => active,
        JobStatus::Pending | JobStatus::Running | JobStatus::Failing => true,
    }
}

/// The `revisions` annotation for a rerun: the history with the current run recorded with its
/// final status, every `running` record turned `unfinished`, capped to the last
/// `history_limit` runs (at least 1), and numbered 1..=N so that KubeSphere, which numbers
/// the next run `len + 1`, goes on counting from the same place.
pub fn rerun_annotation(job: &Job, history_limit: usize) -> String {
    let (history, _, _) = history_with_current(job);
    let keep = history_limit.max(1);
    let skip = history.len().saturating_sub(keep);
    let renumbered: BTreeMap<u32, Revision> = history
        .into_values()
        .skip(skip)
        .zip(1u32..)
        .map(|(mut r, n)| {
            if r.status == "running" {
                r.status = RunStatus::Unfinished.as_str().to_owned();
            }
            (n, r)
        })
        .collect();
    // Serializing these plain structs cannot fail.
    serde_json::to_string(&renumbered).unwrap_or_else(|_| "{}".to_owned())
}

/// The Job to create for a rerun: the same name, labels, annotations and spec, without what
/// the cluster generated (uid, resourceVersion, creation time, generation, managedFields,
/// status, and — unless the selector is the user's own — the generated selector and the
/// controller-uid / job-name labels), and with the `revisions` annotation from
/// [`rerun_annotation`].
pub fn rerun_manifest(job: &Job, history_limit: usize) -> Job {
    let mut next = job.clone();
    next.status = None;
    let meta = &mut next.metadata;
    meta.uid = None;
    meta.resource_version = None;
    meta.creation_timestamp = None;
    meta.deletion_timestamp = None;
    meta.deletion_grace_period_seconds = None;
    meta.generation = None;
    meta.managed_fields = None;
    meta.self_link = None;
    meta.annotations.get_or_insert_with(BTreeMap::new).insert(
        REVISIONS_ANNOTATION.to_owned(),
        rerun_annotation(job, history_limit),
    );
    let manual = job
        .spec
        .as_ref()
        .and_then(|s| s.manual_selector)
        .unwrap_or(false);
    if !manual {
        strip_generated(&mut meta.labels);
        if let Some(spec) = next.spec.as_mut() {
            spec.selector = None;
            spec.manual_selector = None;
            if let Some(template_meta) = spec.template.metadata.as_mut() {
                strip_generated(&mut template_meta.labels);
                template_meta.creation_timestamp = None;
            }
        }
    }
    next
}

fn strip_generated(labels: &mut Option<BTreeMap<String, String>>) {
    if let Some(map) = labels.as_mut() {
        for key in GENERATED_LABELS {
            map.remove(key);
        }
        if map.is_empty() {
            *labels = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::jobs::testutil::{at, job};

    fn history(value: Value) -> String {
        value.to_string()
    }

    #[test]
    fn a_first_run_is_run_one_with_live_counts() {
        let j = job("pi")
            .completions(4)
            .parallelism(2)
            .active(2)
            .succeeded(1)
            .build();
        let records = run_records(&j, at(100));
        assert_eq!(records.warnings, Vec::<String>::new());
        assert_eq!(records.items.len(), 1);
        let r = &records.items[0];
        assert_eq!(
            (r.run, r.status, r.succeeded, r.desired, r.current),
            (1, RunStatus::Running, 1, 4, true)
        );
        assert_eq!(r.uid, "uid-pi");
        assert_eq!(r.start_time, Some(at(0)));
        assert_eq!(r.duration_seconds, Some(100));
    }

    #[test]
    fn history_newest_first_with_the_current_run() {
        let annotation = history(json!({
            "1": {"status": "completed", "succeed": 4, "desire": 4, "uid": "u1",
                  "start-time": "2025-12-31T00:00:00Z", "completion-time": "2025-12-31T00:01:00Z"},
            "2": {"status": "failed", "reasons": ["BackoffLimitExceeded"], "messages": ["Job has reached the specified backoff limit"],
                  "failed": 7, "desire": 4, "uid": "u2", "start-time": "2025-12-31T01:00:00Z", "completion-time": "0001-01-01T00:00:00Z"},
            "3": {"status": "running", "uid": "u3", "start-time": "2025-12-31T02:00:00Z", "completion-time": "0001-01-01T00:00:00Z"}
        }));
        let j = job("pi")
            .completions(4)
            .succeeded(4)
            .complete()
            .annotation(REVISIONS_ANNOTATION, &annotation)
            .build();
        let records = run_records(&j, at(1000));
        let runs: Vec<(u32, RunStatus, bool)> = records
            .items
            .iter()
            .map(|r| (r.run, r.status, r.current))
            .collect();
        assert_eq!(
            runs,
            [
                (4, RunStatus::Completed, true),
                (3, RunStatus::Unfinished, false),
                (2, RunStatus::Failed, false),
                (1, RunStatus::Completed, false),
            ]
        );
        assert_eq!(
            records.items[0].duration_seconds,
            Some(70),
            "creation to completion"
        );
        assert_eq!(records.items[2].reasons, ["BackoffLimitExceeded"]);
        assert_eq!(
            records.items[2].completion_time, None,
            "Go's zero time is none"
        );
        assert_eq!(records.items[3].duration_seconds, Some(60));
    }

    #[test]
    fn a_kubesphere_record_of_the_current_run_is_updated_in_place() {
        let annotation = history(json!({
            "1": {"status": "completed", "uid": "u1"},
            "2": {"status": "running", "succeed": 1, "uid": "uid-pi"}
        }));
        let j = job("pi")
            .completions(4)
            .succeeded(3)
            .active(1)
            .annotation(REVISIONS_ANNOTATION, &annotation)
            .build();
        let records = run_records(&j, at(50));
        assert_eq!(records.items.len(), 2);
        assert_eq!(
            (
                records.items[0].run,
                records.items[0].succeeded,
                records.items[0].current
            ),
            (2, 3, true)
        );
    }

    #[test]
    fn a_broken_annotation_gives_a_warning_not_an_error() {
        let j = job("pi")
            .annotation(REVISIONS_ANNOTATION, "{not json")
            .build();
        let records = run_records(&j, at(5));
        assert_eq!(records.items.len(), 1);
        assert_eq!(records.warnings.len(), 1);
        assert!(records.warnings[0].contains("not a JSON object"));
        let j = job("pi").annotation(REVISIONS_ANNOTATION, r#"{"x": {"status": "completed"}, "1": 5, "2": {"status": "completed", "uid": "a"}}"#).build();
        let records = run_records(&j, at(5));
        assert_eq!(records.warnings.len(), 2, "{:?}", records.warnings);
        assert_eq!(
            records.items.iter().map(|r| r.run).collect::<Vec<_>>(),
            [3, 2]
        );
    }

    #[test]
    fn rerun_annotation_has_kubesphere_shape() {
        let j = job("pi")
            .completions(4)
            .failed(7)
            .failed_with("BackoffLimitExceeded")
            .build();
        let text = rerun_annotation(&j, DEFAULT_HISTORY_LIMIT);
        let v: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(
            v,
            json!({"1": {
                "status": "failed",
                "reasons": ["BackoffLimitExceeded"],
                "messages": ["BackoffLimitExceeded happened"],
                "failed": 7,
                "desire": 4,
                "uid": "uid-pi",
                "start-time": "2026-01-01T00:00:00Z",
                "completion-time": "2026-01-01T00:00:40Z"
            }})
        );
        // A run still going is recorded as unfinished, with Go's zero completion time.
        let running = job("pi").active(1).build();
        let v: Value = serde_json::from_str(&rerun_annotation(&running, 100)).expect("json");
        assert_eq!(v["1"]["status"], "unfinished");
        assert_eq!(v["1"]["completion-time"], GO_ZERO_TIME);
        assert!(
            v["1"].get("succeed").is_none(),
            "zero counts are omitted as Go's omitempty does"
        );
    }

    #[test]
    fn history_is_capped_and_renumbered() {
        let entries: serde_json::Map<String, Value> = (1..=5)
            .map(|n| {
                (
                    n.to_string(),
                    json!({"status": "completed", "uid": format!("u{n}"), "succeed": n}),
                )
            })
            .collect();
        let j = job("pi")
            .succeeded(1)
            .complete()
            .annotation(REVISIONS_ANNOTATION, &Value::Object(entries).to_string())
            .build();
        let v: serde_json::Map<String, Value> =
            serde_json::from_str(&rerun_annotation(&j, 3)).expect("json");
        assert_eq!(v.keys().cloned().collect::<Vec<_>>(), ["1", "2", "3"]);
        assert_eq!(v["1"]["uid"], "u4");
        assert_eq!(v["2"]["uid"], "u5");
        assert_eq!(v["3"]["uid"], "uid-pi");
        let one: serde_json::Map<String, Value> =
            serde_json::from_str(&rerun_annotation(&j, 0)).expect("json");
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn rerun_manifest_is_the_same_job_without_generated_fields() {
        let j = job("pi")
            .completions(4)
            .label("app", "pi")
            .stored()
            .succeeded(4)
            .complete()
            .build();
        let next = rerun_manifest(&j, DEFAULT_HISTORY_LIMIT);
        assert_eq!(next.metadata.name.as_deref(), Some("pi"));
        assert_eq!(next.metadata.namespace.as_deref(), Some("demo"));
        assert!(next.metadata.uid.is_none() && next.metadata.resource_version.is_none());
        assert!(
            next.metadata.creation_timestamp.is_none() && next.metadata.managed_fields.is_none()
        );
        assert!(next.status.is_none());
        let spec = next.spec.as_ref().expect("spec");
        assert!(spec.selector.is_none() && spec.manual_selector.is_none());
        assert_eq!(spec.completions, Some(4));
        assert_eq!(
            spec.template
                .metadata
                .as_ref()
                .and_then(|m| m.labels.clone()),
            None
        );
        assert_eq!(
            next.metadata
                .labels
                .clone()
                .unwrap_or_default()
                .into_iter()
                .collect::<Vec<_>>(),
            [("app".to_owned(), "pi".to_owned())]
        );
        let revisions =
            &next.metadata.annotations.as_ref().expect("annotations")[REVISIONS_ANNOTATION];
        let v: Value = serde_json::from_str(revisions).expect("json");
        assert_eq!(v["1"]["status"], "completed");
        // After the rerun, the new Job's records show the old run and the new one.
        let mut rerun = next;
        rerun.metadata.uid = Some("uid-2".into());
        rerun.metadata.creation_timestamp = Some(crate::jobs::testutil::ts(100));
        let records = run_records(&rerun, at(100));
        assert_eq!(
            records
                .items
                .iter()
                .map(|r| (r.run, r.status))
                .collect::<Vec<_>>(),
            [(2, RunStatus::Running), (1, RunStatus::Completed)]
        );
        assert_eq!(records.items[0].duration_seconds, Some(0));
    }

    #[test]
    fn confirmation_while_active() {
        assert!(rerun_needs_confirmation(&job("pi").active(1).build()));
        assert!(rerun_needs_confirmation(&job("pi").build()));
        assert!(rerun_needs_confirmation(
            &job("pi")
                .active(1)
                .failure_target("BackoffLimitExceeded")
                .build()
        ));
        assert!(!rerun_needs_confirmation(
            &job("pi").succeeded(1).complete().build()
        ));
        assert!(!rerun_needs_confirmation(
            &job("pi").failed_with("DeadlineExceeded").build()
        ));
        assert!(!rerun_needs_confirmation(&job("pi").suspended().build()));
    }
}
