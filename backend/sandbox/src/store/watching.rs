//! Watches: the backlog from a resourceVersion (or every object), then live changes; 410
//! Gone once compacted.

use super::*;

impl Store {
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
    pub(super) raw: RawWatch,
    pub(super) _k: std::marker::PhantomData<fn() -> K>,
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
