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

/// One stored object, kept as compact JSON text (a parsed `serde_json::Value` costs about
/// ten times more memory), with what selectors and indexes need kept parsed beside it.
#[derive(Debug)]
pub struct Stored {
    json: Box<str>,
    labels: Box<[(Box<str>, Box<str>)]>,
    uid: Box<str>,
    owners: Box<[Box<str>]>,
}

impl Stored {
    fn new(v: &Value) -> Self {
        let labels = meta(v)
            .and_then(|m| m.get("labels"))
            .and_then(Value::as_object)
            .map(|l| {
                l.iter()
                    .map(|(k, v)| (k.as_str().into(), v.as_str().unwrap_or_default().into()))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            json: serde_json::to_string(v).unwrap_or_default().into(),
            labels,
            uid: meta_str(v, "uid").into(),
            owners: owner_uids(v).into_iter().map(Into::into).collect(),
        }
    }

    /// The object's JSON text.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The object, parsed.
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.json).unwrap_or(Value::Null)
    }

    fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| &**v)
    }

    fn typed<K: DeserializeOwned>(&self) -> Result<K, Error> {
        serde_json::from_str(&self.json).map_err(Error::internal)
    }
}

/// A change as the history keeps it (compact), turned into a [`Change`] on replay.
#[derive(Debug)]
struct Hist {
    namespace: Box<str>,
    kind: ChangeKind,
    resource: &'static ResourceInfo,
    object: Arc<Stored>,
    old: Option<Arc<Stored>>,
    resource_version: u64,
}

impl Hist {
    fn change(&self) -> Change {
        Change {
            kind: self.kind,
            resource: self.resource,
            object: Arc::new(self.object.value()),
            old: self.old.as_ref().map(|o| Arc::new(o.value())),
            resource_version: self.resource_version,
        }
    }
}

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

    // ----- typed API -----

    /// Gets one object; `namespace` is `""` for cluster-scoped resources.
    pub fn get<K>(&self, namespace: &str, name: &str) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + DeserializeOwned,
    {
        self.get_stored(resource_of::<K>()?, namespace, name)?
            .typed()
    }

    /// Lists objects in one namespace (`Some`) or all (`None`).
    pub fn list<K>(&self, namespace: Option<&str>, params: &ListParams) -> Result<List<K>, Error>
    where
        K: k8s_openapi::Resource + DeserializeOwned,
    {
        let raw = self.list_raw(resource_of::<K>()?, namespace, params)?;
        Ok(List {
            items: raw
                .items
                .iter()
                .map(|v| v.typed())
                .collect::<Result<_, _>>()?,
            resource_version: raw.resource_version,
            continue_token: raw.continue_token,
            remaining: raw.remaining,
        })
    }

    /// Creates an object (namespace taken from its metadata), with defaults applied.
    pub fn create<K>(&self, obj: &K) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + Serialize + DeserializeOwned,
    {
        let r = resource_of::<K>()?;
        let value = serde_json::to_value(obj).map_err(Error::internal)?;
        let ns = meta_str(&value, "namespace").to_owned();
        to_typed(&self.create_raw(r, &ns, value, false)?)
    }

    /// Replaces an object's spec and metadata (not its status); 409 on a stale
    /// resourceVersion, unconditional when the object carries none.
    pub fn update<K>(&self, obj: &K) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + Serialize + DeserializeOwned,
    {
        self.update_part(obj, Part::Main)
    }

    /// Replaces an object's status only; 409 on a stale resourceVersion.
    pub fn update_status<K>(&self, obj: &K) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + Serialize + DeserializeOwned,
    {
        self.update_part(obj, Part::Status)
    }

    fn update_part<K>(&self, obj: &K, part: Part) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + Serialize + DeserializeOwned,
    {
        let r = resource_of::<K>()?;
        let value = serde_json::to_value(obj).map_err(Error::internal)?;
        let ns = meta_str(&value, "namespace").to_owned();
        let name = meta_str(&value, "name").to_owned();
        to_typed(&self.update_raw(r, &ns, &name, value, part, false)?)
    }

    /// Reads, edits and writes an object atomically (spec and metadata).
    pub fn modify<K>(
        &self,
        namespace: &str,
        name: &str,
        edit: impl FnOnce(&mut K) -> Result<(), Error>,
    ) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + Serialize + DeserializeOwned,
    {
        self.modify_part(namespace, name, Part::Main, edit)
    }

    /// Reads, edits and writes an object's status atomically.
    pub fn modify_status<K>(
        &self,
        namespace: &str,
        name: &str,
        edit: impl FnOnce(&mut K) -> Result<(), Error>,
    ) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + Serialize + DeserializeOwned,
    {
        self.modify_part(namespace, name, Part::Status, edit)
    }

    fn modify_part<K>(
        &self,
        namespace: &str,
        name: &str,
        part: Part,
        edit: impl FnOnce(&mut K) -> Result<(), Error>,
    ) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + Serialize + DeserializeOwned,
    {
        let r = resource_of::<K>()?;
        let out = self.update_with(r, namespace, name, part, false, |current| {
            let mut typed: K = to_typed(current)?;
            edit(&mut typed)?;
            serde_json::to_value(&typed).map_err(Error::internal)
        })?;
        to_typed(&out)
    }

    /// Deletes an object.
    pub fn delete<K>(
        &self,
        namespace: &str,
        name: &str,
        opts: &DeleteOptions,
    ) -> Result<Deleted<K>, Error>
    where
        K: k8s_openapi::Resource + DeserializeOwned,
    {
        Ok(
            match self.delete_raw(resource_of::<K>()?, namespace, name, opts)? {
                Deleted::Gone(v) => Deleted::Gone(to_typed(&v)?),
                Deleted::Pending(v) => Deleted::Pending(to_typed(&v)?),
            },
        )
    }

    /// Watches one resource in one namespace (`Some`) or all (`None`). With
    /// `resource_version` `None`, it starts with an `Added` for every existing object; with
    /// `Some(rv)` it replays every change after `rv` (410 Gone when `rv` is too old).
    pub fn watch<K>(
        &self,
        namespace: Option<&str>,
        resource_version: Option<u64>,
    ) -> Result<TypedWatch<K>, Error>
    where
        K: k8s_openapi::Resource + DeserializeOwned,
    {
        let raw = self.watch_raw(resource_of::<K>()?, namespace, resource_version)?;
        Ok(TypedWatch {
            raw,
            _k: std::marker::PhantomData,
        })
    }

    /// Every change of every resource from now on.
    pub fn subscribe(&self) -> mpsc::UnboundedReceiver<Change> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.write().watchers.push(Watcher {
            resource: None,
            namespace: None,
            tx,
        });
        rx
    }

    // ----- untyped API -----

    /// Gets one object as JSON.
    pub fn get_raw(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        name: &str,
    ) -> Result<Arc<Value>, Error> {
        Ok(Arc::new(self.get_stored(r, namespace, name)?.value()))
    }

    /// Gets one object as stored (its JSON text).
    pub fn get_stored(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        name: &str,
    ) -> Result<Arc<Stored>, Error> {
        let ns = if r.namespaced { namespace } else { "" };
        self.read()
            .objects
            .get(r.qualified)
            .and_then(|m| m.get(&(ns.to_owned(), name.to_owned())))
            .cloned()
            .ok_or_else(|| Error::NotFound {
                resource: r,
                name: name.to_owned(),
            })
    }

    /// Lists objects as JSON.
    pub fn list_raw(
        &self,
        r: &'static ResourceInfo,
        namespace: Option<&str>,
        params: &ListParams,
    ) -> Result<RawList, Error> {
        let labels = LabelSelector::parse(params.label_selector.as_deref().unwrap_or_default())?;
        let fields = FieldSelector::parse(params.field_selector.as_deref().unwrap_or_default(), r)?;
        let namespace = if r.namespaced {
            namespace
                .filter(|n| !n.is_empty())
                .or_else(|| fields.required("metadata.namespace"))
        } else {
            None
        };
        let start: Option<ObjectKey> = match params.continue_token.as_deref() {
            None | Some("") => None,
            Some(token) => {
                let decoded = unhex(token)
                    .ok_or_else(|| Error::BadRequest("continue key is not valid".to_owned()))?;
                let mut parts = decoded.splitn(3, '\u{0}');
                let _rv = parts.next();
                match (parts.next(), parts.next()) {
                    (Some(ns), Some(name)) => Some((ns.to_owned(), name.to_owned())),
                    _ => return Err(Error::BadRequest("continue key is not valid".to_owned())),
                }
            }
        };
        let limit = params.limit.filter(|l| *l > 0);
        let state = self.read();
        let mut items = Vec::new();
        let mut continue_token = None;
        let mut remaining = None;
        if let Some(map) = state.objects.get(r.qualified) {
            use std::ops::Bound;
            let lower = match (&start, namespace) {
                (Some(k), _) => Bound::Excluded(k.clone()),
                (None, Some(ns)) => Bound::Included((ns.to_owned(), String::new())),
                (None, None) => Bound::Unbounded,
            };
            let mut iter = map
                .range((lower, Bound::Unbounded))
                .take_while(|((ns, _), _)| namespace.is_none_or(|want| ns == want))
                .filter(|(_, v)| {
                    labels.matches_with(|k| v.label(k))
                        && (fields.is_empty() || fields.matches(&v.value()))
                });
            for (key, v) in iter.by_ref() {
                items.push(v.clone());
                if limit.is_some_and(|l| items.len() >= l) {
                    let token = format!("{}\u{0}{}\u{0}{}", state.rv, key.0, key.1);
                    continue_token = Some(hex(&token));
                    break;
                }
            }
            if continue_token.is_some() {
                let left = iter.count();
                if left == 0 {
                    continue_token = None;
                } else {
                    remaining = Some(left);
                }
            }
        }
        Ok(RawList {
            items,
            resource_version: state.rv,
            continue_token,
            remaining,
        })
    }

    /// Creates an object from JSON. `namespace` is the request's namespace; the body's must
    /// match it or be empty.
    pub fn create_raw(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        mut obj: Value,
        dry_run: bool,
    ) -> Result<Value, Error> {
        if !obj.is_object() {
            return Err(Error::BadRequest(
                "the body of the request must be an object".to_owned(),
            ));
        }
        let now = self.now();
        {
            let api_version = r.api_version();
            if let Some(o) = obj.as_object_mut() {
                o.insert("apiVersion".into(), json!(api_version));
                o.insert("kind".into(), json!(r.kind));
            }
        }
        let body_ns = meta_str(&obj, "namespace").to_owned();
        let ns = if r.namespaced {
            if !body_ns.is_empty() && !namespace.is_empty() && body_ns != namespace {
                return Err(Error::BadRequest(
                    "the namespace of the provided object does not match the namespace sent on the request".to_owned(),
                ));
            }
            if namespace.is_empty() {
                body_ns
            } else {
                namespace.to_owned()
            }
        } else {
            String::new()
        };
        let mut state = self.write();
        if r.namespaced {
            if ns.is_empty() {
                return Err(Error::BadRequest(
                    "the server could not find the requested resource".to_owned(),
                ));
            }
            let exists = state
                .objects
                .get("namespaces")
                .is_some_and(|m| m.contains_key(&(String::new(), ns.clone())));
            if !exists {
                return Err(Error::NotFound {
                    resource: resources::known("namespaces"),
                    name: ns,
                });
            }
        }
        let mut name = meta_str(&obj, "name").to_owned();
        let generate = meta_str(&obj, "generateName").to_owned();
        if name.is_empty() && !generate.is_empty() {
            name = format!("{generate}{}", random_suffix());
        }
        {
            let uid = uuid::Uuid::new_v4().to_string();
            let Some(m) = meta_mut(&mut obj) else {
                return Err(Error::BadRequest(
                    "the body of the request must be an object".to_owned(),
                ));
            };
            m.insert("name".into(), json!(name));
            if r.namespaced {
                m.insert("namespace".into(), json!(ns));
            } else {
                m.remove("namespace");
            }
            m.insert("uid".into(), json!(uid));
            m.insert("creationTimestamp".into(), json!(now));
            for k in [
                "resourceVersion",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "managedFields",
                "selfLink",
            ] {
                m.remove(k);
            }
            if r.has_status() && r.qualified != "namespaces" && r.qualified != "nodes" {
                m.insert("generation".into(), json!(1));
            }
        }
        defaults::on_create(r, &mut obj, &now);
        let causes = validation::validate(r, None, &obj);
        if name.is_empty() && !causes.iter().any(|c| c.field == "metadata.name") {
            return Err(Error::Invalid {
                resource: r,
                name,
                causes: vec![FieldError::required(
                    "metadata.name",
                    "name or generateName is required",
                )],
            });
        }
        if !causes.is_empty() {
            return Err(Error::Invalid {
                resource: r,
                name,
                causes,
            });
        }
        let key = (ns.clone(), name.clone());
        if state
            .objects
            .get(r.qualified)
            .is_some_and(|m| m.contains_key(&key))
        {
            return Err(Error::AlreadyExists { resource: r, name });
        }
        if r.qualified == "pods" {
            check_pod_quota(&state, &ns, &name)?;
        }
        if dry_run {
            return Ok(obj);
        }
        let rv = state.rv + 1;
        set_rv(&mut obj, rv);
        let obj = Arc::new(obj);
        self.commit(
            &mut state,
            r,
            key,
            Some(obj.clone()),
            None,
            ChangeKind::Added,
        );
        if r.qualified == "pods" {
            refresh_quota(self, &mut state, &ns);
        }
        drop(state);
        self.inner.written.send_replace(rv);
        if r.qualified == "namespaces" {
            // The ServiceAccount controller gives every namespace a `default` account.
            let sa = json!({"metadata": {"name": "default", "namespace": meta_str(&obj, "name")}});
            let _ = self.create_raw(
                resources::known("serviceaccounts"),
                meta_str(&obj, "name"),
                sa,
                false,
            );
        }
        Ok((*obj).clone())
    }

    /// Replaces an object from JSON (a PUT). `name` is the URL's name.
    pub fn update_raw(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        name: &str,
        obj: Value,
        part: Part,
        dry_run: bool,
    ) -> Result<Value, Error> {
        let body_name = meta_str(&obj, "name").to_owned();
        if !body_name.is_empty() && body_name != name {
            return Err(Error::BadRequest(format!(
                "the name of the object ({body_name}) does not match the name on the URL ({name})"
            )));
        }
        let body_ns = meta_str(&obj, "namespace").to_owned();
        if r.namespaced && !body_ns.is_empty() && body_ns != namespace {
            return Err(Error::BadRequest(
                "the namespace of the provided object does not match the namespace sent on the request".to_owned(),
            ));
        }
        let want_rv = meta_str(&obj, "resourceVersion").to_owned();
        self.update_with(r, namespace, name, part, dry_run, move |current| {
            if !want_rv.is_empty() && want_rv != meta_str(current, "resourceVersion") {
                return Err(Error::Conflict {
                    resource: r,
                    name: name.to_owned(),
                });
            }
            Ok(obj)
        })
    }

    /// Reads the current object, lets `edit` compute the new one, and writes it, all under
    /// the store's lock: the primitive behind update, patch and `modify`.
    pub fn update_with(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        name: &str,
        part: Part,
        dry_run: bool,
        edit: impl FnOnce(&Value) -> Result<Value, Error>,
    ) -> Result<Value, Error> {
        let out = self.update_with_inner(r, namespace, name, part, dry_run, edit);
        self.drain_gc();
        out
    }

    fn update_with_inner(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        name: &str,
        part: Part,
        dry_run: bool,
        edit: impl FnOnce(&Value) -> Result<Value, Error>,
    ) -> Result<Value, Error> {
        let ns = if r.namespaced {
            namespace.to_owned()
        } else {
            String::new()
        };
        let key = (ns.clone(), name.to_owned());
        let mut state = self.write();
        let current = state
            .objects
            .get(r.qualified)
            .and_then(|m| m.get(&key))
            .map(|s| Arc::new(s.value()))
            .ok_or_else(|| Error::NotFound {
                resource: r,
                name: name.to_owned(),
            })?;
        let edited = edit(&current)?;
        if !edited.is_object() {
            return Err(Error::BadRequest(
                "the body of the request must be an object".to_owned(),
            ));
        }
        let mut new = merge_update(r, &current, edited, part);
        if part == Part::Main {
            defaults::on_update(r, &mut new);
        }
        let causes = validation::validate(r, Some(&current), &new);
        if !causes.is_empty() {
            return Err(Error::Invalid {
                resource: r,
                name: name.to_owned(),
                causes,
            });
        }
        // Bump generation when the spec changed.
        if part == Part::Main
            && meta(&current).is_some_and(|m| m.contains_key("generation"))
            && spec_of(&current) != spec_of(&new)
        {
            let generation = meta(&current)
                .and_then(|m| m.get("generation"))
                .and_then(Value::as_i64)
                .unwrap_or(1);
            if let Some(m) = meta_mut(&mut new) {
                m.insert("generation".into(), json!(generation + 1));
            }
        }
        let deleting = meta(&new).is_some_and(|m| m.contains_key("deletionTimestamp"));
        if deleting && finalizers(&new).is_empty() {
            if dry_run {
                return Ok(new);
            }
            let rv = state.rv + 1;
            set_rv(&mut new, rv);
            let new = Arc::new(new);
            self.commit(
                &mut state,
                r,
                key,
                None,
                Some(new.clone()),
                ChangeKind::Deleted,
            );
            drop(state);
            self.inner.written.send_replace(rv);
            return Ok((*new).clone());
        }
        if *current == new || dry_run {
            return Ok(new);
        }
        let rv = state.rv + 1;
        set_rv(&mut new, rv);
        let new = Arc::new(new);
        self.commit(
            &mut state,
            r,
            key,
            Some(new.clone()),
            None,
            ChangeKind::Modified,
        );
        if r.qualified == "pods" {
            refresh_quota(self, &mut state, &ns);
        }
        drop(state);
        self.inner.written.send_replace(rv);
        Ok((*new).clone())
    }

    /// Deletes an object (see [`DeleteOptions`]).
    pub fn delete_raw(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        name: &str,
        opts: &DeleteOptions,
    ) -> Result<Deleted<Value>, Error> {
        let out = self.delete_inner(r, namespace, name, opts);
        self.drain_gc();
        out
    }

    fn delete_inner(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        name: &str,
        opts: &DeleteOptions,
    ) -> Result<Deleted<Value>, Error> {
        let ns = if r.namespaced {
            namespace.to_owned()
        } else {
            String::new()
        };
        let key = (ns.clone(), name.to_owned());
        let mut state = self.write();
        let current = state
            .objects
            .get(r.qualified)
            .and_then(|m| m.get(&key))
            .map(|s| Arc::new(s.value()))
            .ok_or_else(|| Error::NotFound {
                resource: r,
                name: name.to_owned(),
            })?;
        if let Some(uid) = &opts.precondition_uid {
            let actual = meta_str(&current, "uid");
            if uid != actual {
                return Err(Error::ConflictDetail {
                    resource: r,
                    name: name.to_owned(),
                    detail: format!(
                        "Precondition failed: UID in precondition: {uid}, UID in object meta: {actual}"
                    ),
                });
            }
        }
        if let Some(want) = &opts.precondition_resource_version {
            let actual = meta_str(&current, "resourceVersion");
            if want != actual {
                return Err(Error::ConflictDetail {
                    resource: r,
                    name: name.to_owned(),
                    detail: format!(
                        "Precondition failed: ResourceVersion in precondition: {want}, ResourceVersion in object meta: {actual}"
                    ),
                });
            }
        }
        let propagation = opts.propagation.unwrap_or(if r.qualified == "jobs.batch" {
            Propagation::Orphan
        } else {
            Propagation::Background
        });
        let uid = meta_str(&current, "uid").to_owned();
        let has_dependents = state.owners.get(&uid).is_some_and(|d| !d.is_empty());
        let mut fins = finalizers(&current);
        let already_deleting = meta(&current).is_some_and(|m| m.contains_key("deletionTimestamp"));
        if propagation == Propagation::Foreground
            && has_dependents
            && !fins.iter().any(|f| f == "foregroundDeletion")
        {
            fins.push("foregroundDeletion".to_owned());
        }
        if dry_run_gone(opts, &fins) {
            return Ok(Deleted::Gone((*current).clone()));
        }
        if opts.dry_run {
            return Ok(Deleted::Pending((*current).clone()));
        }
        if propagation == Propagation::Orphan && !already_deleting {
            self.orphan_dependents(&mut state, &uid);
        }
        let rv = state.rv + 1;
        if fins.is_empty() {
            let mut last = (*current).clone();
            set_rv(&mut last, rv);
            let last = Arc::new(last);
            self.commit(
                &mut state,
                r,
                key,
                None,
                Some(last.clone()),
                ChangeKind::Deleted,
            );
            if r.qualified == "namespaces" {
                self.purge_namespace(&mut state, name);
            }
            if r.qualified == "pods" {
                refresh_quota(self, &mut state, &ns);
            }
            let rv = state.rv;
            drop(state);
            self.inner.written.send_replace(rv);
            return Ok(Deleted::Gone((*last).clone()));
        }
        if already_deleting && fins == finalizers(&current) {
            return Ok(Deleted::Pending((*current).clone()));
        }
        let mut new = (*current).clone();
        {
            let now = self.now();
            if let Some(m) = meta_mut(&mut new) {
                if !m.contains_key("deletionTimestamp") {
                    m.insert("deletionTimestamp".into(), json!(now));
                    m.insert("deletionGracePeriodSeconds".into(), json!(0));
                }
                m.insert("finalizers".into(), json!(fins));
                m.insert("resourceVersion".into(), json!(rv.to_string()));
            }
        }
        let new = Arc::new(new);
        self.commit(
            &mut state,
            r,
            key,
            Some(new.clone()),
            None,
            ChangeKind::Modified,
        );
        state.gc_queue.push(uid);
        drop(state);
        self.inner.written.send_replace(rv);
        Ok(Deleted::Pending((*new).clone()))
    }

    /// Deletes every object a list with `params` would return (deletecollection).
    pub fn delete_collection_raw(
        &self,
        r: &'static ResourceInfo,
        namespace: Option<&str>,
        params: &ListParams,
        opts: &DeleteOptions,
    ) -> Result<Vec<Value>, Error> {
        let list = self.list_raw(
            r,
            namespace,
            &ListParams {
                limit: None,
                continue_token: None,
                ..params.clone()
            },
        )?;
        let mut out = Vec::new();
        for stored in list.items {
            let obj = stored.value();
            match self.delete_raw(r, meta_str(&obj, "namespace"), meta_str(&obj, "name"), opts) {
                Ok(d) => out.push(d.into_inner()),
                Err(Error::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// Starts a raw watch (see [`Store::watch`]).
    pub fn watch_raw(
        &self,
        r: &'static ResourceInfo,
        namespace: Option<&str>,
        resource_version: Option<u64>,
    ) -> Result<RawWatch, Error> {
        let namespace = namespace
            .filter(|n| !n.is_empty() && r.namespaced)
            .map(str::to_owned);
        let (tx, rx) = mpsc::unbounded_channel();
        let mut state = self.write();
        let mut initial = Vec::new();
        match resource_version {
            Some(rv) if rv > 0 => {
                if rv < state.oldest {
                    return Err(Error::Gone {
                        requested: rv,
                        oldest: state.oldest,
                    });
                }
                for h in &state.history {
                    if h.resource_version > rv
                        && std::ptr::eq(h.resource, r)
                        && namespace.as_deref().is_none_or(|ns| *h.namespace == *ns)
                    {
                        initial.push(Hist {
                            namespace: h.namespace.clone(),
                            kind: h.kind,
                            resource: h.resource,
                            object: h.object.clone(),
                            old: h.old.clone(),
                            resource_version: h.resource_version,
                        });
                    }
                }
            }
            _ => {
                if let Some(map) = state.objects.get(r.qualified) {
                    for ((ns, _), v) in map {
                        if namespace.as_deref().is_none_or(|want| want == ns) {
                            initial.push(Hist {
                                namespace: ns.as_str().into(),
                                kind: ChangeKind::Added,
                                resource: r,
                                object: v.clone(),
                                old: None,
                                resource_version: state.rv,
                            });
                        }
                    }
                }
            }
        }
        state.watchers.push(Watcher {
            resource: Some(r),
            namespace,
            tx,
        });
        Ok(RawWatch {
            initial: initial.into(),
            rx,
            start_rv: state.rv,
        })
    }

    /// Forgets the change history, as etcd compaction does: watches from any earlier
    /// resourceVersion get 410 Gone.
    pub fn compact(&self) {
        let mut state = self.write();
        state.history.clear();
        state.oldest = state.rv;
    }

    /// Every stored object, for the state file.
    pub fn snapshot(&self) -> String {
        let state = self.read();
        let mut out = format!("{{\"resourceVersion\":{},\"objects\":[", state.rv);
        let mut first = true;
        for map in state.objects.values() {
            for v in map.values() {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&v.json);
            }
        }
        out.push_str("]}");
        out
    }

    /// Loads objects from a state-file snapshot, as they were (no defaulting).
    pub fn restore(&self, snapshot: &Value) -> Result<(), Error> {
        let mut state = self.write();
        let rv = snapshot
            .get("resourceVersion")
            .and_then(Value::as_u64)
            .unwrap_or(1);
        for obj in snapshot
            .get("objects")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let api_version = obj
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let kind = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
            let Some(r) = resources::by_kind(api_version, kind) else {
                continue;
            };
            let key = (
                meta_str(obj, "namespace").to_owned(),
                meta_str(obj, "name").to_owned(),
            );
            let stored = Arc::new(Stored::new(obj));
            index_owners(&mut state.owners, r, &key, &stored.owners, true);
            state.uids.insert(
                stored.uid.to_string(),
                (r.qualified, key.0.clone(), key.1.clone()),
            );
            state
                .objects
                .entry(r.qualified)
                .or_default()
                .insert(key, stored);
        }
        state.rv = state.rv.max(rv);
        state.oldest = state.rv;
        Ok(())
    }

    /// The dependents of the object with `uid` (resource, namespace, name).
    pub fn dependents(&self, uid: &str) -> Vec<(&'static ResourceInfo, String, String)> {
        self.read()
            .owners
            .get(uid)
            .map(|d| {
                d.iter()
                    .map(|(k, ns, n)| (resources::known(k), ns.clone(), n.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether an object with this uid exists in `namespace` (any resource). Used by the
    /// garbage collector.
    pub fn uid_exists(
        &self,
        r: &'static ResourceInfo,
        namespace: &str,
        name: &str,
        uid: &str,
    ) -> bool {
        let ns = if r.namespaced { namespace } else { "" };
        self.read()
            .objects
            .get(r.qualified)
            .and_then(|m| m.get(&(ns.to_owned(), name.to_owned())))
            .is_some_and(|o| &*o.uid == uid)
    }

    /// The object with this uid, if it exists.
    pub fn get_by_uid(&self, uid: &str) -> Option<(&'static ResourceInfo, Arc<Value>)> {
        let state = self.read();
        let (rk, ns, name) = state.uids.get(uid)?;
        let obj = state
            .objects
            .get(rk)?
            .get(&(ns.clone(), name.clone()))?
            .value();
        Some((resources::known(rk), Arc::new(obj)))
    }

    /// Runs the garbage collector over the uids queued by deletes, until nothing is left.
    fn drain_gc(&self) {
        use std::sync::atomic::Ordering;
        loop {
            if self.inner.gc_running.swap(true, Ordering::AcqRel) {
                return;
            }
            loop {
                let queue = std::mem::take(&mut self.write().gc_queue);
                if queue.is_empty() {
                    break;
                }
                for uid in queue {
                    crate::controllers::gc::process(self, &uid);
                }
            }
            self.inner.gc_running.store(false, Ordering::Release);
            // Another thread may have queued work while this one was finishing.
            if self.read().gc_queue.is_empty() {
                return;
            }
        }
    }

    /// Stores (or removes, with `obj` None) an object at a new resourceVersion and tells the
    /// watchers.
    fn commit(
        &self,
        state: &mut State,
        r: &'static ResourceInfo,
        key: ObjectKey,
        obj: Option<Arc<Value>>,
        event: Option<Arc<Value>>,
        kind: ChangeKind,
    ) {
        state.rv += 1;
        let rv = state.rv;
        let new_stored = obj.as_ref().map(|o| Arc::new(Stored::new(o)));
        let map = state.objects.entry(r.qualified).or_default();
        let old = match &new_stored {
            Some(o) => map.insert(key.clone(), o.clone()),
            None => map.remove(&key),
        };
        if let Some(old) = &old {
            index_owners(&mut state.owners, r, &key, &old.owners, false);
            if obj.is_none() {
                let uid = old.uid.to_string();
                state.uids.remove(&uid);
                // The deleted object's dependents, and its owners (a foreground deletion
                // may be waiting for it), need the garbage collector's attention.
                state.gc_queue.push(uid);
                state
                    .gc_queue
                    .extend(old.owners.iter().map(|o| o.to_string()));
            }
        }
        if let Some(new) = &new_stored {
            index_owners(&mut state.owners, r, &key, &new.owners, true);
            state.uids.insert(
                new.uid.to_string(),
                (r.qualified, key.0.clone(), key.1.clone()),
            );
        }
        let hist_object = match (&event, &new_stored, &old) {
            (Some(e), _, _) => Arc::new(Stored::new(e)),
            (None, Some(n), _) => n.clone(),
            (None, None, Some(o)) => o.clone(),
            (None, None, None) => return,
        };
        state.history.push_back(Hist {
            namespace: key.0.as_str().into(),
            kind,
            resource: r,
            object: hist_object.clone(),
            old: old.clone(),
            resource_version: rv,
        });
        while state.history.len() > HISTORY {
            if let Some(evicted) = state.history.pop_front() {
                state.oldest = evicted.resource_version;
            }
        }
        let ns = &key.0;
        let wanted = |w: &Watcher| {
            w.resource.is_none_or(|wr| std::ptr::eq(wr, r))
                && w.namespace.as_deref().is_none_or(|wn| wn == ns)
        };
        if !state
            .watchers
            .iter()
            .any(|w| wanted(w) && !w.tx.is_closed())
        {
            state.watchers.retain(|w| !w.tx.is_closed());
            return;
        }
        let Some(object) = event
            .or(obj)
            .or_else(|| Some(Arc::new(hist_object.value())))
        else {
            return;
        };
        let change = Change {
            kind,
            resource: r,
            object,
            old: old.map(|o| Arc::new(o.value())),
            resource_version: rv,
        };
        state.watchers.retain(|w| {
            if w.tx.is_closed() {
                return false;
            }
            if wanted(w) {
                return w.tx.send(change.clone()).is_ok();
            }
            true
        });
    }

    fn orphan_dependents(&self, state: &mut State, uid: &str) {
        let deps: Vec<_> = state
            .owners
            .get(uid)
            .map(|d| d.iter().cloned().collect())
            .unwrap_or_default();
        for (rk, ns, name) in deps {
            let r = resources::known(rk);
            let key = (ns, name);
            let Some(cur) = state.objects.get(rk).and_then(|m| m.get(&key)).cloned() else {
                continue;
            };
            let mut new = cur.value();
            if let Some(m) = meta_mut(&mut new) {
                let refs: Vec<Value> = m
                    .get("ownerReferences")
                    .and_then(Value::as_array)
                    .map(|refs| {
                        refs.iter()
                            .filter(|o| o.get("uid").and_then(Value::as_str) != Some(uid))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                if refs.is_empty() {
                    m.remove("ownerReferences");
                } else {
                    m.insert("ownerReferences".into(), Value::Array(refs));
                }
            }
            let rv = state.rv + 1;
            set_rv(&mut new, rv);
            self.commit(
                state,
                r,
                key,
                Some(Arc::new(new)),
                None,
                ChangeKind::Modified,
            );
        }
    }

    fn purge_namespace(&self, state: &mut State, namespace: &str) {
        let mut doomed = Vec::new();
        for (rk, map) in &state.objects {
            for (key, _) in map.range((namespace.to_owned(), String::new())..) {
                if key.0 != namespace {
                    break;
                }
                doomed.push((*rk, key.clone()));
            }
        }
        for (rk, key) in doomed {
            let rv = state.rv + 1;
            let last = state.objects.get(rk).and_then(|m| m.get(&key)).map(|o| {
                let mut o = o.value();
                set_rv(&mut o, rv);
                Arc::new(o)
            });
            self.commit(
                state,
                resources::known(rk),
                key,
                None,
                last,
                ChangeKind::Deleted,
            );
        }
    }
}

fn dry_run_gone(opts: &DeleteOptions, fins: &[String]) -> bool {
    opts.dry_run && fins.is_empty()
}

fn index_owners(
    owners: &mut HashMap<String, HashSet<(&'static str, String, String)>>,
    r: &'static ResourceInfo,
    key: &ObjectKey,
    owner_list: &[Box<str>],
    add: bool,
) {
    for uid in owner_list {
        let entry = (r.qualified, key.0.clone(), key.1.clone());
        if add {
            owners.entry(uid.to_string()).or_default().insert(entry);
        } else if let Some(set) = owners.get_mut(&**uid) {
            set.remove(&entry);
            if set.is_empty() {
                owners.remove(&**uid);
            }
        }
    }
}

/// Computes the object an update stores: system metadata kept from `current`, and either the
/// status (main update) or everything but the status (status update) kept from `current`.
fn merge_update(r: &ResourceInfo, current: &Value, edited: Value, part: Part) -> Value {
    let mut new = match part {
        Part::Main => {
            let mut new = edited;
            if r.has_status()
                && let Some(o) = new.as_object_mut()
            {
                match current.get("status") {
                    Some(s) => o.insert("status".into(), s.clone()),
                    None => o.remove("status"),
                };
            }
            new
        }
        Part::Status => {
            let mut new = current.clone();
            if let Some(o) = new.as_object_mut() {
                match edited.get("status") {
                    Some(s) => o.insert("status".into(), s.clone()),
                    None => o.remove("status"),
                };
            }
            new
        }
    };
    if let Some(o) = new.as_object_mut() {
        o.insert("apiVersion".into(), json!(r.api_version()));
        o.insert("kind".into(), json!(r.kind));
    }
    let cur_meta = meta(current).cloned().unwrap_or_default();
    let Some(m) = meta_mut(&mut new) else {
        return new;
    };
    for k in [
        "name",
        "namespace",
        "uid",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "generation",
        "resourceVersion",
    ] {
        match cur_meta.get(k) {
            Some(v) => m.insert(k.into(), v.clone()),
            None => m.remove(k),
        };
    }
    m.remove("managedFields");
    m.remove("selfLink");
    new
}

/// Whether `ns` has any ResourceQuota (so pod counting is only paid where it matters).
fn has_quota(quotas: &BTreeMap<ObjectKey, Arc<Stored>>, ns: &str) -> bool {
    quotas
        .range((ns.to_owned(), String::new())..)
        .next()
        .is_some_and(|((qns, _), _)| qns == ns)
}

fn check_pod_quota(state: &State, ns: &str, name: &str) -> Result<(), Error> {
    let Some(quotas) = state.objects.get("resourcequotas") else {
        return Ok(());
    };
    if !has_quota(quotas, ns) {
        return Ok(());
    }
    let used = count_active_pods(state, ns);
    for ((qns, qname), q) in quotas.range((ns.to_owned(), String::new())..) {
        if qns != ns {
            break;
        }
        let q = q.value();
        let Some(hard) = q
            .pointer("/spec/hard/pods")
            .or_else(|| q.pointer("/spec/hard/count~1pods"))
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<usize>().ok())
        else {
            continue;
        };
        if used + 1 > hard {
            return Err(Error::Forbidden {
                message: format!(
                    "pods {name:?} is forbidden: exceeded quota: {qname}, requested: pods=1, used: pods={used}, limited: pods={hard}"
                ),
                name: name.to_owned(),
                group: String::new(),
                kind: "pods".to_owned(),
            });
        }
    }
    Ok(())
}

fn count_active_pods(state: &State, ns: &str) -> usize {
    state.objects.get("pods").map_or(0, |pods| {
        pods.range((ns.to_owned(), String::new())..)
            .take_while(|((pns, _), _)| pns == ns)
            .filter(|(_, p)| {
                !matches!(
                    p.value().pointer("/status/phase").and_then(Value::as_str),
                    Some("Succeeded" | "Failed")
                )
            })
            .count()
    })
}

/// Keeps `status.used.pods` of the namespace's quotas current.
fn refresh_quota(store: &Store, state: &mut State, ns: &str) {
    let Some(quotas) = state.objects.get("resourcequotas") else {
        return;
    };
    if !has_quota(quotas, ns) {
        return;
    }
    let used = count_active_pods(state, ns).to_string();
    let mut updates = Vec::new();
    for (key, q) in quotas.range((ns.to_owned(), String::new())..) {
        if key.0 != ns {
            break;
        }
        let q = q.value();
        let Some(hard) = q.pointer("/spec/hard").cloned() else {
            continue;
        };
        if q.pointer("/status/used/pods").and_then(Value::as_str) == Some(used.as_str()) {
            continue;
        }
        let mut new = q.clone();
        let mut used_map = new
            .pointer("/status/used")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        used_map.insert("pods".into(), json!(used));
        if let Some(o) = new.as_object_mut() {
            o.insert("status".into(), json!({ "hard": hard, "used": used_map }));
        }
        updates.push((key.clone(), new));
    }
    for (key, mut new) in updates {
        let rv = state.rv + 1;
        set_rv(&mut new, rv);
        store.commit(
            state,
            resources::known("resourcequotas"),
            key,
            Some(Arc::new(new)),
            None,
            ChangeKind::Modified,
        );
    }
}

/// One page of an untyped list.
#[derive(Debug, Clone)]
pub struct RawList {
    /// The objects, as stored (JSON text; [`Stored::value`] parses one).
    pub items: Vec<Arc<Stored>>,
    /// The store's resourceVersion at the time of the list.
    pub resource_version: u64,
    /// The next page's token.
    pub continue_token: Option<String>,
    /// How many objects the next pages hold.
    pub remaining: Option<usize>,
}

/// An untyped watch: the backlog, then live changes.
#[derive(Debug)]
pub struct RawWatch {
    /// Changes to send first (existing objects, or the replay after a resourceVersion).
    initial: VecDeque<Hist>,
    /// Live changes.
    pub rx: mpsc::UnboundedReceiver<Change>,
    /// The store's resourceVersion when the watch started.
    pub start_rv: u64,
}

impl RawWatch {
    /// How many backlog changes are left to send.
    pub fn initial_len(&self) -> usize {
        self.initial.len()
    }

    /// The next backlog change (parsed only now, so a large backlog stays compact).
    pub fn next_initial(&mut self) -> Option<Change> {
        self.initial.pop_front().map(|h| h.change())
    }

    /// The next change, backlog first; `None` when the store is gone.
    pub async fn next(&mut self) -> Option<Change> {
        if let Some(c) = self.next_initial() {
            return Some(c);
        }
        self.rx.recv().await
    }
}

impl Stream for RawWatch {
    type Item = Change;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Change>> {
        if let Some(c) = self.next_initial() {
            return Poll::Ready(Some(c));
        }
        self.rx.poll_recv(cx)
    }
}

/// A typed watch: a `Stream` of [`WatchEvent`]s.
#[derive(Debug)]
pub struct TypedWatch<K> {
    raw: RawWatch,
    _k: std::marker::PhantomData<fn() -> K>,
}

impl<K: DeserializeOwned> Stream for TypedWatch<K> {
    type Item = WatchEvent<K>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let change = match Pin::new(&mut self.raw).poll_next(cx) {
                Poll::Ready(Some(c)) => c,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            };
            // An object that fails to convert is skipped rather than ending the stream.
            let Ok(obj) = serde_json::from_value::<K>((*change.object).clone()) else {
                continue;
            };
            return Poll::Ready(Some(match change.kind {
                ChangeKind::Added => WatchEvent::Added(obj),
                ChangeKind::Modified => WatchEvent::Modified(obj),
                ChangeKind::Deleted => WatchEvent::Deleted(obj),
            }));
        }
    }
}

impl<K> Unpin for TypedWatch<K> {}
