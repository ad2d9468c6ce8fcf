//! The sandbox's storage: every object of every resource, with the API server's write
//! semantics (resourceVersion, uid, generation, defaulting, validation, conflicts,
//! finalizers, owner references) and a change feed for watches and controllers.
//!
//! # API for controllers (Job controller, scheduler, kubelet)
//!
//! [`Store`] is cheap to clone. Every method works on the real k8s-openapi types; `namespace`
//! is `""` for cluster-scoped objects (nodes, namespaces):
//!
//! ```ignore
//! let store = sandbox.store();
//! let job: Job = store.get::<Job>("demo-project", "pi")?;
//! let pods = store.list::<Pod>(Some("demo-project"), &ListParams::labels("job-name=pi"))?;
//! let pod: Pod = store.create(&pod)?;                  // defaults applied, uid/rv set
//! let job = store.update_status(&job)?;                // 409 if job's resourceVersion is stale
//! let job = store.modify_status::<Job>("ns", "pi", |job| { /* edit in place */ Ok(()) })?; // no conflicts
//! store.delete::<Pod>("ns", "pi-abcde", &DeleteOptions::background())?;
//! let mut changes = store.watch::<Pod>(None, None)?;  // Stream of WatchEvent<Pod>, from now
//! let mut all = store.subscribe();                    // every change of every resource, raw
//! ```
//!
//! - `update` ignores `status` of resources with a status subresource (Jobs, Pods), and
//!   `update_status` ignores everything but `status`, as the API server does.
//! - `modify` / `modify_status` run a closure on the current object under the store's lock,
//!   so a controller never sees a 409.
//! - `list` returns a [`List`] whose `resource_version` a later `watch(.., Some(rv))` resumes
//!   from without a gap.
//! - Deleting an object with finalizers sets `deletionTimestamp`; it goes away when an update
//!   removes the last finalizer. `propagationPolicy` Background/Foreground/Orphan work as in
//!   Kubernetes (the garbage collector in `controllers::gc` deletes dependents).
//!
//! The untyped `*_raw` methods are what the HTTP layer uses; they take and give JSON.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::task::{Context, Poll};

use chrono::SecondsFormat;
use futures::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use tokio::sync::{mpsc, watch};

use crate::clock::Clock;
use crate::error::{Error, FieldError};
use crate::resources::{self, ResourceInfo};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::{defaults, validation};

mod delete;
mod index;
mod quota;
mod raw;
mod stored;
mod typed;
mod watching;

use quota::{check_pod_quota, refresh_quota};
pub use raw::RawList;
use stored::Hist;
pub use stored::Stored;
pub use watching::{RawWatch, TypedWatch};

/// How many changes the store remembers for watches that resume from a resourceVersion.
pub const HISTORY: usize = 50_000;

/// What happened to an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Created.
    Added,
    /// Updated (including a deletionTimestamp being set).
    Modified,
    /// Removed from storage.
    Deleted,
}

impl ChangeKind {
    /// The watch event type: `ADDED`, `MODIFIED`, `DELETED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "ADDED",
            Self::Modified => "MODIFIED",
            Self::Deleted => "DELETED",
        }
    }
}

/// One change of one object, as the store's feed carries it.
#[derive(Debug, Clone)]
pub struct Change {
    /// Added, modified or deleted.
    pub kind: ChangeKind,
    /// The object's resource.
    pub resource: &'static ResourceInfo,
    /// The object after the change (for `Deleted`, the last state, with the deletion's rv).
    pub object: Arc<Value>,
    /// The object before the change (for `Modified` and `Deleted`).
    pub old: Option<Arc<Value>>,
    /// The store's resourceVersion after the change.
    pub resource_version: u64,
}

/// Parameters of a list (and of the initial state of a watch).
#[derive(Debug, Clone, Default)]
pub struct ListParams {
    /// A label selector string (`app=x,tier in (a,b)`).
    pub label_selector: Option<String>,
    /// A field selector string (`status.phase=Running`).
    pub field_selector: Option<String>,
    /// Page size.
    pub limit: Option<usize>,
    /// The `continue` token of the previous page.
    pub continue_token: Option<String>,
}

impl ListParams {
    /// Only objects whose labels match `selector`.
    pub fn labels(selector: &str) -> Self {
        Self {
            label_selector: Some(selector.to_owned()),
            ..Self::default()
        }
    }

    /// Only objects whose fields match `selector`.
    pub fn fields(selector: &str) -> Self {
        Self {
            field_selector: Some(selector.to_owned()),
            ..Self::default()
        }
    }
}

/// One page of a typed list.
#[derive(Debug, Clone)]
pub struct List<K> {
    /// The objects, sorted by namespace then name.
    pub items: Vec<K>,
    /// The store's resourceVersion at the time of the list.
    pub resource_version: u64,
    /// The token for the next page, when `limit` cut the list short.
    pub continue_token: Option<String>,
    /// How many objects the next pages hold.
    pub remaining: Option<usize>,
}

/// Deletion propagation, as `DeleteOptions.propagationPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propagation {
    /// Delete the owner now; the garbage collector deletes dependents afterwards.
    Background,
    /// Keep the owner (with `deletionTimestamp`) until its dependents are gone.
    Foreground,
    /// Delete the owner; its dependents lose their owner reference and stay.
    Orphan,
}

/// Options of a delete.
#[derive(Debug, Clone, Default)]
pub struct DeleteOptions {
    /// `propagationPolicy`; `None` uses the resource's default (Orphan for Jobs, as
    /// batch/v1 does; Background otherwise).
    pub propagation: Option<Propagation>,
    /// `preconditions.uid`.
    pub precondition_uid: Option<String>,
    /// `preconditions.resourceVersion`.
    pub precondition_resource_version: Option<String>,
    /// `dryRun=All`: validate and answer, store nothing.
    pub dry_run: bool,
}

impl DeleteOptions {
    /// Background propagation (what kubectl sends).
    pub fn background() -> Self {
        Self {
            propagation: Some(Propagation::Background),
            ..Self::default()
        }
    }

    /// Foreground propagation.
    pub fn foreground() -> Self {
        Self {
            propagation: Some(Propagation::Foreground),
            ..Self::default()
        }
    }

    /// Orphan propagation.
    pub fn orphan() -> Self {
        Self {
            propagation: Some(Propagation::Orphan),
            ..Self::default()
        }
    }
}

/// What a delete did.
#[derive(Debug, Clone)]
pub enum Deleted<T> {
    /// The object is gone; its last state.
    Gone(T),
    /// The object waits for finalizers; its state with `deletionTimestamp`.
    Pending(T),
}

impl<T> Deleted<T> {
    /// The object, gone or pending.
    pub fn into_inner(self) -> T {
        match self {
            Self::Gone(t) | Self::Pending(t) => t,
        }
    }
}

/// Which part of an object an update writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Everything but `status` (for resources with a status subresource).
    Main,
    /// Only `status`.
    Status,
}

/// A typed watch event.
#[derive(Debug, Clone)]
pub enum WatchEvent<K> {
    /// Created (or, for a watch without resourceVersion, existing at the start).
    Added(K),
    /// Updated.
    Modified(K),
    /// Deleted.
    Deleted(K),
}

type ObjectKey = (String, String);

struct Watcher {
    resource: Option<&'static ResourceInfo>,
    namespace: Option<String>,
    tx: mpsc::UnboundedSender<Change>,
}

struct State {
    rv: u64,
    objects: HashMap<&'static str, BTreeMap<ObjectKey, Arc<Stored>>>,
    /// owner uid → dependents (resource key, namespace, name).
    owners: HashMap<String, HashSet<(&'static str, String, String)>>,
    history: VecDeque<Hist>,
    /// Every change with a resourceVersion above this one is in `history`.
    oldest: u64,
    watchers: Vec<Watcher>,
    /// uid → (resource key, namespace, name).
    uids: HashMap<String, (&'static str, String, String)>,
    /// uids the garbage collector must look at (deleted owners, foreground deletions).
    gc_queue: Vec<String>,
}

struct Inner {
    state: RwLock<State>,
    /// Set while the garbage collector drains its queue (it calls back into the store).
    gc_running: std::sync::atomic::AtomicBool,
    clock: Clock,
    /// Carries the resourceVersion after each write, for the state-file writer.
    written: watch::Sender<u64>,
}

/// The storage handle. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("resource_version", &self.resource_version())
            .finish()
    }
}

fn meta(obj: &Value) -> Option<&Map<String, Value>> {
    obj.get("metadata").and_then(Value::as_object)
}

fn meta_str<'a>(obj: &'a Value, key: &str) -> &'a str {
    meta(obj)
        .and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn meta_mut(obj: &mut Value) -> Option<&mut Map<String, Value>> {
    let o = obj.as_object_mut()?;
    let m = o.entry("metadata").or_insert_with(|| json!({}));
    if !m.is_object() {
        *m = json!({});
    }
    m.as_object_mut()
}

fn set_rv(obj: &mut Value, rv: u64) {
    if let Some(m) = meta_mut(obj) {
        m.insert("resourceVersion".into(), json!(rv.to_string()));
    }
}

fn owner_uids(obj: &Value) -> Vec<String> {
    meta(obj)
        .and_then(|m| m.get("ownerReferences"))
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(|r| r.get("uid").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn finalizers(obj: &Value) -> Vec<String> {
    meta(obj)
        .and_then(|m| m.get("finalizers"))
        .and_then(Value::as_array)
        .map(|f| {
            f.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The parts of an object that count as its spec for `metadata.generation`.
fn spec_of(obj: &Value) -> Map<String, Value> {
    obj.as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| {
                    !matches!(k.as_str(), "metadata" | "status" | "apiVersion" | "kind")
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    String::from_utf8(bytes?).ok()
}

fn random_suffix() -> String {
    // Kubernetes' generateName alphabet: no vowels, no ambiguous characters.
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let bytes = uuid::Uuid::new_v4().into_bytes();
    bytes
        .iter()
        .take(5)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

fn to_typed<K: DeserializeOwned>(v: &Value) -> Result<K, Error> {
    serde_json::from_value(v.clone()).map_err(Error::internal)
}

fn resource_of<K: k8s_openapi::Resource>() -> Result<&'static ResourceInfo, Error> {
    resources::of::<K>().ok_or_else(|| Error::internal(format!("unknown resource {}", K::KIND)))
}

impl Store {
    /// An empty store on `clock`.
    pub fn new(clock: Clock) -> Self {
        let (written, _) = watch::channel(0);
        Self {
            inner: Arc::new(Inner {
                state: RwLock::new(State {
                    rv: 1,
                    objects: HashMap::new(),
                    owners: HashMap::new(),
                    uids: HashMap::new(),
                    gc_queue: Vec::new(),
                    history: VecDeque::new(),
                    oldest: 1,
                    watchers: Vec::new(),
                }),
                gc_running: std::sync::atomic::AtomicBool::new(false),
                clock,
                written,
            }),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.inner
            .state
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.inner
            .state
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The clock timestamps come from.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The store's current resourceVersion.
    pub fn resource_version(&self) -> u64 {
        self.read().rv
    }

    /// A receiver that changes after every write (for the state-file writer).
    pub fn written(&self) -> watch::Receiver<u64> {
        self.inner.written.subscribe()
    }

    fn now(&self) -> String {
        self.inner
            .clock
            .now()
            .to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}
