//! Deletion: preconditions, propagation (Background, Foreground, Orphan), finalizers and
//! `deletionTimestamp`, deletecollection, and namespace deletion.

use super::*;

impl Store {
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

    pub(super) fn delete_inner(
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

    pub(super) fn orphan_dependents(&self, state: &mut State, uid: &str) {
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

    pub(super) fn purge_namespace(&self, state: &mut State, namespace: &str) {
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

pub(super) fn dry_run_gone(opts: &DeleteOptions, fins: &[String]) -> bool {
    opts.dry_run && fins.is_empty()
}
