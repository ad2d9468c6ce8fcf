//! The events of a Job and its Pods as `kubectl describe` shows them: newest first, repeats
//! of the same event merged with a count.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::Event;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::MicroTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::status::to_chrono;

/// One (deduplicated) event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventRow {
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: String,
    /// A short machine word (`SuccessfulCreate`, `FailedScheduling`, `BackoffLimitExceeded`).
    pub reason: String,
    /// What happened.
    pub message: String,
    /// The object's kind: `Job` or `Pod`.
    pub kind: String,
    /// The object's name.
    pub name: String,
    /// Who reported it (`job-controller`, `default-scheduler`, `kubelet`).
    pub source: Option<String>,
    /// How many times it happened.
    pub count: i32,
    /// When it first happened.
    pub first_timestamp: Option<DateTime<Utc>>,
    /// When it last happened.
    pub last_timestamp: Option<DateTime<Utc>>,
}

/// The events of a Job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventList {
    /// Newest first.
    pub items: Vec<EventRow>,
}

fn micro_to_chrono(time: &MicroTime) -> Option<DateTime<Utc>> {
    let nanos = u32::try_from(time.0.subsec_nanosecond()).ok()?;
    DateTime::from_timestamp(time.0.as_second(), nanos)
}

fn times(event: &Event) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let micro = event.event_time.as_ref().and_then(micro_to_chrono);
    let created = event
        .metadata
        .creation_timestamp
        .as_ref()
        .and_then(to_chrono);
    let first = event
        .first_timestamp
        .as_ref()
        .and_then(to_chrono)
        .or(micro)
        .or(created);
    let last = event
        .last_timestamp
        .as_ref()
        .and_then(to_chrono)
        .or_else(|| {
            event
                .series
                .as_ref()
                .and_then(|s| s.last_observed_time.as_ref())
                .and_then(micro_to_chrono)
        })
        .or(first);
    (first, last)
}

/// The rows for these events, the same (object, type, reason, message) merged with their
/// counts added, newest first.
pub fn event_rows<'a>(events: impl IntoIterator<Item = &'a Event>) -> EventList {
    let mut merged: BTreeMap<(String, String, String, String, String), EventRow> = BTreeMap::new();
    for event in events {
        let (first, last) = times(event);
        let object = &event.involved_object;
        let row = EventRow {
            type_: event.type_.clone().unwrap_or_else(|| "Normal".to_owned()),
            reason: event.reason.clone().unwrap_or_default(),
            message: event.message.clone().unwrap_or_default(),
            kind: object.kind.clone().unwrap_or_default(),
            name: object.name.clone().unwrap_or_default(),
            source: event
                .source
                .as_ref()
                .and_then(|s| s.component.clone())
                .or_else(|| event.reporting_component.clone())
                .filter(|s| !s.is_empty()),
            count: event
                .count
                .or_else(|| event.series.as_ref().and_then(|s| s.count))
                .unwrap_or(1)
                .max(1),
            first_timestamp: first,
            last_timestamp: last,
        };
        let key = (
            row.kind.clone(),
            row.name.clone(),
            row.type_.clone(),
            row.reason.clone(),
            row.message.clone(),
        );
        merged
            .entry(key)
            .and_modify(|seen| {
                seen.count += row.count;
                seen.first_timestamp = seen
                    .first_timestamp
                    .min(row.first_timestamp)
                    .or(row.first_timestamp);
                seen.last_timestamp = seen.last_timestamp.max(row.last_timestamp);
            })
            .or_insert(row);
    }
    let mut items: Vec<EventRow> = merged.into_values().collect();
    items.sort_by(|a, b| {
        b.last_timestamp
            .cmp(&a.last_timestamp)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.name.cmp(&b.name))
    });
    EventList { items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(name: &str, reason: &str, count: i32, last: &str) -> Event {
        serde_json::from_value(json!({
            "metadata": {"name": format!("{name}.{reason}.{last}"), "namespace": "demo"},
            "involvedObject": {"kind": "Pod", "name": name},
            "reason": reason, "message": format!("{reason} happened"), "type": "Warning",
            "count": count, "source": {"component": "kubelet"},
            "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": last
        }))
        .expect("event")
    }

    #[test]
    fn repeats_merge_and_newest_comes_first() {
        let events = [
            event("pi-a", "BackOff", 2, "2026-01-01T00:00:05Z"),
            event("pi-a", "BackOff", 3, "2026-01-01T00:00:09Z"),
            event("pi-b", "Started", 1, "2026-01-01T00:00:07Z"),
        ];
        let rows = event_rows(&events).items;
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].name.as_str(), rows[0].count), ("pi-a", 5));
        assert_eq!(
            rows[0].last_timestamp.map(|t| t.to_rfc3339()),
            Some("2026-01-01T00:00:09+00:00".to_owned())
        );
        assert_eq!(rows[1].reason, "Started");
        assert_eq!(rows[1].source.as_deref(), Some("kubelet"));
    }
}
