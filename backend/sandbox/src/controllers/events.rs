//! Recording core/v1 Events as the cluster's components do (`job-controller`,
//! `default-scheduler`, `kubelet`): named `<object>.<hex>`, with the involved object, source,
//! reporting component, first/last timestamps and a count.

use std::sync::atomic::{AtomicU64, Ordering};

use k8s_openapi::api::core::v1::{Event, EventSource, ObjectReference};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};

use crate::clock::to_time;
use crate::store::Store;

/// Who records an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component<'a> {
    /// The Job controller.
    JobController,
    /// The scheduler.
    Scheduler,
    /// The kubelet of this node.
    Kubelet(&'a str),
}

impl Component<'_> {
    fn name(self) -> &'static str {
        match self {
            Component::JobController => "job-controller",
            Component::Scheduler => "default-scheduler",
            Component::Kubelet(_) => "kubelet",
        }
    }

    fn host(self) -> Option<String> {
        match self {
            Component::Kubelet(node) => Some(node.to_owned()),
            _ => None,
        }
    }
}

/// The object an event is about.
pub fn reference<K>(obj: &K, field_path: Option<String>) -> ObjectReference
where
    K: k8s_openapi::Resource + k8s_openapi::Metadata<Ty = ObjectMeta>,
{
    let meta = obj.metadata();
    ObjectReference {
        api_version: Some(K::API_VERSION.to_owned()),
        kind: Some(K::KIND.to_owned()),
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        resource_version: meta.resource_version.clone(),
        field_path,
    }
}

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// Records one event; failures are logged, never fatal (as client-go's recorder).
pub fn record(
    store: &Store,
    involved: ObjectReference,
    component: Component<'_>,
    type_: &str,
    reason: &str,
    message: &str,
) {
    let now = store.clock().now();
    let seq = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let nanos = now.timestamp_nanos_opt().unwrap_or_default();
    let base = involved.name.clone().unwrap_or_default();
    let namespace = involved
        .namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".to_owned());
    let event = Event {
        metadata: ObjectMeta {
            name: Some(format!("{base}.{:x}", nanos.unsigned_abs() + seq)),
            namespace: Some(namespace),
            ..ObjectMeta::default()
        },
        involved_object: involved,
        reason: Some(reason.to_owned()),
        message: Some(message.to_owned()),
        type_: Some(type_.to_owned()),
        source: Some(EventSource {
            component: Some(component.name().to_owned()),
            host: component.host(),
        }),
        reporting_component: Some(component.name().to_owned()),
        reporting_instance: Some(component.host().unwrap_or_default()),
        first_timestamp: Some(to_time(now)),
        last_timestamp: Some(to_time(now)),
        event_time: None::<MicroTime>,
        count: Some(1),
        ..Event::default()
    };
    if let Err(err) = store.create(&event) {
        tracing::debug!(%err, reason, "recording an event failed");
    }
}
