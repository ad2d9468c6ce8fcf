//! The sandbox's controllers: the garbage collector (part 1), the Job controller and the
//! TTL-after-finished controller (part 2), each a small runtime over the store. [`start`]
//! runs the Job controller, the scheduler and the kubelet of every node as Tokio tasks.

pub mod events;
pub mod gc;
pub mod job;
pub mod job_pods;
pub mod job_runner;
pub mod ttl;

use std::sync::Arc;

use tokio::task::JoinHandle;

use crate::Sandbox;
use crate::kubelet::log_source::KubeletLogs;
use crate::kubelet::logs::Logs;
use crate::kubelet::runtime::{self, Kubelet};

/// The running controllers of one sandbox. Dropping it leaves them running; [`stop`]
/// (Controllers::stop) ends them.
#[derive(Debug)]
pub struct Controllers {
    tasks: Vec<JoinHandle<()>>,
    logs: Logs,
}

impl Controllers {
    /// The kubelet's container logs.
    pub fn logs(&self) -> &Logs {
        &self.logs
    }

    /// Stops every controller task.
    pub fn stop(&self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Starts the Job controller (with TTL-after-finished), the scheduler and the kubelet on the
/// current Tokio runtime, and plugs the kubelet's logs into `pods/{name}/log`. Call once
/// per sandbox.
pub fn start(sandbox: &Sandbox) -> Controllers {
    let store = sandbox.store().clone();
    let logs = Logs::default();
    sandbox.set_log_source(Arc::new(KubeletLogs {
        store: store.clone(),
        logs: logs.clone(),
    }));
    let tasks = vec![
        tokio::spawn(job_runner::run(store.clone())),
        tokio::spawn(crate::scheduler::runtime::run(store.clone())),
        tokio::spawn(runtime::run(Kubelet::new(store, logs.clone()))),
    ];
    Controllers { tasks, logs }
}
