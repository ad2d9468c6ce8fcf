//! Logs of a Job's Pods as the merged view shows them: each line prefixed with its Pod
//! (and index), lines of finished reads ordered by their timestamps.

use chrono::{DateTime, Utc};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::Pod;

use super::pods::completion_index;
use super::status::{JobStatus, job_status};

/// The prefix of a Pod's lines in a merged log: `[pod]`, or `[index pod]` for an Indexed
/// Job.
pub fn prefix(pod: &Pod) -> String {
    let name = pod.metadata.name.as_deref().unwrap_or_default();
    match completion_index(pod) {
        Some(index) => format!("[{index} {name}] "),
        None => format!("[{name}] "),
    }
}

/// Splits `2026-01-01T00:00:00.123456789Z text` into its time and the rest.
fn split_timestamp(line: &str) -> (Option<DateTime<Utc>>, &str) {
    match line.split_once(' ') {
        Some((ts, rest)) => match DateTime::parse_from_rfc3339(ts) {
            Ok(t) => (Some(t.with_timezone(&Utc)), rest),
            Err(_) => (None, line),
        },
        None => (
            DateTime::parse_from_rfc3339(line)
                .ok()
                .map(|t| t.with_timezone(&Utc)),
            "",
        ),
    }
}

/// The merged log of finished reads: every Pod's lines ordered by their timestamps (a
/// Pod's own order kept), each prefixed with its Pod.
pub fn merge_logs(parts: Vec<(String, String)>, keep_timestamps: bool) -> String {
    let mut lines: Vec<(Option<DateTime<Utc>>, usize, usize, String)> = Vec::new();
    for (pod_order, (prefix, text)) in parts.iter().enumerate() {
        let mut last = None;
        for (seq, line) in text.lines().enumerate() {
            let (ts, rest) = split_timestamp(line);
            // A line without a time keeps its Pod's previous time, so it stays in place.
            let ts = ts.or(last);
            last = ts;
            let shown = if keep_timestamps { line } else { rest };
            lines.push((ts, pod_order, seq, format!("{prefix}{shown}\n")));
        }
    }
    lines.sort_by_key(|l| (l.0, l.1, l.2));
    lines.into_iter().map(|l| l.3).collect()
}

/// Whether the Job has finished (Completed or Failed): no new Pods will come.
pub fn job_finished(job: &Job) -> bool {
    matches!(
        job_status(job).status,
        JobStatus::Completed | JobStatus::Failed
    )
}

/// Whether the Pod has ended (Succeeded or Failed).
pub fn pod_finished(pod: &Pod) -> bool {
    matches!(
        pod.status.as_ref().and_then(|s| s.phase.as_deref()),
        Some("Succeeded" | "Failed")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_lines_are_ordered_by_time_and_prefixed() {
        let a = "2026-01-01T00:00:01Z one\n2026-01-01T00:00:03Z three\n".to_owned();
        let b = "2026-01-01T00:00:02Z two\nno time here\n".to_owned();
        let merged = merge_logs(
            vec![("[a] ".into(), a.clone()), ("[b] ".into(), b.clone())],
            false,
        );
        assert_eq!(merged, "[a] one\n[b] two\n[b] no time here\n[a] three\n");
        let stamped = merge_logs(vec![("[a] ".into(), a)], true);
        assert!(stamped.starts_with("[a] 2026-01-01T00:00:01Z one\n"));
    }
}
