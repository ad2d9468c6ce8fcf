//! The sandbox's kube-scheduler: picks a node for each pending pod over the cluster's nodes
//! with the default profile's filters ([`predicates`]) and, when none fits, words the
//! `FailedScheduling` message exactly as kube-scheduler does, preemption part included:
//!
//! ```text
//! 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
//! ```

pub mod predicates;
pub mod runtime;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Node, Pod};

use predicates::{Refusal, filter, pod_requests};

/// The scheduler's verdict for one pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Bind the pod to this node.
    Bind(String),
    /// No node fits: the `FailedScheduling` event message and the `PodScheduled=False`
    /// condition's message.
    Unschedulable(String),
}

/// Preemption's reason for a node no eviction can fix.
const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
/// Preemption's reason when evicting lower-priority pods would not make room (the sandbox's
/// pods all have the same priority).
const NO_VICTIMS: &str = "No preemption victims found for incoming pod";

/// Chooses a node for `pod` among `nodes`; `placed` are all non-terminal pods already bound
/// (to any node). Among the nodes that fit, the least requested one wins (kube-scheduler's
/// `NodeResourcesFit` LeastAllocated score), ties going to the node with fewer pods, then to
/// the first by name.
pub fn schedule(pod: &Pod, nodes: &[Node], placed: &[Pod]) -> Decision {
    let mut by_node: BTreeMap<&str, Vec<&Pod>> = BTreeMap::new();
    for p in placed {
        if let Some(node) = p.spec.as_ref().and_then(|s| s.node_name.as_deref()) {
            by_node.entry(node).or_default().push(p);
        }
    }
    let mut refusals: Vec<Refusal> = Vec::new();
    let mut feasible: Vec<(&Node, i128, usize, &str)> = Vec::new();
    for node in nodes {
        let name = node.metadata.name.as_deref().unwrap_or_default();
        let on_node = by_node.get(name).map(Vec::as_slice).unwrap_or_default();
        match filter(pod, node, on_node) {
            Some(refusal) => refusals.push(refusal),
            None => feasible.push((node, score(node, on_node), on_node.len(), name)),
        }
    }
    feasible.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.3.cmp(b.3)));
    match feasible.first() {
        Some((_, _, _, name)) => Decision::Bind((*name).to_owned()),
        None => Decision::Unschedulable(failed_scheduling_message(nodes.len(), &refusals)),
    }
}

/// LeastAllocated: the mean free fraction of cpu and memory, in thousandths.
fn score(node: &Node, on_node: &[&Pod]) -> i128 {
    let allocatable = node.status.as_ref().and_then(|s| s.allocatable.as_ref());
    let mut used: BTreeMap<String, i128> = BTreeMap::new();
    for p in on_node {
        if let Some(spec) = p.spec.as_ref() {
            for (k, v) in pod_requests(spec) {
                *used.entry(k).or_default() += v;
            }
        }
    }
    ["cpu", "memory"]
        .iter()
        .map(|r| {
            let total = allocatable
                .and_then(|a| a.get(*r))
                .and_then(|q| predicates::quantity_milli(&q.0))
                .unwrap_or(0);
            if total <= 0 {
                return 0;
            }
            let free = total - used.get(*r).copied().unwrap_or(0);
            free.max(0) * 1000 / total
        })
        .sum::<i128>()
        / 2
}

/// kube-scheduler's `FitError` message: the node count, a sorted histogram of the filter
/// reasons, then the preemption post-filter's own histogram.
pub fn failed_scheduling_message(total_nodes: usize, refusals: &[Refusal]) -> String {
    if total_nodes == 0 {
        return "no nodes available to schedule pods".to_owned();
    }
    let mut message = format!("0/{total_nodes} nodes are available:");
    let reasons = histogram(refusals.iter().flat_map(|r| r.reasons.iter().cloned()));
    if !reasons.is_empty() {
        message.push_str(&format!(" {}.", reasons.join(", ")));
    }
    let preemption = histogram(refusals.iter().map(|r| {
        if r.resolvable {
            NO_VICTIMS
        } else {
            NOT_HELPFUL
        }
        .to_owned()
    }));
    message.push_str(&format!(
        " preemption: 0/{total_nodes} nodes are available: {}.",
        preemption.join(", ")
    ));
    message
}

/// `"<count> <reason>"` for each distinct reason, sorted as strings (Go's `sort.Strings`).
fn histogram(reasons: impl Iterator<Item = String>) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in reasons {
        *counts.entry(r).or_default() += 1;
    }
    let mut lines: Vec<String> = counts
        .into_iter()
        .map(|(r, n)| format!("{n} {r}"))
        .collect();
    lines.sort();
    lines
}

#[cfg(test)]
mod tests;
