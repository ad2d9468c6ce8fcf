//! Watch over HTTP: a chunked stream of `{"type": ..., "object": ...}` lines, from a
//! resourceVersion (410 Gone as an ERROR event when it is too old), with label and field
//! selectors (an object leaving the selection is a DELETED), bookmarks, `sendInitialEvents`,
//! `timeoutSeconds`, and Table objects for kubectl's `get -w`.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Ctx, Target, resources::list_params, table};
use crate::Sandbox;
use crate::error::Error;
use crate::resources::ResourceInfo;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::{Change, ChangeKind, RawWatch};

/// How long a watch without `timeoutSeconds` lasts.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30 * 60);

#[derive(Serialize)]
struct Event<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    object: &'a Value,
}

fn line(kind: &str, object: &Value) -> Bytes {
    let mut v = serde_json::to_vec(&Event { kind, object }).unwrap_or_default();
    v.push(b'\n');
    Bytes::from(v)
}

struct State {
    sb: Sandbox,
    r: &'static ResourceInfo,
    raw: Option<RawWatch>,
    labels: LabelSelector,
    fields: FieldSelector,
    bookmarks: Option<tokio::time::Interval>,
    deadline: tokio::time::Instant,
    table: Option<String>,
    first: bool,
    last_rv: u64,
    pending: VecDeque<Bytes>,
    /// Initial events left before the initial-events-end bookmark (sendInitialEvents).
    initial_left: Option<usize>,
}

impl State {
    fn selected(&self, obj: &Value) -> bool {
        self.labels
            .matches(obj.pointer("/metadata/labels").and_then(Value::as_object))
            && self.fields.matches(obj)
    }

    fn encode(&mut self, kind: &str, obj: &std::sync::Arc<Value>) -> Bytes {
        match &self.table {
            None => line(kind, obj),
            Some(include) => {
                let t = table::rows_table(
                    self.sb.clock().now(),
                    include,
                    self.r,
                    std::slice::from_ref(obj),
                    None,
                    self.first,
                );
                self.first = false;
                line(kind, &t)
            }
        }
    }

    fn bookmark(&self, initial_end: bool) -> Bytes {
        let mut meta = json!({"resourceVersion": self.last_rv.to_string()});
        if initial_end && let Some(m) = meta.as_object_mut() {
            m.insert(
                "annotations".into(),
                json!({"k8s.io/initial-events-end": "true"}),
            );
        }
        line(
            "BOOKMARK",
            &json!({"kind": self.r.kind, "apiVersion": self.r.api_version(), "metadata": meta}),
        )
    }

    /// Turns a store change into zero or one event line, applying the selectors.
    fn on_change(&mut self, c: &Change) -> Option<Bytes> {
        self.last_rv = self.last_rv.max(c.resource_version);
        let now = self.selected(&c.object);
        let kind = match c.kind {
            ChangeKind::Added if now => "ADDED",
            ChangeKind::Deleted if now => "DELETED",
            ChangeKind::Modified => {
                let before = c.old.as_ref().is_some_and(|o| self.selected(o));
                match (before, now) {
                    (true, true) => "MODIFIED",
                    (false, true) => "ADDED",
                    (true, false) => "DELETED",
                    (false, false) => return None,
                }
            }
            _ => return None,
        };
        Some(self.encode(kind, &c.object))
    }

    async fn next_chunk(&mut self) -> Option<Bytes> {
        loop {
            if let Some(b) = self.pending.pop_front() {
                return Some(b);
            }
            if self.initial_left == Some(0) {
                self.initial_left = None;
                return Some(self.bookmark(true));
            }
            let raw = self.raw.as_mut()?;
            if let Some(c) = raw.next_initial() {
                if let Some(n) = self.initial_left.as_mut() {
                    *n = n.saturating_sub(1);
                }
                if let Some(b) = self.on_change(&c) {
                    return Some(b);
                }
                continue;
            }
            let bookmark_tick = async {
                match self.bookmarks.as_mut() {
                    Some(i) => {
                        i.tick().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                change = raw.rx.recv() => {
                    let c = change?;
                    if let Some(b) = self.on_change(&c) {
                        return Some(b);
                    }
                }
                () = tokio::time::sleep_until(self.deadline) => return None,
                () = bookmark_tick => {
                    return Some(self.bookmark(false));
                }
            }
        }
    }
}

fn parse_rv(s: Option<&str>) -> Result<Option<u64>, Error> {
    match s {
        None | Some("" | "0") => Ok(None),
        Some(v) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| Error::BadRequest(format!("invalid resource version: {v}"))),
    }
}

/// Serves a watch request.
pub(crate) fn serve(ctx: &Ctx, t: &Target) -> Result<Response, Error> {
    let r = t.resource;
    let params = list_params(ctx);
    let labels = LabelSelector::parse(params.label_selector.as_deref().unwrap_or_default())?;
    let mut field_sel = params.field_selector.clone().unwrap_or_default();
    if !t.name.is_empty() {
        if !field_sel.is_empty() {
            field_sel.push(',');
        }
        field_sel.push_str(&format!("metadata.name={}", t.name));
    }
    let fields = FieldSelector::parse(&field_sel, r)?;
    let rv = parse_rv(ctx.param("resourceVersion"))?;
    let send_initial = ctx.flag("sendInitialEvents");
    let start_rv = if send_initial { None } else { rv };
    let timeout = ctx
        .param("timeoutSeconds")
        .and_then(|t| t.parse::<u64>().ok())
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs);
    let ns = Some(t.namespace.as_str()).filter(|n| !n.is_empty());
    let bookmarks = ctx.flag("allowWatchBookmarks").then(|| {
        let every = ctx.sb.bookmark_interval();
        tokio::time::interval_at(tokio::time::Instant::now() + every, every)
    });
    let table = ctx
        .wants_table()
        .then(|| ctx.param("includeObject").unwrap_or("Metadata").to_owned());
    let mut state = State {
        sb: ctx.sb.clone(),
        r,
        raw: None,
        labels,
        fields,
        bookmarks,
        deadline: tokio::time::Instant::now() + timeout,
        table,
        first: true,
        last_rv: 0,
        pending: VecDeque::new(),
        initial_left: None,
    };
    match ctx.sb.store().watch_raw(r, ns, start_rv) {
        Ok(raw) => {
            state.last_rv = start_rv.unwrap_or(raw.start_rv);
            if send_initial && ctx.flag("allowWatchBookmarks") {
                state.initial_left = Some(raw.initial_len());
            }
            state.raw = Some(raw);
        }
        Err(e @ Error::Gone { .. }) => {
            state.pending.push_back(line("ERROR", &e.status()));
        }
        Err(e) => return Err(e),
    }
    let stream = futures::stream::unfold(state, |mut st| async move {
        let chunk = st.next_chunk().await?;
        Some((Ok::<Bytes, std::io::Error>(chunk), st))
    });
    Response::builder()
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(stream))
        .map_err(Error::internal)
}
