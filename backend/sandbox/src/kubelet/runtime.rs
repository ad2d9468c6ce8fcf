//! The kubelet of every node: watches the store for pods bound to a node and runs each in a
//! task of its own ([`super::pod`]), telling it when it is deleted or when ConfigMaps,
//! Secrets or PVCs change (a pod waiting on a mount retries then).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use k8s_openapi::api::core::v1::Pod;
use tokio::sync::mpsc;

use super::logs::Logs;
use crate::clock::Clock;
use crate::controllers::job_pods::is_terminal;
use crate::store::{ChangeKind, ListParams, Store};

/// What the kubelet tells a pod's task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    /// The pod got a `deletionTimestamp`: stop its containers.
    Deleting,
    /// The pod is gone from the store.
    Gone,
    /// ConfigMaps, Secrets or PVCs changed: look at the mounts again.
    Refresh,
}

/// The shared parts of the node agents. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Kubelet {
    pub store: Store,
    pub clock: Clock,
    pub logs: Logs,
    images: Arc<Mutex<HashSet<(String, String)>>>,
}

impl Kubelet {
    pub fn new(store: Store, logs: Logs) -> Self {
        Self {
            clock: store.clock().clone(),
            store,
            logs,
            images: Arc::default(),
        }
    }

    pub fn has_image(&self, node: &str, image: &str) -> bool {
        self.images
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&(node.to_owned(), image.to_owned()))
    }

    pub fn add_image(&self, node: &str, image: &str) {
        self.images
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert((node.to_owned(), image.to_owned()));
    }
}

fn bound(pod: &Pod) -> bool {
    pod.spec
        .as_ref()
        .and_then(|s| s.node_name.as_deref())
        .is_some_and(|n| !n.is_empty())
}

/// Runs the kubelets until the store's change feed closes.
pub(crate) async fn run(kubelet: Kubelet) {
    let mut changes = kubelet.store.subscribe();
    let mut tasks: HashMap<String, mpsc::UnboundedSender<Signal>> = HashMap::new();
    let mut done: HashSet<String> = HashSet::new();
    let spawn = |pod: Pod, tasks: &mut HashMap<String, mpsc::UnboundedSender<Signal>>| {
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        let (tx, rx) = mpsc::unbounded_channel();
        if pod.metadata.deletion_timestamp.is_some() {
            let _ = tx.send(Signal::Deleting);
        }
        tasks.insert(uid, tx);
        tokio::spawn(super::pod::run(kubelet.clone(), pod, rx));
    };
    // Pods bound before the kubelet started (a restored state file).
    if let Ok(list) = kubelet.store.list::<Pod>(None, &ListParams::default()) {
        for pod in list.items {
            if bound(&pod) && !is_terminal(&pod) {
                spawn(pod, &mut tasks);
            }
        }
    }
    while let Some(change) = changes.recv().await {
        match change.resource.qualified {
            "pods" => {
                let Ok(pod) = serde_json::from_value::<Pod>((*change.object).clone()) else {
                    continue;
                };
                let uid = pod.metadata.uid.clone().unwrap_or_default();
                if change.kind == ChangeKind::Deleted {
                    if let Some(tx) = tasks.remove(&uid) {
                        let _ = tx.send(Signal::Gone);
                    }
                    done.remove(&uid);
                    kubelet.logs.forget(
                        pod.metadata.namespace.as_deref().unwrap_or_default(),
                        pod.metadata.name.as_deref().unwrap_or_default(),
                    );
                    continue;
                }
                if let Some(tx) = tasks.get(&uid) {
                    if tx.is_closed() {
                        tasks.remove(&uid);
                        done.insert(uid);
                    } else if pod.metadata.deletion_timestamp.is_some() {
                        let _ = tx.send(Signal::Deleting);
                    }
                    continue;
                }
                if bound(&pod) && !is_terminal(&pod) && !done.contains(&uid) {
                    spawn(pod, &mut tasks);
                }
            }
            "configmaps" | "secrets" | "persistentvolumeclaims" => {
                tasks.retain(|_, tx| tx.send(Signal::Refresh).is_ok());
            }
            _ => {}
        }
    }
}
