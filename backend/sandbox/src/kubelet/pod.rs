//! One pod's life on its node: mount checks (`FailedMount`, `CreateContainerConfigError`),
//! image pulls, init containers in order then the containers together, each run through the
//! [`interpreter`](super::interpreter) with its output appended to the log as the sandbox
//! clock passes, restarts with back-off for `OnFailure`/`Always`, the final phase, and
//! `Killing` when the pod is deleted while running.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::{Container, Node, Pod};
use tokio::sync::mpsc;

use super::interpreter::{self, Context};
use super::pod_env::{self, Missing};
use super::runtime::{Kubelet, Signal};
use super::status::{ContainerModel, PodState, running, terminated, waiting};
use crate::controllers::events::{self, Component};

/// Container restart back-off: 10 s doubling to five minutes (the kubelet's CrashLoopBackOff).
pub fn restart_delay(restarts: i32) -> Duration {
    let shift = u32::try_from(restarts.saturating_sub(1).clamp(0, 16)).unwrap_or(0);
    Duration::from_secs(10u64 << shift).min(Duration::from_secs(300))
}

static NEXT_IP: AtomicU32 = AtomicU32::new(0);

fn node_index(node: &str) -> u32 {
    node.rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
        % 250
}

fn container_id() -> String {
    format!(
        "containerd://{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// A pod being run: the shared state its containers update.
struct Run {
    k: Kubelet,
    pod: Pod,
    namespace: String,
    name: String,
    uid: String,
    node: String,
    state: Mutex<PodState>,
}

impl Run {
    fn now(&self) -> DateTime<Utc> {
        self.k.clock.now()
    }

    fn edit(&self, f: impl FnOnce(&mut PodState)) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut state);
    }

    fn container(&self, name: &str, f: impl FnOnce(&mut ContainerModel)) {
        self.edit(|s| {
            if let Some(c) = s.containers.iter_mut().find(|c| c.name == name) {
                f(c);
            }
        });
    }

    /// Writes the status; false when the pod is gone (or replaced).
    fn write(&self) -> bool {
        let state = self
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let now = self.now();
        let uid = self.uid.clone();
        self.k
            .store
            .modify_status::<Pod>(&self.namespace, &self.name, |p| {
                if p.metadata.uid.as_deref() != Some(uid.as_str()) {
                    return Err(crate::Error::BadRequest("pod replaced".to_owned()));
                }
                state.apply(p, now);
                Ok(())
            })
            .is_ok()
    }

    fn event(&self, field: Option<String>, type_: &str, reason: &str, message: &str) {
        let reference = events::reference(&self.pod, field);
        events::record(
            &self.k.store,
            reference,
            Component::Kubelet(&self.node),
            type_,
            reason,
            message,
        );
    }

    fn field(c: &ContainerModel) -> Option<String> {
        let list = if c.init {
            "initContainers"
        } else {
            "containers"
        };
        Some(format!("spec.{list}{{{}}}", c.name))
    }
}

/// Runs `pod` until it ends or is deleted.
pub(crate) async fn run(k: Kubelet, pod: Pod, mut signals: mpsc::UnboundedReceiver<Signal>) {
    let spec = pod.spec.clone().unwrap_or_default();
    let node = spec.node_name.clone().unwrap_or_default();
    let host_ip = k
        .store
        .get::<Node>("", &node)
        .ok()
        .and_then(|n| n.status?.addresses)
        .and_then(|a| a.into_iter().find(|a| a.type_ == "InternalIP"))
        .map_or_else(
            || format!("172.18.0.{}", node_index(&node) + 2),
            |a| a.address,
        );
    let mut containers: Vec<ContainerModel> = Vec::new();
    for (init, list) in [
        (true, spec.init_containers.clone().unwrap_or_default()),
        (false, spec.containers.clone()),
    ] {
        for c in list {
            containers.push(ContainerModel {
                name: c.name.clone(),
                image: c.image.clone().unwrap_or_default(),
                init,
                state: waiting(
                    if init {
                        "PodInitializing"
                    } else {
                        "ContainerCreating"
                    },
                    None,
                ),
                last_state: None,
                restart_count: 0,
                container_id: None,
            });
        }
    }
    if let Some(first) = containers.iter_mut().find(|c| c.init) {
        first.state = waiting("ContainerCreating", None);
    } else if !containers.is_empty() {
        for c in containers.iter_mut() {
            c.state = waiting("ContainerCreating", None);
        }
    }
    let run = Arc::new(Run {
        namespace: pod.metadata.namespace.clone().unwrap_or_default(),
        name: pod.metadata.name.clone().unwrap_or_default(),
        uid: pod.metadata.uid.clone().unwrap_or_default(),
        node,
        state: Mutex::new(PodState {
            phase: "Pending".to_owned(),
            host_ip,
            pod_ip: None,
            start_time: k.clock.now(),
            containers,
            sandbox_ready: false,
        }),
        pod,
        k,
    });
    if !run.write() {
        return;
    }
    // Volumes and env sources must exist before anything starts.
    let mut reported: Option<Missing> = None;
    loop {
        let missing = pod_env::missing_volume(&run.k.store, &run.pod).or_else(|| {
            spec.init_containers
                .iter()
                .flatten()
                .chain(&spec.containers)
                .find_map(|c| pod_env::environment(&run.k.store, &run.pod, c).err())
        });
        let Some(missing) = missing else { break };
        if reported.as_ref() != Some(&missing) {
            match &missing {
                Missing::Mount(message) => run.event(None, "Warning", "FailedMount", message),
                Missing::Config(message) => {
                    let message = message.clone();
                    run.edit(|s| {
                        for c in s.containers.iter_mut() {
                            c.state = waiting("CreateContainerConfigError", Some(message.clone()));
                        }
                    });
                    run.write();
                    run.event(None, "Warning", "Failed", &format!("Error: {message}"));
                }
            }
            reported = Some(missing);
        }
        match signals.recv().await {
            Some(Signal::Refresh) => {}
            Some(Signal::Deleting) => {
                finish_deleted(&run);
                return;
            }
            Some(Signal::Gone) | None => return,
        }
    }
    if matches!(reported, Some(Missing::Config(_))) {
        run.edit(|s| {
            for c in s.containers.iter_mut() {
                c.state = waiting(
                    if c.init {
                        "PodInitializing"
                    } else {
                        "ContainerCreating"
                    },
                    None,
                );
            }
        });
    }
    let ip = NEXT_IP.fetch_add(1, Ordering::Relaxed) % 250 + 2;
    let subnet = node_index(&run.node);
    run.edit(|s| {
        s.sandbox_ready = true;
        s.pod_ip = Some(format!("10.244.{subnet}.{ip}"));
    });
    if !run.write() {
        return;
    }
    let restart_policy = spec
        .restart_policy
        .clone()
        .unwrap_or_else(|| "Always".to_owned());
    let work = {
        let run = Arc::clone(&run);
        let spec = spec.clone();
        async move {
            for c in spec.init_containers.iter().flatten() {
                // Init containers restart on failure unless the policy is Never.
                let policy = if restart_policy == "Never" {
                    "Never"
                } else {
                    "OnFailure"
                };
                let code = run_container(&run, c, policy, true).await;
                if code != 0 {
                    return false;
                }
            }
            run.edit(|s| s.phase = "Running".to_owned());
            let all = futures::future::join_all(
                spec.containers
                    .iter()
                    .map(|c| run_container(&run, c, &restart_policy, false)),
            )
            .await;
            all.iter().all(|code| *code == 0)
        }
    };
    tokio::select! {
        ok = work => {
            run.edit(|s| s.phase = if ok { "Succeeded" } else { "Failed" }.to_owned());
            run.write();
        }
        () = async {
            loop {
                match signals.recv().await {
                    Some(Signal::Refresh) => {}
                    Some(Signal::Deleting) => {
                        finish_deleted(&run);
                        return;
                    }
                    Some(Signal::Gone) => {
                        stopped_gone(&run);
                        return;
                    }
                    None => return,
                }
            }
        } => {}
    }
}

/// The pod was removed at once (no finalizer held it): its running containers are stopped.
fn stopped_gone(run: &Run) {
    let running: Vec<ContainerModel> = {
        let state = run.state.lock().unwrap_or_else(PoisonError::into_inner);
        state
            .containers
            .iter()
            .filter(|c| c.running())
            .cloned()
            .collect()
    };
    for c in &running {
        run.event(
            Run::field(c),
            "Normal",
            "Killing",
            &format!("Stopping container {}", c.name),
        );
    }
}

/// The pod was deleted while running: its containers are stopped (exit 137).
fn finish_deleted(run: &Run) {
    let now = run.now();
    let mut stopped = Vec::new();
    run.edit(|s| {
        for c in s.containers.iter_mut() {
            let started = c
                .state
                .running
                .as_ref()
                .and_then(|r| r.started_at.as_ref())
                .map(crate::clock::from_time);
            if let Some(started) = started {
                stopped.push(c.clone());
                c.state = terminated(137, started, now, c.container_id.clone());
            } else if c.state.waiting.is_some() {
                c.state = terminated(137, now, now, None);
            }
        }
        if !matches!(s.phase.as_str(), "Succeeded" | "Failed") {
            s.phase = "Failed".to_owned();
        }
    });
    for c in &stopped {
        run.event(
            Run::field(c),
            "Normal",
            "Killing",
            &format!("Stopping container {}", c.name),
        );
        run.k.logs.end(&run.namespace, &run.name, &c.name);
    }
    run.write();
}

/// Pulls `image` as the policy asks, with the kubelet's events.
async fn pull(run: &Run, c: &Container, model: &ContainerModel) {
    let image = model.image.clone();
    let policy = c
        .image_pull_policy
        .clone()
        .unwrap_or_else(|| "IfNotPresent".to_owned());
    let cached = run.k.has_image(&run.node, &image);
    let field = Run::field(model);
    if policy != "Always" && cached {
        run.event(
            field,
            "Normal",
            "Pulled",
            &format!("Container image \"{image}\" already present on machine"),
        );
        return;
    }
    run.event(
        field.clone(),
        "Normal",
        "Pulling",
        &format!("Pulling image \"{image}\""),
    );
    let took = if cached {
        Duration::from_millis(800)
    } else {
        Duration::from_millis(2400)
    };
    run.k.clock.sleep(took).await;
    run.k.add_image(&run.node, &image);
    let size = image.bytes().fold(2_000_000u64, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u64::from(b))
    }) % 400_000_000
        + 2_000_000;
    let secs = took.as_secs_f64();
    run.event(
        field,
        "Normal",
        "Pulled",
        &format!("Successfully pulled image \"{image}\" in {secs}s ({secs}s including waiting). Image size: {size} bytes."),
    );
}

/// Runs one container to its end (restarting it as `policy` says); returns its last exit
/// code.
async fn run_container(run: &Run, c: &Container, policy: &str, init: bool) -> i32 {
    let namespace = run.namespace.clone();
    let pod_name = run.name.clone();
    let model = {
        let state = run.state.lock().unwrap_or_else(PoisonError::into_inner);
        state
            .containers
            .iter()
            .find(|m| m.name == c.name && m.init == init)
            .cloned()
    };
    let Some(model) = model else { return 0 };
    let field = Run::field(&model);
    loop {
        pull(run, c, &model).await;
        let env = pod_env::environment(&run.k.store, &run.pod, c).unwrap_or_default();
        let files = pod_env::mounted_files(&run.k.store, &run.pod, c);
        let hostname = pod_env::hostname(&run.pod);
        let id = container_id();
        run.event(
            field.clone(),
            "Normal",
            "Created",
            &format!("Created container: {}", c.name),
        );
        let start = run.now();
        run.k.logs.start(&namespace, &pod_name, &c.name);
        run.container(&c.name, |m| {
            m.state = running(start);
            m.container_id = Some(id.clone());
        });
        run.write();
        run.event(
            field.clone(),
            "Normal",
            "Started",
            &format!("Started container {}", c.name),
        );
        let timeline = interpreter::run(
            c.command.as_deref().unwrap_or_default(),
            c.args.as_deref().unwrap_or_default(),
            &Context {
                env: &env,
                hostname: &hostname,
                files: &files,
                started_at: start,
            },
        );
        for line in timeline.lines {
            let at = start + chrono::Duration::from_std(line.at).unwrap_or_default();
            run.k.clock.sleep_until(at).await;
            run.k
                .logs
                .append(&namespace, &pod_name, &c.name, at, line.text);
        }
        let end = start + chrono::Duration::from_std(timeline.duration).unwrap_or_default();
        run.k.clock.sleep_until(end).await;
        run.k.logs.end(&namespace, &pod_name, &c.name);
        let code = timeline.exit_code;
        let restarts = match policy {
            "Always" => true,
            "OnFailure" => code != 0,
            _ => false,
        };
        let done = terminated(code, start, end, Some(id.clone()));
        if !restarts {
            run.container(&c.name, |m| m.state = done);
            run.write();
            return code;
        }
        let mut count = 0;
        run.container(&c.name, |m| {
            m.restart_count += 1;
            count = m.restart_count;
            m.last_state = Some(done);
        });
        let delay = restart_delay(count);
        let uid = run.uid.clone();
        run.container(&c.name, |m| {
            m.state = waiting(
                "CrashLoopBackOff",
                Some(format!(
                    "back-off {}s restarting failed container={} pod={pod_name}_{namespace}({uid})",
                    delay.as_secs(),
                    c.name
                )),
            );
        });
        run.write();
        run.event(
            field.clone(),
            "Warning",
            "BackOff",
            &format!(
                "Back-off restarting failed container {} in pod {pod_name}_{namespace}({uid})",
                c.name
            ),
        );
        run.k.clock.sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_back_off_doubles_to_five_minutes() {
        let secs: Vec<u64> = (1..=7).map(|n| restart_delay(n).as_secs()).collect();
        assert_eq!(secs, [10, 20, 40, 80, 160, 300, 300]);
    }
}
