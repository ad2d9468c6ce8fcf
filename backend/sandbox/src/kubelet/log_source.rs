//! The kubelet's side of `pods/{name}/log`: plugged into the API server as its
//! [`LogSource`](crate::LogSource), it checks the container's state (waiting, no previous
//! run) and streams the selected lines, following the run until it ends when asked.

use chrono::{DateTime, Utc};
use futures::StreamExt;
use futures::future::BoxFuture;
use k8s_openapi::api::core::v1::Pod;

use super::logs::{LogError, LogOptions, Logs, Source, format_line, render};
use crate::error::Error;
use crate::store::Store;
use crate::{LogParams, LogSource, LogStream};

/// Container logs served from the kubelet's [`Logs`].
pub(crate) struct KubeletLogs {
    pub store: Store,
    pub logs: Logs,
}

fn options(params: LogParams) -> Result<LogOptions, Error> {
    let since_time = match params.since_time.as_deref().filter(|s| !s.is_empty()) {
        Some(t) => Some(
            DateTime::parse_from_rfc3339(t)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| Error::BadRequest(format!("invalid sinceTime: {t}")))?,
        ),
        None => None,
    };
    Ok(LogOptions {
        container: params.container,
        follow: params.follow,
        tail_lines: params.tail_lines,
        since_seconds: params.since_seconds,
        since_time,
        timestamps: params.timestamps,
        previous: params.previous,
        limit_bytes: params.limit_bytes,
    })
}

struct Follow {
    logs: Logs,
    namespace: String,
    pod: String,
    container: String,
    sent: usize,
    budget: Option<usize>,
    timestamps: bool,
    rx: tokio::sync::watch::Receiver<u64>,
}

impl Follow {
    /// The next chunk of new lines, or `None` when the run has ended.
    async fn next(mut self) -> Option<(bytes::Bytes, Self)> {
        loop {
            if self.budget == Some(0) {
                return None;
            }
            let instance =
                self.logs
                    .instance(&self.namespace, &self.pod, &self.container, false)?;
            if instance.lines.len() < self.sent {
                // The container restarted: this run is over.
                return None;
            }
            if instance.lines.len() > self.sent {
                let mut chunk = String::new();
                for line in &instance.lines[self.sent..] {
                    chunk.push_str(&format_line(line, self.timestamps));
                }
                self.sent = instance.lines.len();
                if let Some(budget) = self.budget.as_mut() {
                    let mut cut = chunk.len().min(*budget);
                    while !chunk.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    chunk.truncate(cut);
                    *budget -= cut;
                }
                return Some((bytes::Bytes::from(chunk), self));
            }
            if instance.ended {
                return None;
            }
            self.rx.changed().await.ok()?;
        }
    }
}

impl LogSource for KubeletLogs {
    fn logs(
        &self,
        namespace: &str,
        pod: &str,
        params: LogParams,
    ) -> BoxFuture<'static, Result<LogStream, Error>> {
        let store = self.store.clone();
        let logs = self.logs.clone();
        let namespace = namespace.to_owned();
        let pod_name = pod.to_owned();
        Box::pin(async move {
            let opts = options(params)?;
            let pod: Pod = store.get(&namespace, &pod_name)?;
            let rx = logs.subscribe();
            let container = match super::logs::resolve(&pod, &opts, &logs) {
                Ok(Source::Unscheduled) => return Ok(futures::stream::empty().boxed()),
                Ok(Source::Container(c)) => c,
                Err(LogError::BadRequest(message)) => return Err(Error::BadRequest(message)),
            };
            let instance = logs
                .instance(&namespace, &pod_name, &container, opts.previous)
                .unwrap_or_default();
            let now = store.clock().now();
            let text = render(&instance.lines, &opts, now);
            let first =
                futures::stream::iter((!text.is_empty()).then(|| bytes::Bytes::from(text.clone())));
            if !opts.follow || opts.previous || instance.ended {
                return Ok(first.boxed());
            }
            let follow = Follow {
                logs,
                namespace,
                pod: pod_name,
                container,
                sent: instance.lines.len(),
                budget: opts
                    .limit_bytes
                    .and_then(|l| usize::try_from(l).ok())
                    .map(|l| l.saturating_sub(text.len())),
                timestamps: opts.timestamps,
                rx,
            };
            let rest = futures::stream::unfold(follow, Follow::next);
            Ok(first.chain(rest).boxed())
        })
    }
}
