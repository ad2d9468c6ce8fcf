//! The untyped write and read path the HTTP layer uses: get, list, create, update (and
//! patch through `update_with`), with defaulting, validation and conflicts.

use super::*;

impl Store {
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
                .filter(|(key, v)| {
                    labels.matches_with(|k| v.label(k))
                        && (fields.is_empty()
                            || fields.matches_with(|f| match f {
                                "metadata.name" => key.1.clone(),
                                "metadata.namespace" => key.0.clone(),
                                other => v.field(other),
                            }))
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

    /// Reads the current object, lets `edit` compute the new one (without calling the store),
    /// and writes it, all under the store's lock: the primitive behind update, patch and
    /// `modify`.
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

    pub(super) fn update_with_inner(
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
}

/// Computes the object an update stores: system metadata kept from `current`, and either the
/// status (main update) or everything but the status (status update) kept from `current`.
pub(super) fn merge_update(r: &ResourceInfo, current: &Value, edited: Value, part: Part) -> Value {
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
