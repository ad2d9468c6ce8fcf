//! The scheduler as a task: whenever pods or nodes change, it tries every pending unbound
//! pod, binds those that fit (`Scheduled` event, `PodScheduled=True`) and marks the others
//! `PodScheduled=False` / `Unschedulable` with a `FailedScheduling` event, repeated only when
//! the reason changes.

use std::collections::{BTreeMap, HashMap, HashSet};

use k8s_openapi::api::core::v1::{Node, Pod, PodCondition};

use super::{Decision, schedule};
use crate::clock::to_time;
use crate::controllers::events::{self, Component};
use crate::controllers::job_pods::is_terminal;
use crate::store::{ChangeKind, ListParams, Store};

fn unbound(pod: &Pod) -> bool {
    let spec = pod.spec.as_ref();
    spec.and_then(|s| s.node_name.as_deref())
        .is_none_or(str::is_empty)
        && spec
            .and_then(|s| s.scheduler_name.as_deref())
            .is_none_or(|s| s.is_empty() || s == "default-scheduler")
        && pod.metadata.deletion_timestamp.is_none()
        && !is_terminal(pod)
}

fn set_scheduled(
    store: &Store,
    pod: &Pod,
    value: &str,
    reason: Option<&str>,
    message: Option<&str>,
) {
    let current = pod
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|c| c.iter().find(|c| c.type_ == "PodScheduled"));
    if current.is_some_and(|c| c.status == value && c.message.as_deref() == message) {
        // Unchanged: writing would only wake every watcher (and this scheduler) again.
        return;
    }
    let namespace = pod.metadata.namespace.clone().unwrap_or_default();
    let name = pod.metadata.name.clone().unwrap_or_default();
    let now = store.clock().now();
    let result = store.modify_status::<Pod>(&namespace, &name, |p| {
        let status = p.status.get_or_insert_default();
        let conditions = status.conditions.get_or_insert_default();
        let fresh = PodCondition {
            type_: "PodScheduled".to_owned(),
            status: value.to_owned(),
            reason: reason.map(str::to_owned),
            message: message.map(str::to_owned),
            last_transition_time: Some(to_time(now)),
            last_probe_time: None,
            ..PodCondition::default()
        };
        match conditions.iter_mut().find(|c| c.type_ == "PodScheduled") {
            Some(c) if c.status == value && c.message.as_deref() == message => {}
            Some(c) => *c = fresh,
            None => conditions.insert(0, fresh),
        }
        Ok(())
    });
    if let Err(err) = result {
        tracing::debug!(%err, pod = %name, "updating PodScheduled failed");
    }
}

/// One pass over the unbound pods. `reported` remembers the last FailedScheduling message
/// per pod uid.
pub fn pass(store: &Store, reported: &mut HashMap<String, String>) {
    let Ok(pods) = store.list::<Pod>(None, &ListParams::default()) else {
        return;
    };
    let mut pending: Vec<Pod> = pods.items.iter().filter(|p| unbound(p)).cloned().collect();
    if pending.is_empty() {
        reported.clear();
        return;
    }
    let Ok(nodes) = store.list::<Node>(None, &ListParams::default()) else {
        return;
    };
    let mut placed: Vec<Pod> = pods
        .items
        .into_iter()
        .filter(|p| {
            !unbound(p) && !is_terminal(p) && p.spec.as_ref().is_some_and(|s| s.node_name.is_some())
        })
        .collect();
    pending.sort_by_key(|p| p.metadata.creation_timestamp.clone());
    let live: BTreeMap<String, ()> = pending
        .iter()
        .filter_map(|p| p.metadata.uid.clone())
        .map(|u| (u, ()))
        .collect();
    reported.retain(|uid, _| live.contains_key(uid));
    for pod in pending {
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        let namespace = pod.metadata.namespace.clone().unwrap_or_default();
        let name = pod.metadata.name.clone().unwrap_or_default();
        match schedule(&pod, &nodes.items, &placed) {
            Decision::Bind(node) => {
                let bound = store.modify::<Pod>(&namespace, &name, |p| {
                    let spec = p.spec.get_or_insert_default();
                    if spec.node_name.as_deref().is_some_and(|n| !n.is_empty()) {
                        return Err(crate::Error::BadRequest("already bound".to_owned()));
                    }
                    spec.node_name = Some(node.clone());
                    Ok(())
                });
                let Ok(bound) = bound else { continue };
                set_scheduled(store, &bound, "True", None, None);
                events::record(
                    store,
                    events::reference(&bound, None),
                    Component::Scheduler,
                    "Normal",
                    "Scheduled",
                    &format!("Successfully assigned {namespace}/{name} to {node}"),
                );
                reported.remove(&uid);
                placed.push(bound);
            }
            Decision::Unschedulable(message) => {
                set_scheduled(store, &pod, "False", Some("Unschedulable"), Some(&message));
                if reported.get(&uid) != Some(&message) {
                    events::record(
                        store,
                        events::reference(&pod, None),
                        Component::Scheduler,
                        "Warning",
                        "FailedScheduling",
                        &message,
                    );
                    reported.insert(uid, message);
                }
            }
        }
    }
}

/// Runs the scheduler until the store's change feed closes. It lists the cluster only while
/// some pod waits for a node.
pub async fn run(store: Store) {
    let mut changes = store.subscribe();
    let mut reported = HashMap::new();
    let mut waiting: HashSet<String> = HashSet::new();
    if let Ok(pods) = store.list::<Pod>(None, &ListParams::default()) {
        waiting.extend(
            pods.items
                .iter()
                .filter(|p| unbound(p))
                .filter_map(|p| p.metadata.uid.clone()),
        );
    }
    pass(&store, &mut reported);
    while let Some(change) = changes.recv().await {
        let mut relevant = false;
        // Take every queued change before one pass.
        let mut batch = vec![change];
        while let Ok(more) = changes.try_recv() {
            batch.push(more);
        }
        for c in batch {
            match c.resource.qualified {
                "pods" => {
                    relevant = true;
                    let uid = c
                        .object
                        .pointer("/metadata/uid")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    let pod = serde_json::from_value::<Pod>((*c.object).clone()).ok();
                    if c.kind != ChangeKind::Deleted && pod.as_ref().is_some_and(unbound) {
                        waiting.insert(uid);
                    } else {
                        waiting.remove(&uid);
                    }
                }
                "nodes" => relevant = true,
                _ => {}
            }
        }
        if relevant && !waiting.is_empty() {
            pass(&store, &mut reported);
        }
    }
}
