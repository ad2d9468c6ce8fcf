//! kube-scheduler's filter plugins as pure functions over k8s-openapi types, in the order the
//! default profile runs them: NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector
//! and required node affinity), NodeResourcesFit. Each returns the reasons a node is refused,
//! worded as kube-scheduler words them.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec, Taint, Toleration,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

/// NodeUnschedulable's reason (`ErrReasonUnschedulable`).
pub const REASON_UNSCHEDULABLE: &str = "node(s) were unschedulable";
/// NodeAffinity's reason (`ErrReasonPod`).
pub const REASON_NODE_AFFINITY: &str = "node(s) didn't match Pod's node affinity/selector";

/// Why a node cannot take a pod: the failing plugin's reasons and whether preemption could
/// help (it cannot for an `UnschedulableAndUnresolvable` status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// kube-scheduler's reason strings (`Insufficient cpu`, ...).
    pub reasons: Vec<String>,
    /// False when the plugin returned `UnschedulableAndUnresolvable`.
    pub resolvable: bool,
}

/// Runs the filters on one node and returns the first refusal, as the scheduling framework
/// stops at the first failing plugin. `placed` are the non-terminal pods bound to the node.
pub fn filter(pod: &Pod, node: &Node, placed: &[&Pod]) -> Option<Refusal> {
    let unresolvable = |reason: String| Refusal {
        reasons: vec![reason],
        resolvable: false,
    };
    if node.spec.as_ref().and_then(|s| s.unschedulable) == Some(true)
        && !tolerates_unschedulable(pod)
    {
        return Some(unresolvable(REASON_UNSCHEDULABLE.to_owned()));
    }
    if let Some(taint) = untolerated_taint(pod, node) {
        return Some(unresolvable(format!(
            "node(s) had untolerated taint {{{}: {}}}",
            taint.key,
            taint.value.as_deref().unwrap_or("")
        )));
    }
    if !matches_node_selector(pod, node) || !matches_required_affinity(pod, node) {
        return Some(unresolvable(REASON_NODE_AFFINITY.to_owned()));
    }
    let insufficient = insufficient_resources(pod, node, placed);
    if !insufficient.is_empty() {
        return Some(Refusal {
            reasons: insufficient,
            resolvable: true,
        });
    }
    None
}

fn tolerates_unschedulable(pod: &Pod) -> bool {
    let unschedulable = Taint {
        key: "node.kubernetes.io/unschedulable".to_owned(),
        effect: "NoSchedule".to_owned(),
        ..Taint::default()
    };
    tolerations(pod)
        .iter()
        .any(|t| tolerates(t, &unschedulable))
}

fn tolerations(pod: &Pod) -> &[Toleration] {
    pod.spec
        .as_ref()
        .and_then(|s| s.tolerations.as_deref())
        .unwrap_or_default()
}

/// Whether `toleration` tolerates `taint` (`Toleration.ToleratesTaint`).
pub fn tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    let effect = toleration.effect.as_deref().unwrap_or("");
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = toleration.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match toleration.operator.as_deref().unwrap_or("Equal") {
        "Exists" => true,
        "Equal" | "" => {
            // An empty key with Equal matches nothing (validation rejects it anyway).
            !key.is_empty()
                && toleration.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
        }
        _ => false,
    }
}

/// The first NoSchedule/NoExecute taint of `node` that `pod` does not tolerate.
pub fn untolerated_taint<'n>(pod: &Pod, node: &'n Node) -> Option<&'n Taint> {
    let taints = node.spec.as_ref().and_then(|s| s.taints.as_deref())?;
    let tolerations = tolerations(pod);
    taints.iter().find(|taint| {
        matches!(taint.effect.as_str(), "NoSchedule" | "NoExecute")
            && !tolerations.iter().any(|t| tolerates(t, taint))
    })
}

fn node_labels(node: &Node) -> &BTreeMap<String, String> {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    node.metadata.labels.as_ref().unwrap_or(&EMPTY)
}

/// Whether every `spec.nodeSelector` label is on the node.
pub fn matches_node_selector(pod: &Pod, node: &Node) -> bool {
    let Some(selector) = pod.spec.as_ref().and_then(|s| s.node_selector.as_ref()) else {
        return true;
    };
    let labels = node_labels(node);
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// Whether the node matches `requiredDuringSchedulingIgnoredDuringExecution`: any one of the
/// terms, a term matching when all its expressions and fields do; an empty term matches
/// nothing.
pub fn matches_required_affinity(pod: &Pod, node: &Node) -> bool {
    let Some(required) = pod
        .spec
        .as_ref()
        .and_then(|s| s.affinity.as_ref())
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|a| {
            a.required_during_scheduling_ignored_during_execution
                .as_ref()
        })
    else {
        return true;
    };
    required
        .node_selector_terms
        .iter()
        .any(|term| matches_term(term, node))
}

fn matches_term(term: &NodeSelectorTerm, node: &Node) -> bool {
    let expressions = term.match_expressions.as_deref().unwrap_or_default();
    let fields = term.match_fields.as_deref().unwrap_or_default();
    if expressions.is_empty() && fields.is_empty() {
        return false;
    }
    let labels = node_labels(node);
    let name = node.metadata.name.clone().unwrap_or_default();
    let field_values = BTreeMap::from([("metadata.name".to_owned(), name)]);
    expressions.iter().all(|r| matches_requirement(r, labels))
        && fields.iter().all(|r| matches_requirement(r, &field_values))
}

/// One `NodeSelectorRequirement` against a node's labels: In, NotIn, Exists, DoesNotExist,
/// Gt, Lt (integers).
pub fn matches_requirement(
    req: &NodeSelectorRequirement,
    labels: &BTreeMap<String, String>,
) -> bool {
    let values = req.values.as_deref().unwrap_or_default();
    let value = labels.get(&req.key);
    match req.operator.as_str() {
        "In" => value.is_some_and(|v| values.contains(v)),
        "NotIn" => value.is_none_or(|v| !values.contains(v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(label), [bound]) = (value, values) else {
                return false;
            };
            match (label.parse::<i64>(), bound.parse::<i64>()) {
                (Ok(l), Ok(b)) if req.operator == "Gt" => l > b,
                (Ok(l), Ok(b)) => l < b,
                _ => false,
            }
        }
        _ => false,
    }
}

/// A Kubernetes quantity in thousandths of its unit (millicores, millibytes); `None` when
/// malformed.
pub fn quantity_milli(q: &str) -> Option<i128> {
    let q = q.trim();
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(q.len());
    let (number, suffix) = q.split_at(split);
    let n: f64 = number.parse().ok()?;
    let factor: f64 = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        e if e.starts_with(['e', 'E']) => 10f64.powi(e[1..].parse::<i32>().ok()?),
        _ => return None,
    };
    let milli = (n * factor * 1000.0).ceil();
    milli.is_finite().then_some(milli as i128)
}

/// What a pod asks for: for each resource, the larger of the sum over containers and the
/// largest init container (`computePodResourceRequest`).
pub fn pod_requests(spec: &PodSpec) -> BTreeMap<String, i128> {
    let mut total: BTreeMap<String, i128> = BTreeMap::new();
    for c in &spec.containers {
        for (name, q) in requests(c.resources.as_ref()) {
            *total.entry(name).or_default() += q;
        }
    }
    for c in spec.init_containers.as_deref().unwrap_or_default() {
        for (name, q) in requests(c.resources.as_ref()) {
            let entry = total.entry(name).or_default();
            *entry = (*entry).max(q);
        }
    }
    total
}

fn requests(
    resources: Option<&k8s_openapi::api::core::v1::ResourceRequirements>,
) -> Vec<(String, i128)> {
    let Some(r) = resources else {
        return Vec::new();
    };
    // A limit without a request defaults the request to the limit.
    let mut merged: BTreeMap<&String, &Quantity> = BTreeMap::new();
    for (source, overrides) in [(r.limits.as_ref(), false), (r.requests.as_ref(), true)] {
        for (k, v) in source.into_iter().flatten() {
            if overrides || !merged.contains_key(k) {
                merged.insert(k, v);
            }
        }
    }
    merged
        .into_iter()
        .filter_map(|(k, v)| Some((k.clone(), quantity_milli(&v.0)?)))
        .collect()
}

/// NodeResourcesFit: `Insufficient cpu`, `Insufficient memory` (and other resources the
/// node advertises), `Too many pods`.
pub fn insufficient_resources(pod: &Pod, node: &Node, placed: &[&Pod]) -> Vec<String> {
    let Some(spec) = pod.spec.as_ref() else {
        return Vec::new();
    };
    let allocatable: BTreeMap<String, i128> = node
        .status
        .as_ref()
        .and_then(|s| s.allocatable.as_ref().or(s.capacity.as_ref()))
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), quantity_milli(&v.0)?)))
        .collect();
    let mut used: BTreeMap<String, i128> = BTreeMap::new();
    for other in placed {
        if let Some(s) = other.spec.as_ref() {
            for (k, v) in pod_requests(s) {
                *used.entry(k).or_default() += v;
            }
        }
    }
    let mut reasons = Vec::new();
    if let Some(max_pods) = allocatable.get("pods")
        && (placed.len() as i128 + 1) * 1000 > *max_pods
    {
        reasons.push("Too many pods".to_owned());
    }
    let wanted = pod_requests(spec);
    let ordered = ["cpu", "memory"].into_iter().map(str::to_owned).chain(
        wanted
            .keys()
            .filter(|k| *k != "cpu" && *k != "memory")
            .cloned(),
    );
    for name in ordered {
        let Some(&want) = wanted.get(&name) else {
            continue;
        };
        if want == 0 {
            continue;
        }
        let free =
            allocatable.get(&name).copied().unwrap_or(0) - used.get(&name).copied().unwrap_or(0);
        if want > free {
            reasons.push(format!("Insufficient {name}"));
        }
    }
    reasons
}
