//! The typed API of the store: k8s-openapi types in and out.

use super::*;

impl Store {
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

    pub(super) fn update_part<K>(&self, obj: &K, part: Part) -> Result<K, Error>
    where
        K: k8s_openapi::Resource + Serialize + DeserializeOwned,
    {
        let r = resource_of::<K>()?;
        let value = serde_json::to_value(obj).map_err(Error::internal)?;
        let ns = meta_str(&value, "namespace").to_owned();
        let name = meta_str(&value, "name").to_owned();
        to_typed(&self.update_raw(r, &ns, &name, value, part, false)?)
    }

    /// Reads, edits and writes an object atomically (spec and metadata). `edit` runs under
    /// the store's lock: it must not call the store (that would deadlock).
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

    /// Reads, edits and writes an object's status atomically. `edit` runs under the store's
    /// lock: it must not call the store.
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

    pub(super) fn modify_part<K>(
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

    /// Every change of every resource from now on. The channel is unbounded: keep reading it
    /// (or drop it) so changes do not pile up.
    pub fn subscribe(&self) -> mpsc::UnboundedReceiver<Change> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.write().watchers.push(Watcher {
            resource: None,
            namespace: None,
            tx,
        });
        rx
    }
}
