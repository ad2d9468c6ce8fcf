//! Scheduler tests: which node a pod lands on, and the `FailedScheduling` message a client
//! reads in `kubectl describe pod` when none fits.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, Container, Node, NodeAffinity, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, NodeSpec, NodeStatus, Pod, PodSpec, ResourceRequirements, Taint, Toleration,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::*;

struct NodeBuilder(Node);

fn node(name: &str) -> NodeBuilder {
    let allocatable = BTreeMap::from([
        ("cpu".to_owned(), Quantity("4".into())),
        ("memory".to_owned(), Quantity("8Gi".into())),
        ("pods".to_owned(), Quantity("110".into())),
    ]);
    NodeBuilder(Node {
        metadata: ObjectMeta {
            name: Some(name.into()),
            labels: Some(BTreeMap::from([(
                "kubernetes.io/hostname".to_owned(),
                name.to_owned(),
            )])),
            ..ObjectMeta::default()
        },
        spec: Some(NodeSpec::default()),
        status: Some(NodeStatus {
            allocatable: Some(allocatable.clone()),
            capacity: Some(allocatable),
            ..NodeStatus::default()
        }),
    })
}

impl NodeBuilder {
    fn label(mut self, k: &str, v: &str) -> Self {
        self.0
            .metadata
            .labels
            .get_or_insert_default()
            .insert(k.into(), v.into());
        self
    }

    fn taint(mut self, key: &str, value: &str, effect: &str) -> Self {
        let spec = self.0.spec.get_or_insert_default();
        spec.taints.get_or_insert_default().push(Taint {
            key: key.into(),
            value: (!value.is_empty()).then(|| value.into()),
            effect: effect.into(),
            ..Taint::default()
        });
        self
    }

    fn allocatable(mut self, resource: &str, q: &str) -> Self {
        if let Some(a) = self.0.status.as_mut().and_then(|s| s.allocatable.as_mut()) {
            a.insert(resource.into(), Quantity(q.into()));
        }
        self
    }

    fn unschedulable(mut self) -> Self {
        self.0.spec.get_or_insert_default().unschedulable = Some(true);
        self
    }

    fn build(self) -> Node {
        self.0
    }
}

struct PodBuilder(Pod);

fn pod() -> PodBuilder {
    PodBuilder(Pod {
        metadata: ObjectMeta {
            name: Some("pi-abcde".into()),
            namespace: Some("demo-project".into()),
            ..ObjectMeta::default()
        },
        spec: Some(PodSpec {
            containers: vec![Container {
                name: "pi".into(),
                image: Some("perl:5.34.0".into()),
                ..Container::default()
            }],
            ..PodSpec::default()
        }),
        status: None,
    })
}

impl PodBuilder {
    fn spec(&mut self) -> &mut PodSpec {
        self.0.spec.get_or_insert_default()
    }

    fn node_selector(mut self, k: &str, v: &str) -> Self {
        self.spec()
            .node_selector
            .get_or_insert_default()
            .insert(k.into(), v.into());
        self
    }

    fn requires(mut self, key: &str, operator: &str, values: &[&str]) -> Self {
        let requirement = NodeSelectorRequirement {
            key: key.into(),
            operator: operator.into(),
            values: (!values.is_empty()).then(|| values.iter().map(|v| (*v).to_owned()).collect()),
        };
        self.spec().affinity = Some(Affinity {
            node_affinity: Some(NodeAffinity {
                required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: Some(vec![requirement]),
                        match_fields: None,
                    }],
                }),
                ..NodeAffinity::default()
            }),
            ..Affinity::default()
        });
        self
    }

    fn tolerate(mut self, key: &str, operator: &str, value: &str, effect: &str) -> Self {
        self.spec()
            .tolerations
            .get_or_insert_default()
            .push(Toleration {
                key: (!key.is_empty()).then(|| key.into()),
                operator: Some(operator.into()),
                value: (!value.is_empty()).then(|| value.into()),
                effect: (!effect.is_empty()).then(|| effect.into()),
                toleration_seconds: None,
            });
        self
    }

    fn request(mut self, resource: &str, q: &str) -> Self {
        let c = &mut self.spec().containers[0];
        c.resources
            .get_or_insert_with(ResourceRequirements::default)
            .requests
            .get_or_insert_default()
            .insert(resource.into(), Quantity(q.into()));
        self
    }

    fn on(mut self, node: &str) -> Self {
        self.spec().node_name = Some(node.into());
        self
    }

    fn build(self) -> Pod {
        self.0
    }
}

/// The seeded cluster: three nodes, `node-1` labelled `disktype=ssd`.
fn seeded_nodes() -> Vec<Node> {
    vec![
        node("node-1").label("disktype", "ssd").build(),
        node("node-2").build(),
        node("node-3").build(),
    ]
}

#[test]
fn node_selector_with_no_match_is_refused_everywhere() {
    // kubernetes.io, "Assigning Pods to Nodes", nodeSelector: the pod is only eligible for
    // nodes that have each of the labels.
    let p = pod().node_selector("disktype", "hdd").build();
    assert_eq!(
        schedule(&p, &seeded_nodes(), &[]),
        Decision::Unschedulable(
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. \
             preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
                .into()
        )
    );
    let p = pod().node_selector("disktype", "ssd").build();
    assert_eq!(
        schedule(&p, &seeded_nodes(), &[]),
        Decision::Bind("node-1".into())
    );
}

#[test]
fn required_node_affinity_operators() {
    let nodes = vec![
        node("a").label("zone", "east").label("cores", "8").build(),
        node("b").label("zone", "west").label("cores", "2").build(),
    ];
    let lands = |p: Pod| match schedule(&p, &nodes, &[]) {
        Decision::Bind(n) => n,
        Decision::Unschedulable(m) => m,
    };
    assert_eq!(lands(pod().requires("zone", "In", &["west"]).build()), "b");
    assert_eq!(
        lands(pod().requires("zone", "NotIn", &["east"]).build()),
        "b"
    );
    assert_eq!(lands(pod().requires("cores", "Gt", &["4"]).build()), "a");
    assert_eq!(lands(pod().requires("cores", "Lt", &["4"]).build()), "b");
    assert_eq!(lands(pod().requires("zone", "Exists", &[]).build()), "a");
    assert!(lands(pod().requires("gpu", "Exists", &[]).build()).starts_with("0/2 nodes"));
    assert_eq!(
        lands(pod().requires("gpu", "DoesNotExist", &[]).build()),
        "a"
    );
    // Gt/Lt on a non-integer label never match.
    assert!(lands(pod().requires("zone", "Gt", &["1"]).build()).starts_with("0/2 nodes"));
}

#[test]
fn taints_need_tolerations() {
    // kubernetes.io, "Taints and Tolerations".
    let nodes = vec![node("gpu").taint("dedicated", "gpu", "NoSchedule").build()];
    let p = pod().build();
    assert_eq!(
        schedule(&p, &nodes, &[]),
        Decision::Unschedulable(
            "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. \
             preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
                .into()
        )
    );
    let equal = pod()
        .tolerate("dedicated", "Equal", "gpu", "NoSchedule")
        .build();
    assert_eq!(schedule(&equal, &nodes, &[]), Decision::Bind("gpu".into()));
    let exists = pod().tolerate("dedicated", "Exists", "", "").build();
    assert_eq!(schedule(&exists, &nodes, &[]), Decision::Bind("gpu".into()));
    let wildcard = pod().tolerate("", "Exists", "", "").build();
    assert_eq!(
        schedule(&wildcard, &nodes, &[]),
        Decision::Bind("gpu".into())
    );
    let wrong_value = pod()
        .tolerate("dedicated", "Equal", "cpu", "NoSchedule")
        .build();
    assert!(matches!(
        schedule(&wrong_value, &nodes, &[]),
        Decision::Unschedulable(_)
    ));
    let wrong_effect = pod()
        .tolerate("dedicated", "Equal", "gpu", "NoExecute")
        .build();
    assert!(matches!(
        schedule(&wrong_effect, &nodes, &[]),
        Decision::Unschedulable(_)
    ));
    // PreferNoSchedule never filters.
    let soft = vec![node("soft").taint("x", "", "PreferNoSchedule").build()];
    assert_eq!(
        schedule(&pod().build(), &soft, &[]),
        Decision::Bind("soft".into())
    );
}

#[test]
fn resources_are_counted_against_allocatable_minus_placed_pods() {
    let nodes = vec![
        node("small")
            .allocatable("cpu", "1")
            .allocatable("memory", "1Gi")
            .build(),
    ];
    let placed = vec![
        pod()
            .request("cpu", "600m")
            .request("memory", "512Mi")
            .on("small")
            .build(),
    ];
    let fits = pod()
        .request("cpu", "400m")
        .request("memory", "512Mi")
        .build();
    assert_eq!(
        schedule(&fits, &nodes, &placed),
        Decision::Bind("small".into())
    );
    let too_big = pod()
        .request("cpu", "500m")
        .request("memory", "1Gi")
        .build();
    assert_eq!(
        schedule(&too_big, &nodes, &placed),
        Decision::Unschedulable(
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. \
             preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
                .into()
        )
    );
    let pods_full = vec![node("one").allocatable("pods", "1").build()];
    let placed = vec![pod().on("one").build()];
    assert_eq!(
        schedule(&pod().build(), &pods_full, &placed),
        Decision::Unschedulable(
            "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: \
             1 No preemption victims found for incoming pod."
                .into()
        )
    );
}

#[test]
fn combined_reasons_are_sorted_as_kube_scheduler_sorts_them() {
    let nodes = vec![
        node("node-1").allocatable("cpu", "100m").build(),
        node("node-2")
            .taint("maintenance", "true", "NoExecute")
            .build(),
        node("node-3")
            .taint("maintenance", "true", "NoSchedule")
            .build(),
    ];
    let p = pod().request("cpu", "1").build();
    assert_eq!(
        schedule(&p, &nodes, &[]),
        Decision::Unschedulable(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint \
             {maintenance: true}. preemption: 0/3 nodes are available: 1 No preemption victims \
             found for incoming pod, 2 Preemption is not helpful for scheduling."
                .into()
        )
    );
}

#[test]
fn cordoned_nodes_and_an_empty_cluster() {
    let nodes = vec![node("n").unschedulable().build()];
    assert_eq!(
        schedule(&pod().build(), &nodes, &[]),
        Decision::Unschedulable(
            "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are \
             available: 1 Preemption is not helpful for scheduling."
                .into()
        )
    );
    assert_eq!(
        schedule(&pod().build(), &[], &[]),
        Decision::Unschedulable("no nodes available to schedule pods".into())
    );
}

#[test]
fn pods_spread_over_the_least_loaded_nodes() {
    let nodes = seeded_nodes();
    let placed = vec![pod().on("node-1").build(), pod().on("node-2").build()];
    assert_eq!(
        schedule(&pod().build(), &nodes, &placed),
        Decision::Bind("node-3".into())
    );
    let busy = vec![pod().request("cpu", "2").on("node-1").build()];
    let p = pod().request("cpu", "1").build();
    assert_eq!(schedule(&p, &nodes, &busy), Decision::Bind("node-2".into()));
}

#[test]
fn quantities() {
    use predicates::quantity_milli;
    assert_eq!(quantity_milli("500m"), Some(500));
    assert_eq!(quantity_milli("1.5"), Some(1500));
    assert_eq!(quantity_milli("1Ki"), Some(1_024_000));
    assert_eq!(quantity_milli("1e3"), Some(1_000_000));
    assert_eq!(quantity_milli("2G"), Some(2_000_000_000_000));
    assert_eq!(quantity_milli("abc"), None);
    assert_eq!(quantity_milli("1Qi"), None);
}
