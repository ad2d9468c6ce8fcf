//! How the Job controller reads and makes its pods: the pod built from a Job's template
//! (name, labels, owner reference, tracking finalizer, completion index), a pod's index and
//! phase, and the `completedIndexes` interval form (`0-2,5`).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{EnvVar, EnvVarSource, ObjectFieldSelector, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

use crate::clock::from_time;

/// The finalizer the Job controller puts on its pods so that none is lost before counted.
pub const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";
/// The annotation (and label) carrying an Indexed Job pod's completion index.
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";
/// The characters Kubernetes draws generated name suffixes from (no vowels, no look-alikes).
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Five random characters as `generateName` appends them.
pub fn random_suffix() -> String {
    let bytes = *uuid::Uuid::new_v4().as_bytes();
    bytes[..5]
        .iter()
        .map(|b| char::from(NAME_ALPHABET[usize::from(*b) % NAME_ALPHABET.len()]))
        .collect()
}

/// The pod phase, `Pending` when unset.
pub fn phase(pod: &Pod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

/// Whether the pod reached Succeeded or Failed.
pub fn is_terminal(pod: &Pod) -> bool {
    matches!(phase(pod), "Succeeded" | "Failed")
}

/// Whether the pod is being deleted.
pub fn is_deleting(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some()
}

/// Whether the pod still carries the tracking finalizer (not yet counted in the status).
pub fn is_tracked(pod: &Pod) -> bool {
    pod.metadata
        .finalizers
        .as_ref()
        .is_some_and(|f| f.iter().any(|f| f == TRACKING_FINALIZER))
}

/// Whether the pod's `Ready` condition is true.
pub fn is_ready(pod: &Pod) -> bool {
    pod.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

/// The completion index of an Indexed Job's pod, from its annotation.
pub fn completion_index(pod: &Pod) -> Option<i32> {
    pod.metadata
        .annotations
        .as_ref()?
        .get(COMPLETION_INDEX)?
        .parse()
        .ok()
        .filter(|i: &i32| *i >= 0)
}

/// Container restarts summed over a pod's containers and init containers.
pub fn restarts(pod: &Pod) -> i32 {
    let Some(status) = pod.status.as_ref() else {
        return 0;
    };
    status
        .container_statuses
        .iter()
        .chain(status.init_container_statuses.iter())
        .flatten()
        .map(|c| c.restart_count)
        .sum()
}

/// When a pod finished: its containers' latest `finishedAt`, else its deletion time.
pub fn finish_time(pod: &Pod) -> Option<DateTime<Utc>> {
    let status = pod.status.as_ref();
    let finished = status
        .and_then(|s| s.container_statuses.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|c| c.state.as_ref()?.terminated.as_ref()?.finished_at.as_ref())
        .map(from_time)
        .max();
    finished.or_else(|| pod.metadata.deletion_timestamp.as_ref().map(from_time))
}

/// A new pod for `job` from its template: `<job>-<suffix>` (`<job>-<index>-<suffix>` for an
/// Indexed Job, as the controller's `generateName` makes it), labels and annotations from the
/// template, the completion index, an owner reference to the Job and the tracking finalizer.
pub fn new_pod(job: &Job, index: Option<i32>, suffix: &str) -> Pod {
    let job_name = job.metadata.name.clone().unwrap_or_default();
    let template = job
        .spec
        .as_ref()
        .map(|s| s.template.clone())
        .unwrap_or_default();
    let tmeta = template.metadata.unwrap_or_default();
    let mut labels = tmeta.labels.unwrap_or_default();
    let mut annotations = tmeta.annotations.unwrap_or_default();
    let uid = job.metadata.uid.clone().unwrap_or_default();
    for (k, v) in [
        ("batch.kubernetes.io/controller-uid", &uid),
        ("batch.kubernetes.io/job-name", &job_name),
        ("controller-uid", &uid),
        ("job-name", &job_name),
    ] {
        labels.entry(k.to_owned()).or_insert_with(|| v.clone());
    }
    let prefix = match index {
        Some(i) => format!("{job_name}-{i}-"),
        None => format!("{job_name}-"),
    };
    let mut spec = template.spec.unwrap_or_default();
    if let Some(i) = index {
        labels.insert(COMPLETION_INDEX.to_owned(), i.to_string());
        annotations.insert(COMPLETION_INDEX.to_owned(), i.to_string());
        if spec.hostname.as_deref().is_none_or(str::is_empty) {
            spec.hostname = Some(format!("{job_name}-{i}"));
        }
        let env = EnvVar {
            name: "JOB_COMPLETION_INDEX".to_owned(),
            value: None,
            value_from: Some(EnvVarSource {
                field_ref: Some(ObjectFieldSelector {
                    api_version: Some("v1".to_owned()),
                    field_path: format!("metadata.annotations['{COMPLETION_INDEX}']"),
                }),
                ..EnvVarSource::default()
            }),
        };
        for c in spec
            .containers
            .iter_mut()
            .chain(spec.init_containers.iter_mut().flatten())
        {
            c.env.get_or_insert_default().push(env.clone());
        }
    }
    Pod {
        metadata: ObjectMeta {
            name: Some(format!("{prefix}{suffix}")),
            generate_name: Some(prefix),
            namespace: job.metadata.namespace.clone(),
            labels: Some(labels),
            annotations: (!annotations.is_empty()).then_some(annotations),
            finalizers: Some(vec![TRACKING_FINALIZER.to_owned()]),
            owner_references: Some(vec![OwnerReference {
                api_version: "batch/v1".to_owned(),
                kind: "Job".to_owned(),
                name: job_name,
                uid,
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            ..ObjectMeta::default()
        },
        spec: Some(spec),
        status: None,
    }
}

/// Parses `completedIndexes` (`1,3-5,7`); malformed parts are skipped.
pub fn parse_indexes(text: &str) -> BTreeSet<i32> {
    let mut out = BTreeSet::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                if let (Ok(a), Ok(b)) = (a.parse::<i32>(), b.parse::<i32>())
                    && a >= 0
                    && b >= a
                    && b - a < 1_000_000
                {
                    out.extend(a..=b);
                }
            }
            None => {
                if let Ok(i) = part.parse::<i32>()
                    && i >= 0
                {
                    out.insert(i);
                }
            }
        }
    }
    out
}

/// Formats indexes as Kubernetes does: runs of three or more as `first-last`, a run of two
/// as `a,b` (`0,1,2,5,6` → `0-2,5,6`).
pub fn format_indexes(indexes: &BTreeSet<i32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = indexes.iter().copied().peekable();
    while let Some(first) = iter.next() {
        let mut last = first;
        while iter.peek() == Some(&(last + 1)) {
            last += 1;
            iter.next();
        }
        parts.push(match last - first {
            0 => first.to_string(),
            1 => format!("{first},{last}"),
            _ => format!("{first}-{last}"),
        });
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completed_indexes_in_kubernetes_interval_form() {
        // kubernetes.io, Job, "Completion mode": completedIndexes "holds the indexes in a text
        // format ... For example, 1,3-5,7".
        let set: BTreeSet<i32> = [0, 1, 2, 5].into();
        assert_eq!(format_indexes(&set), "0-2,5");
        let set: BTreeSet<i32> = [1, 3, 4, 5, 7].into();
        assert_eq!(format_indexes(&set), "1,3-5,7");
        let set: BTreeSet<i32> = [5, 6].into();
        assert_eq!(format_indexes(&set), "5,6");
        assert_eq!(format_indexes(&BTreeSet::new()), "");
        assert_eq!(parse_indexes("1,3-5,7"), [1, 3, 4, 5, 7].into());
        assert_eq!(parse_indexes("x,2,9-3,-1"), [2].into());
    }

    #[test]
    fn suffixes_use_the_generate_name_alphabet() {
        for _ in 0..50 {
            let s = random_suffix();
            assert_eq!(s.len(), 5);
            assert!(s.bytes().all(|b| NAME_ALPHABET.contains(&b)), "{s}");
        }
    }
}
