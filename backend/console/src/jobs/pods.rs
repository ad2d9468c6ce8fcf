//! The Pods of a Job as the "Resource status" tab shows them: phase, readiness, restarts,
//! node, Pod IP, times, completion index and each container's state.

use chrono::{DateTime, Utc};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ContainerStatus, Pod};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::status::to_chrono;

/// The annotation (and label) the Job controller puts on the Pods of an Indexed Job.
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";

/// One container of a Pod.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContainerRow {
    /// The container's name.
    pub name: String,
    /// The image.
    pub image: Option<String>,
    /// Whether it is an init container.
    pub init: bool,
    /// `waiting`, `running`, `terminated`, or `unknown` before the kubelet reports.
    pub state: String,
    /// Why it waits or ended (`ContainerCreating`, `Completed`, `Error`, `OOMKilled`, …).
    pub reason: Option<String>,
    /// The kubelet's message, when there is one.
    pub message: Option<String>,
    /// The exit code, once terminated.
    pub exit_code: Option<i32>,
    /// Whether the container is ready.
    pub ready: bool,
    /// How many times it restarted.
    pub restarts: i32,
    /// When the current run started.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
}

/// One Pod of a Job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PodRow {
    /// The Pod's name.
    pub name: String,
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    pub phase: String,
    /// Why the Pod is in this phase, when the kubelet says (`Evicted`, …), or the
    /// `PodScheduled` condition's reason while it cannot be scheduled.
    pub reason: Option<String>,
    /// The matching message.
    pub message: Option<String>,
    /// Ready containers.
    pub ready: i32,
    /// Containers in all (init containers excluded).
    pub containers_total: i32,
    /// Restarts over all containers.
    pub restarts: i32,
    /// The node it runs on.
    pub node: Option<String>,
    /// The Pod's IP address.
    pub pod_ip: Option<String>,
    /// When the Pod was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When the kubelet started it.
    pub start_time: Option<DateTime<Utc>>,
    /// When its last container ended, once all have ended.
    pub finished_at: Option<DateTime<Utc>>,
    /// The completion index of an Indexed Job's Pod.
    pub completion_index: Option<i64>,
    /// Init containers, then containers.
    pub containers: Vec<ContainerRow>,
}

/// The Pods of a Job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PodList {
    /// Oldest first (by index for Indexed Jobs).
    pub items: Vec<PodRow>,
}

/// Whether the Job is the controller owner of the Pod (by uid).
pub fn owned_by(pod: &Pod, job: &Job) -> bool {
    let Some(uid) = job.metadata.uid.as_deref() else {
        return false;
    };
    pod.metadata
        .owner_references
        .iter()
        .flatten()
        .any(|o| o.kind == "Job" && o.uid == uid)
}

/// The label selector that finds a Job's Pods (its `spec.selector.matchLabels`), as text.
pub fn pod_selector(job: &Job) -> Option<String> {
    let labels = job
        .spec
        .as_ref()?
        .selector
        .as_ref()?
        .match_labels
        .as_ref()?;
    (!labels.is_empty()).then(|| {
        labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// The completion index of a Pod of an Indexed Job.
pub fn completion_index(pod: &Pod) -> Option<i64> {
    let meta = &pod.metadata;
    meta.annotations
        .as_ref()
        .and_then(|a| a.get(COMPLETION_INDEX))
        .or_else(|| meta.labels.as_ref().and_then(|l| l.get(COMPLETION_INDEX)))
        .and_then(|v| v.parse().ok())
}

fn container_row(
    name: &str,
    image: Option<&String>,
    init: bool,
    status: Option<&ContainerStatus>,
) -> ContainerRow {
    let mut row = ContainerRow {
        name: name.to_owned(),
        image: image.cloned(),
        init,
        state: "unknown".to_owned(),
        reason: None,
        message: None,
        exit_code: None,
        ready: false,
        restarts: 0,
        started_at: None,
        finished_at: None,
    };
    let Some(status) = status else {
        return row;
    };
    row.ready = status.ready;
    row.restarts = status.restart_count;
    if let Some(state) = &status.state {
        if let Some(w) = &state.waiting {
            row.state = "waiting".to_owned();
            row.reason.clone_from(&w.reason);
            row.message.clone_from(&w.message);
        } else if let Some(r) = &state.running {
            row.state = "running".to_owned();
            row.started_at = r.started_at.as_ref().and_then(to_chrono);
        } else if let Some(t) = &state.terminated {
            row.state = "terminated".to_owned();
            row.reason.clone_from(&t.reason);
            row.message.clone_from(&t.message);
            row.exit_code = Some(t.exit_code);
            row.started_at = t.started_at.as_ref().and_then(to_chrono);
            row.finished_at = t.finished_at.as_ref().and_then(to_chrono);
        }
    }
    row
}

/// A Pod as a row of the Job's Pod list.
pub fn pod_row(pod: &Pod) -> PodRow {
    let status = pod.status.clone().unwrap_or_default();
    let spec = pod.spec.clone().unwrap_or_default();
    let find = |list: &Option<Vec<ContainerStatus>>, name: &str| {
        list.iter().flatten().find(|s| s.name == name).cloned()
    };
    let mut containers = Vec::new();
    for c in spec.init_containers.iter().flatten() {
        let s = find(&status.init_container_statuses, &c.name);
        containers.push(container_row(&c.name, c.image.as_ref(), true, s.as_ref()));
    }
    for c in &spec.containers {
        let s = find(&status.container_statuses, &c.name);
        containers.push(container_row(&c.name, c.image.as_ref(), false, s.as_ref()));
    }
    let main: Vec<&ContainerRow> = containers.iter().filter(|c| !c.init).collect();
    let finished_at = if !main.is_empty() && main.iter().all(|c| c.state == "terminated") {
        main.iter().filter_map(|c| c.finished_at).max()
    } else {
        None
    };
    let unscheduled = status
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "PodScheduled" && c.status == "False");
    PodRow {
        name: pod.metadata.name.clone().unwrap_or_default(),
        phase: status.phase.clone().unwrap_or_else(|| "Pending".to_owned()),
        reason: status
            .reason
            .clone()
            .or_else(|| unscheduled.and_then(|c| c.reason.clone())),
        message: status
            .message
            .clone()
            .or_else(|| unscheduled.and_then(|c| c.message.clone())),
        ready: i32::try_from(main.iter().filter(|c| c.ready).count()).unwrap_or(i32::MAX),
        containers_total: i32::try_from(main.len()).unwrap_or(i32::MAX),
        restarts: containers.iter().map(|c| c.restarts).sum(),
        node: spec.node_name.clone(),
        pod_ip: status.pod_ip.clone(),
        created_at: pod.metadata.creation_timestamp.as_ref().and_then(to_chrono),
        start_time: status.start_time.as_ref().and_then(to_chrono),
        finished_at,
        completion_index: completion_index(pod),
        containers,
    }
}

/// The rows of a Job's Pods, oldest first (Indexed Jobs: by index, then age).
pub fn pod_rows<'a>(pods: impl IntoIterator<Item = &'a Pod>) -> PodList {
    let mut items: Vec<PodRow> = pods.into_iter().map(pod_row).collect();
    items.sort_by(|a, b| {
        (a.completion_index, a.created_at, &a.name).cmp(&(
            b.completion_index,
            b.created_at,
            &b.name,
        ))
    });
    PodList { items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(value: serde_json::Value) -> Pod {
        serde_json::from_value(value).expect("pod")
    }

    #[test]
    fn a_finished_indexed_pod() {
        let p = pod(json!({
            "metadata": {"name": "pi-2-abcde", "creationTimestamp": "2026-01-01T00:00:00Z",
                "annotations": {COMPLETION_INDEX: "2"},
                "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "pi", "uid": "u1", "controller": true}]},
            "spec": {"nodeName": "node-1", "containers": [{"name": "pi", "image": "perl"}]},
            "status": {"phase": "Succeeded", "podIP": "10.0.0.5", "startTime": "2026-01-01T00:00:01Z",
                "containerStatuses": [{"name": "pi", "image": "perl", "imageID": "", "ready": false, "restartCount": 1,
                    "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                        "startedAt": "2026-01-01T00:00:02Z", "finishedAt": "2026-01-01T00:00:09Z"}}}]}
        }));
        let row = pod_row(&p);
        assert_eq!(row.phase, "Succeeded");
        assert_eq!(row.completion_index, Some(2));
        assert_eq!(row.node.as_deref(), Some("node-1"));
        assert_eq!(row.restarts, 1);
        assert_eq!((row.ready, row.containers_total), (0, 1));
        assert_eq!(row.containers[0].exit_code, Some(0));
        assert_eq!(row.containers[0].reason.as_deref(), Some("Completed"));
        assert_eq!(
            row.finished_at.map(|t| t.to_rfc3339()),
            Some("2026-01-01T00:00:09+00:00".to_owned())
        );
        let job: Job =
            serde_json::from_value(json!({"metadata": {"name": "pi", "uid": "u1"}})).expect("job");
        assert!(owned_by(&p, &job));
        let other: Job =
            serde_json::from_value(json!({"metadata": {"name": "pi", "uid": "u2"}})).expect("job");
        assert!(!owned_by(&p, &other));
    }

    #[test]
    fn an_unschedulable_pod_says_why() {
        let p = pod(json!({
            "metadata": {"name": "big-xyz12"},
            "spec": {"containers": [{"name": "c", "image": "busybox"}]},
            "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False",
                "reason": "Unschedulable", "message": "0/3 nodes are available: 3 Insufficient cpu."}]}
        }));
        let row = pod_row(&p);
        assert_eq!(row.reason.as_deref(), Some("Unschedulable"));
        assert_eq!(row.containers[0].state, "unknown");
        assert_eq!(row.finished_at, None);
    }
}
