//! The bookkeeping of every write: the resourceVersion, the uid and owner indexes, the
//! change history and the watchers, the garbage collector's queue, and snapshots for the
//! state file.

use super::*;

impl Store {
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
            let stored = Arc::new(Stored::new(r, obj));
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
    pub(super) fn drain_gc(&self) {
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
    pub(super) fn commit(
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
        let new_stored = obj.as_ref().map(|o| Arc::new(Stored::new(r, o)));
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
            (Some(e), _, _) => Arc::new(Stored::new(r, e)),
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
}

pub(super) fn index_owners(
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
