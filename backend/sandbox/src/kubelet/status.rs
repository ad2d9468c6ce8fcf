//! The pod status a kubelet reports, kept as a small model ([`PodState`]) and written onto
//! the stored Pod: phase, conditions (keeping the scheduler's `PodScheduled`), IPs, start
//! time and container statuses.

use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, HostIP, Pod, PodCondition, PodIP, PodStatus,
};

use crate::clock::to_time;

/// One container as the kubelet tracks it.
#[derive(Debug, Clone)]
pub struct ContainerModel {
    /// The container's name.
    pub name: String,
    /// Its image.
    pub image: String,
    /// Whether it is an init container.
    pub init: bool,
    /// Current state.
    pub state: ContainerState,
    /// The previous run's terminated state, after a restart.
    pub last_state: Option<ContainerState>,
    /// Restarts so far.
    pub restart_count: i32,
    /// The runtime's id of the current run.
    pub container_id: Option<String>,
}

impl ContainerModel {
    /// Whether the container is running now.
    pub fn running(&self) -> bool {
        self.state.running.is_some()
    }

    fn status(&self) -> ContainerStatus {
        let running = self.running();
        ContainerStatus {
            name: self.name.clone(),
            image: self.image.clone(),
            image_id: if self.container_id.is_some() {
                image_id(&self.image)
            } else {
                String::new()
            },
            container_id: self.container_id.clone(),
            ready: running && !self.init,
            started: Some(running),
            restart_count: self.restart_count,
            state: Some(self.state.clone()),
            last_state: Some(self.last_state.clone().unwrap_or_default()),
            ..ContainerStatus::default()
        }
    }
}

/// A waiting state with `reason` (`ContainerCreating`, `PodInitializing`, `CrashLoopBackOff`).
pub fn waiting(reason: &str, message: Option<String>) -> ContainerState {
    ContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: Some(reason.to_owned()),
            message,
        }),
        ..ContainerState::default()
    }
}

/// A running state since `at`.
pub fn running(at: DateTime<Utc>) -> ContainerState {
    ContainerState {
        running: Some(ContainerStateRunning {
            started_at: Some(to_time(at)),
        }),
        ..ContainerState::default()
    }
}

/// A terminated state; reason `Completed` for exit 0, else `Error`.
pub fn terminated(
    exit_code: i32,
    started: DateTime<Utc>,
    finished: DateTime<Utc>,
    container_id: Option<String>,
) -> ContainerState {
    ContainerState {
        terminated: Some(ContainerStateTerminated {
            exit_code,
            reason: Some(if exit_code == 0 { "Completed" } else { "Error" }.to_owned()),
            started_at: Some(to_time(started)),
            finished_at: Some(to_time(finished)),
            container_id,
            ..ContainerStateTerminated::default()
        }),
        ..ContainerState::default()
    }
}

/// A stable fake image digest, as `imageID` shows it.
pub fn image_id(image: &str) -> String {
    let mut digest = String::new();
    for round in 0u8..4 {
        let mut h = DefaultHasher::new();
        (image, round).hash(&mut h);
        digest.push_str(&format!("{:016x}", h.finish()));
    }
    let repo = image.split(['@']).next().unwrap_or(image);
    let repo = repo
        .rsplit_once(':')
        .filter(|(_, tag)| !tag.contains('/'))
        .map_or(repo, |(r, _)| r);
    let qualified = if repo.contains('/') {
        format!("docker.io/{repo}")
    } else {
        format!("docker.io/library/{repo}")
    };
    format!("{qualified}@sha256:{digest}")
}

/// Everything the kubelet reports about one pod.
#[derive(Debug, Clone)]
pub struct PodState {
    /// `Pending`, `Running`, `Succeeded` or `Failed`.
    pub phase: String,
    /// The node's IP.
    pub host_ip: String,
    /// The pod's IP, once its sandbox exists.
    pub pod_ip: Option<String>,
    /// When the kubelet took the pod.
    pub start_time: DateTime<Utc>,
    /// Init containers then containers.
    pub containers: Vec<ContainerModel>,
    /// Whether the sandbox (network) is up.
    pub sandbox_ready: bool,
}

impl PodState {
    fn names(&self, init: bool, pred: impl Fn(&ContainerModel) -> bool) -> Vec<String> {
        self.containers
            .iter()
            .filter(|c| c.init == init && pred(c))
            .map(|c| c.name.clone())
            .collect()
    }

    fn conditions(&self) -> Vec<(&'static str, bool, Option<&'static str>, Option<String>)> {
        let done = matches!(self.phase.as_str(), "Succeeded" | "Failed");
        let init_pending = self.names(true, |c| {
            c.state.terminated.as_ref().is_none_or(|t| t.exit_code != 0)
        });
        let initialized = init_pending.is_empty();
        let unready = self.names(false, |c| !c.running());
        let ready = unready.is_empty() && !done;
        let (ready_reason, ready_message) = if ready {
            (None, None)
        } else if done {
            (Some("PodCompleted"), None)
        } else {
            (
                Some("ContainersNotReady"),
                Some(format!(
                    "containers with unready status: [{}]",
                    unready.join(" ")
                )),
            )
        };
        vec![
            (
                "PodReadyToStartContainers",
                self.sandbox_ready && !done,
                None,
                None,
            ),
            (
                "Initialized",
                initialized,
                if initialized {
                    done.then_some("PodCompleted")
                } else {
                    Some("ContainersNotInitialized")
                },
                (!initialized).then(|| {
                    format!(
                        "containers with incomplete status: [{}]",
                        init_pending.join(" ")
                    )
                }),
            ),
            ("Ready", ready, ready_reason, ready_message.clone()),
            ("ContainersReady", ready, ready_reason, ready_message),
        ]
    }

    /// Writes this state onto `pod`'s status at `now`, keeping conditions whose status did not
    /// change (their transition time) and the scheduler's `PodScheduled`.
    pub fn apply(&self, pod: &mut Pod, now: DateTime<Utc>) {
        let status = pod.status.get_or_insert_with(PodStatus::default);
        let old = status.conditions.take().unwrap_or_default();
        let mut conditions: Vec<PodCondition> = Vec::new();
        for (type_, value, reason, message) in self.conditions() {
            let value = if value { "True" } else { "False" };
            let since = old
                .iter()
                .find(|c| c.type_ == type_ && c.status == value)
                .and_then(|c| c.last_transition_time.clone())
                .unwrap_or_else(|| to_time(now));
            conditions.push(PodCondition {
                type_: type_.to_owned(),
                status: value.to_owned(),
                reason: reason.map(str::to_owned),
                message,
                last_transition_time: Some(since),
                last_probe_time: None,
                ..PodCondition::default()
            });
        }
        // The kubelet's order: its own conditions, then the scheduler's.
        conditions.extend(old.iter().filter(|c| c.type_ == "PodScheduled").cloned());
        status.conditions = Some(conditions);
        status.phase = Some(self.phase.clone());
        status.host_ip = Some(self.host_ip.clone());
        status.host_ips = Some(vec![HostIP {
            ip: self.host_ip.clone(),
        }]);
        status.pod_ip = self.pod_ip.clone();
        status.pod_ips = self.pod_ip.clone().map(|ip| vec![PodIP { ip }]);
        status.start_time = Some(to_time(self.start_time));
        let init: Vec<ContainerStatus> = self
            .containers
            .iter()
            .filter(|c| c.init)
            .map(ContainerModel::status)
            .collect();
        status.init_container_statuses = (!init.is_empty()).then_some(init);
        status.container_statuses = Some(
            self.containers
                .iter()
                .filter(|c| !c.init)
                .map(ContainerModel::status)
                .collect(),
        );
    }
}
