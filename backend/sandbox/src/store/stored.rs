//! How an object is kept: compact JSON text with its labels, selectable fields, uid and
//! owners parsed beside it; and how the change history keeps changes.

use super::*;

/// One stored object, kept as compact JSON text (a parsed `serde_json::Value` costs about
/// ten times more memory), with what selectors and indexes need kept parsed beside it.
#[derive(Debug)]
pub struct Stored {
    pub(super) json: Box<str>,
    pub(super) labels: Box<[(Box<str>, Box<str>)]>,
    /// The values of the resource's selectable fields (`status.phase`,
    /// `involvedObject.name`, ...), so field selectors need no parse.
    pub(super) fields: Box<[(&'static str, Box<str>)]>,
    pub(super) uid: Box<str>,
    pub(super) owners: Box<[Box<str>]>,
}

impl Stored {
    pub(super) fn new(r: &ResourceInfo, v: &Value) -> Self {
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
            fields: crate::selectors::supported_fields(r)
                .iter()
                .map(|f| (*f, crate::selectors::field_value(v, f).into()))
                .collect(),
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

    /// The value of a selectable field, as field selectors compare it.
    pub(super) fn field(&self, path: &str) -> String {
        self.fields
            .iter()
            .find(|(f, _)| *f == path)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    }

    pub(super) fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| &**v)
    }

    pub(super) fn typed<K: DeserializeOwned>(&self) -> Result<K, Error> {
        serde_json::from_str(&self.json).map_err(Error::internal)
    }
}

/// A change as the history keeps it (compact), turned into a [`Change`] on replay.
#[derive(Debug)]
pub(super) struct Hist {
    pub(super) namespace: Box<str>,
    pub(super) kind: ChangeKind,
    pub(super) resource: &'static ResourceInfo,
    pub(super) object: Arc<Stored>,
    pub(super) old: Option<Arc<Stored>>,
    pub(super) resource_version: u64,
}

impl Hist {
    pub(super) fn change(&self) -> Change {
        Change {
            kind: self.kind,
            resource: self.resource,
            object: Arc::new(self.object.value()),
            old: self.old.as_ref().map(|o| Arc::new(o.value())),
            resource_version: self.resource_version,
        }
    }
}
