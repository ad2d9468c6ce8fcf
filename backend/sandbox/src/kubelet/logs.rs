//! Container logs as the kubelet keeps them: per container, the current instance and the
//! previous one (after an OnFailure restart), each line with its timestamp; and reading them
//! with `pods/{name}/log`'s options and Kubernetes' error wording.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::Pod;
use tokio::sync::watch;

/// One log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// When the container wrote it.
    pub at: DateTime<Utc>,
    /// The text, without its newline.
    pub text: String,
}

/// The output of one run of a container.
#[derive(Debug, Clone, Default)]
pub struct Instance {
    /// Lines so far.
    pub lines: Vec<LogLine>,
    /// Whether the run has ended (no more lines will come).
    pub ended: bool,
}

#[derive(Debug, Default)]
struct ContainerLogs {
    current: Option<Instance>,
    previous: Option<Instance>,
}

type PodKey = (String, String);

/// Every container log of the sandbox. Cheap to clone.
#[derive(Clone)]
pub struct Logs {
    pods: Arc<Mutex<HashMap<PodKey, HashMap<String, ContainerLogs>>>>,
    changed: Arc<watch::Sender<u64>>,
}

impl std::fmt::Debug for Logs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logs").finish_non_exhaustive()
    }
}

impl Default for Logs {
    fn default() -> Self {
        Self {
            pods: Arc::default(),
            changed: Arc::new(watch::channel(0).0),
        }
    }
}

fn key(namespace: &str, pod: &str) -> PodKey {
    (namespace.to_owned(), pod.to_owned())
}

impl Logs {
    fn edit(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
        f: impl FnOnce(&mut ContainerLogs),
    ) {
        {
            let mut pods = self.pods.lock().unwrap_or_else(PoisonError::into_inner);
            let logs = pods
                .entry(key(namespace, pod))
                .or_default()
                .entry(container.to_owned())
                .or_default();
            f(logs);
        }
        self.changed.send_modify(|n| *n += 1);
    }

    /// A container starts a new run: the current run becomes the previous one.
    pub fn start(&self, namespace: &str, pod: &str, container: &str) {
        self.edit(namespace, pod, container, |c| {
            if let Some(mut old) = c.current.take() {
                old.ended = true;
                c.previous = Some(old);
            }
            c.current = Some(Instance::default());
        });
    }

    /// Appends a line to a container's current run.
    pub fn append(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
        at: DateTime<Utc>,
        text: String,
    ) {
        self.edit(namespace, pod, container, |c| {
            c.current
                .get_or_insert_default()
                .lines
                .push(LogLine { at, text });
        });
    }

    /// Marks a container's current run as ended.
    pub fn end(&self, namespace: &str, pod: &str, container: &str) {
        self.edit(namespace, pod, container, |c| {
            if let Some(current) = c.current.as_mut() {
                current.ended = true;
            }
        });
    }

    /// Forgets a deleted pod's logs.
    pub fn forget(&self, namespace: &str, pod: &str) {
        let removed = self
            .pods
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key(namespace, pod));
        if removed.is_some() {
            self.changed.send_modify(|n| *n += 1);
        }
    }

    /// A copy of a container's current (or previous) run.
    pub fn instance(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
        previous: bool,
    ) -> Option<Instance> {
        let pods = self.pods.lock().unwrap_or_else(PoisonError::into_inner);
        let c = pods.get(&key(namespace, pod))?.get(container)?;
        if previous {
            c.previous.clone()
        } else {
            c.current.clone()
        }
    }

    /// Changes whenever any log changes (for `follow`).
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

/// The options of `pods/{name}/log`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogOptions {
    /// `container`.
    pub container: Option<String>,
    /// `follow`: stream until the container ends.
    pub follow: bool,
    /// `tailLines`.
    pub tail_lines: Option<i64>,
    /// `sinceSeconds`.
    pub since_seconds: Option<i64>,
    /// `sinceTime` (RFC 3339).
    pub since_time: Option<DateTime<Utc>>,
    /// `timestamps`: prefix each line with its RFC 3339 time.
    pub timestamps: bool,
    /// `previous`: the last terminated run.
    pub previous: bool,
    /// `limitBytes`.
    pub limit_bytes: Option<i64>,
}

/// Why logs cannot be read; all are 400 Bad Request in Kubernetes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogError {
    /// The request is wrong for this pod (container name missing or unknown, container
    /// waiting, no previous run).
    #[error("{0}")]
    BadRequest(String),
}

/// What to read: the container and, when the pod has not been scheduled, nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The pod has no node yet: the logs are empty.
    Unscheduled,
    /// This container's current or previous run.
    Container(String),
}

fn go_list(names: &[String]) -> String {
    format!("[{}]", names.join(" "))
}

/// Checks a log request against the pod, as the API server and kubelet do, and names the
/// container to read.
pub fn resolve(pod: &Pod, opts: &LogOptions, logs: &Logs) -> Result<Source, LogError> {
    let pod_name = pod.metadata.name.clone().unwrap_or_default();
    let namespace = pod.metadata.namespace.clone().unwrap_or_default();
    let spec = pod.spec.clone().unwrap_or_default();
    let containers: Vec<String> = spec.containers.iter().map(|c| c.name.clone()).collect();
    let inits: Vec<String> = spec
        .init_containers
        .iter()
        .flatten()
        .map(|c| c.name.clone())
        .collect();
    let container = match opts.container.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => {
            if !containers.iter().chain(&inits).any(|n| n == c) {
                return Err(LogError::BadRequest(format!(
                    "container {c} is not valid for pod {pod_name}"
                )));
            }
            c.to_owned()
        }
        None if containers.len() == 1 => containers[0].clone(),
        None => {
            let mut message = format!(
                "a container name must be specified for pod {pod_name}, choose one of: {}",
                go_list(&containers)
            );
            if !inits.is_empty() {
                message.push_str(&format!(
                    " or one of the init containers: {}",
                    go_list(&inits)
                ));
            }
            return Err(LogError::BadRequest(message));
        }
    };
    if spec.node_name.as_deref().is_none_or(str::is_empty) {
        return Ok(Source::Unscheduled);
    }
    if opts.previous {
        if logs
            .instance(&namespace, &pod_name, &container, true)
            .is_none()
        {
            return Err(LogError::BadRequest(format!(
                "previous terminated container \"{container}\" in pod \"{pod_name}\" not found"
            )));
        }
    } else if logs
        .instance(&namespace, &pod_name, &container, false)
        .is_none()
    {
        let waiting = pod
            .status
            .as_ref()
            .and_then(|s| {
                s.container_statuses
                    .iter()
                    .chain(s.init_container_statuses.iter())
                    .flatten()
                    .find(|c| c.name == container)
            })
            .and_then(|c| c.state.as_ref()?.waiting.as_ref()?.reason.clone())
            .unwrap_or_else(|| "ContainerCreating".to_owned());
        return Err(LogError::BadRequest(format!(
            "container \"{container}\" in pod \"{pod_name}\" is waiting to start: {waiting}"
        )));
    }
    Ok(Source::Container(container))
}

/// A time as Go's `RFC3339Nano` prints it (trailing zeros of the fraction dropped).
pub fn rfc3339_nano(t: DateTime<Utc>) -> String {
    let base = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let nanos = t.timestamp_subsec_nanos();
    if nanos == 0 {
        format!("{base}Z")
    } else {
        let fraction = format!("{nanos:09}");
        format!("{base}.{}Z", fraction.trim_end_matches('0'))
    }
}

/// One line as the log endpoint prints it.
pub fn format_line(line: &LogLine, timestamps: bool) -> String {
    if timestamps {
        format!("{} {}\n", rfc3339_nano(line.at), line.text)
    } else {
        format!("{}\n", line.text)
    }
}

/// The lines a request selects: since `sinceSeconds`/`sinceTime`, then the last `tailLines`.
pub fn select<'l>(lines: &'l [LogLine], opts: &LogOptions, now: DateTime<Utc>) -> &'l [LogLine] {
    let since = match (opts.since_seconds, opts.since_time) {
        (Some(secs), _) => Some(now - chrono::Duration::seconds(secs.max(0))),
        (None, Some(t)) => Some(t),
        (None, None) => None,
    };
    let start = since.map_or(0, |s| lines.partition_point(|l| l.at < s));
    let lines = &lines[start..];
    match opts.tail_lines {
        Some(n) if n >= 0 => {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            &lines[lines.len().saturating_sub(n)..]
        }
        _ => lines,
    }
}

/// The whole (non-follow) answer for `lines`, cut at `limitBytes`.
pub fn render(lines: &[LogLine], opts: &LogOptions, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for line in select(lines, opts, now) {
        out.push_str(&format_line(line, opts.timestamps));
    }
    if let Some(limit) = opts.limit_bytes.and_then(|l| usize::try_from(l).ok())
        && out.len() > limit
    {
        let mut cut = limit;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    out
}

#[cfg(test)]
#[path = "logs_tests.rs"]
mod tests;
