//! The Job and TTL-after-finished controllers as a task: a Job is synced whenever it or one
//! of its pods changes, and again at the time its last sync asked for (back-off, active
//! deadline, TTL), on the sandbox clock. Each sync applies [`job::sync`]'s decisions to the
//! store: create pods, untrack and delete pods, write the status, untrack counted pods,
//! record events; then [`ttl::decide`] deletes an expired finished Job.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::Pod;
use serde_json::Value;

use super::events::{self, Component};
use super::job::{self, Sync};
use super::job_pods::{TRACKING_FINALIZER, random_suffix};
use super::ttl;
use crate::clock::Clock;
use crate::store::{ChangeKind, DeleteOptions, ListParams, Store};

type Key = (String, String);

/// The Job a change concerns: the Job itself or the controller owner of a pod.
fn job_key(resource: &str, object: &Value) -> Option<Key> {
    let namespace = object.pointer("/metadata/namespace")?.as_str()?.to_owned();
    match resource {
        "jobs.batch" => Some((
            namespace,
            object.pointer("/metadata/name")?.as_str()?.to_owned(),
        )),
        "pods" => {
            let owners = object.pointer("/metadata/ownerReferences")?.as_array()?;
            let owner = owners.iter().find(|o| {
                o.get("kind").and_then(Value::as_str) == Some("Job")
                    && o.get("controller").and_then(Value::as_bool) == Some(true)
            })?;
            Some((namespace, owner.get("name")?.as_str()?.to_owned()))
        }
        _ => None,
    }
}

fn remove_tracking(store: &Store, namespace: &str, name: &str) {
    let result = store.modify::<Pod>(namespace, name, |p| {
        if let Some(f) = p.metadata.finalizers.as_mut() {
            f.retain(|f| f != TRACKING_FINALIZER);
        }
        Ok(())
    });
    if let Err(err) = result {
        tracing::debug!(%err, pod = name, "removing the tracking finalizer failed");
    }
}

/// Removes the tracking finalizer from pods named for `name` whose owning Job is gone (or
/// was replaced by a new Job of the same name), so that their deletion completes.
fn release_orphans(store: &Store, namespace: &str, name: &str, job: Option<&Job>) {
    let live_uid = job.and_then(|j| j.metadata.uid.as_deref());
    let selector = format!("batch.kubernetes.io/job-name={name}");
    let Ok(pods) = store.list::<Pod>(Some(namespace), &ListParams::labels(&selector)) else {
        return;
    };
    for pod in pods.items {
        let owner = pod
            .metadata
            .owner_references
            .iter()
            .flatten()
            .find(|o| o.kind == "Job" && o.controller == Some(true))
            .map(|o| o.uid.as_str());
        let orphaned = owner.is_none_or(|o| Some(o) != live_uid);
        if orphaned && super::job_pods::is_tracked(&pod) {
            remove_tracking(
                store,
                namespace,
                pod.metadata.name.as_deref().unwrap_or_default(),
            );
        }
    }
}

/// Syncs one Job; returns when to look at it again.
pub fn sync_one(store: &Store, namespace: &str, name: &str) -> Option<DateTime<Utc>> {
    let job: Option<Job> = store.get(namespace, name).ok();
    release_orphans(store, namespace, name, job.as_ref());
    let job = job?;
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let selector = format!("batch.kubernetes.io/controller-uid={uid}");
    let pods: Vec<Pod> = store
        .list::<Pod>(Some(namespace), &ListParams::labels(&selector))
        .ok()?
        .items
        .into_iter()
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|o| o.uid == uid && o.controller == Some(true))
        })
        .collect();
    let mut suffix = random_suffix;
    let out: Sync = job::sync(&job, &pods, store.clock().now(), &mut suffix);
    let reference = events::reference(&job, None);
    let record = |type_: &str, reason: &str, message: &str| {
        events::record(
            store,
            reference.clone(),
            Component::JobController,
            type_,
            reason,
            message,
        );
    };
    let mut wake = out.wake_at;
    let mut not_created: Vec<String> = Vec::new();
    for pod in &out.create {
        if let Err(err) = store.create(pod) {
            // A quota or a name clash: Kubernetes' FailedCreate, and another try later.
            record("Warning", "FailedCreate", &format!("Error creating: {err}"));
            not_created.push(pod.metadata.name.clone().unwrap_or_default());
            let retry = store.clock().now() + chrono::Duration::seconds(10);
            wake = Some(wake.map_or(retry, |w| w.min(retry)));
        }
    }
    for pod in &out.delete {
        remove_tracking(store, namespace, pod);
        if let Err(err) = store.delete::<Pod>(namespace, pod, &DeleteOptions::background()) {
            tracing::debug!(%err, pod, "deleting a job pod failed");
        }
    }
    let mut status = out.status.clone();
    if !not_created.is_empty() {
        let missing = i32::try_from(not_created.len()).unwrap_or(i32::MAX);
        status.active = status
            .active
            .map(|a| a.saturating_sub(missing))
            .filter(|a| *a > 0);
    }
    if job.status.as_ref() != Some(&status) {
        let written = store.modify_status::<Job>(namespace, name, |j| {
            if j.metadata.uid.as_deref() != Some(uid.as_str()) {
                return Err(crate::Error::BadRequest("job replaced".to_owned()));
            }
            j.status = Some(status);
            Ok(())
        });
        if let Err(err) = written {
            tracing::debug!(%err, job = name, "writing the job status failed");
            return wake;
        }
    }
    for pod in out.untrack.iter().filter(|p| !out.delete.contains(p)) {
        remove_tracking(store, namespace, pod);
    }
    for e in &out.events {
        let failed_create = e.reason == "SuccessfulCreate"
            && not_created
                .iter()
                .any(|n| e.message == format!("Created pod: {n}"));
        if !failed_create {
            record(e.type_, e.reason, &e.message);
        }
    }
    if job::is_finished(&job) {
        match ttl::decide(&job, store.clock().now()) {
            ttl::Decision::Delete => {
                if let Err(err) = store.delete::<Job>(namespace, name, &DeleteOptions::foreground())
                {
                    tracing::debug!(%err, job = name, "deleting an expired job failed");
                }
                return None;
            }
            ttl::Decision::WakeAt(at) => wake = Some(wake.map_or(at, |w| w.min(at))),
            ttl::Decision::Keep => {}
        }
    } else if out
        .status
        .conditions
        .iter()
        .flatten()
        .any(|c| matches!(c.type_.as_str(), "Complete" | "Failed") && c.status == "True")
    {
        // Just finished: look again for the TTL.
        let now = store.clock().now();
        wake = Some(wake.map_or(now, |w| w.min(now)));
    }
    wake
}

/// Runs the Job controller until the store's change feed closes.
pub async fn run(store: Store) {
    let clock: Clock = store.clock().clone();
    let mut changes = store.subscribe();
    let mut dirty: BTreeSet<Key> = BTreeSet::new();
    let mut wakes: BTreeMap<Key, DateTime<Utc>> = BTreeMap::new();
    if let Ok(jobs) = store.list::<Job>(None, &ListParams::default()) {
        for j in jobs.items {
            dirty.insert((
                j.metadata.namespace.unwrap_or_default(),
                j.metadata.name.unwrap_or_default(),
            ));
        }
    }
    loop {
        for key in std::mem::take(&mut dirty) {
            wakes.remove(&key);
            if let Some(at) = sync_one(&store, &key.0, &key.1) {
                wakes.insert(key, at);
            }
        }
        let next = wakes.values().min().copied();
        let sleep = async {
            match next {
                Some(at) => clock.sleep_until(at).await,
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            change = changes.recv() => {
                let Some(change) = change else { return };
                let mut batch = vec![change];
                while let Ok(more) = changes.try_recv() {
                    batch.push(more);
                }
                for c in batch {
                    if let Some(key) = job_key(c.resource.qualified, &c.object) {
                        if c.kind == ChangeKind::Deleted && c.resource.qualified == "jobs.batch" {
                            wakes.remove(&key);
                        } else {
                            dirty.insert(key);
                        }
                    }
                }
            }
            () = sleep => {
                let now = clock.now();
                let due: Vec<Key> = wakes.iter().filter(|(_, at)| **at <= now).map(|(k, _)| k.clone()).collect();
                dirty.extend(due);
            }
        }
    }
}
