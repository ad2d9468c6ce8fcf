//! Server-side printing: `meta.k8s.io/v1` Tables for kubectl's `get`, with the columns the
//! real API server prints for Jobs, Pods, Nodes, Namespaces, Events and the rest.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::Ctx;
use crate::resources::ResourceInfo;
use crate::store::RawList;

fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// Kubernetes' `duration.HumanDuration`.
pub fn human_duration(d: chrono::Duration) -> String {
    let secs = d.num_seconds();
    if secs < -1 {
        return "<invalid>".to_owned();
    }
    if secs < 0 {
        return "0s".to_owned();
    }
    let (m, h) = (secs / 60, secs / 3600);
    if secs < 60 * 2 {
        format!("{secs}s")
    } else if m < 10 {
        if secs % 60 == 0 {
            format!("{m}m")
        } else {
            format!("{m}m{}s", secs % 60)
        }
    } else if m < 60 * 3 {
        format!("{m}m")
    } else if h < 8 {
        if m % 60 == 0 {
            format!("{h}h")
        } else {
            format!("{h}h{}m", m % 60)
        }
    } else if h < 48 {
        format!("{h}h")
    } else if h < 24 * 8 {
        let d = h / 24;
        if h % 24 == 0 {
            format!("{d}d")
        } else {
            format!("{d}d{}h", h % 24)
        }
    } else if h < 24 * 365 * 2 {
        format!("{}d", h / 24)
    } else if h < 24 * 365 * 8 {
        let y = h / (24 * 365);
        let d = (h / 24) % 365;
        if d == 0 {
            format!("{y}y")
        } else {
            format!("{y}y{d}d")
        }
    } else {
        format!("{}y", h / (24 * 365))
    }
}

fn parse_time(t: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn age(now: DateTime<Utc>, obj: &Value) -> String {
    parse_time(s(obj, "/metadata/creationTimestamp"))
        .map_or_else(|| "<unknown>".to_owned(), |t| human_duration(now - t))
}

mod printers;

use printers::{cells, columns};

/// Builds a Table of `items`. `list` carries the list metadata (resourceVersion, continue).
pub(crate) fn table(
    ctx: &Ctx,
    r: &ResourceInfo,
    items: &[Arc<Value>],
    list: Option<&RawList>,
) -> Value {
    let include = ctx.param("includeObject").unwrap_or("Metadata");
    rows_table(ctx.sb.clock().now(), include, r, items, list, true)
}

/// A Table; `with_columns` false omits the column definitions (watch events after the
/// first). `include` is the `includeObject` parameter (None, Metadata, Object).
pub(crate) fn rows_table(
    now: DateTime<Utc>,
    include: &str,
    r: &ResourceInfo,
    items: &[Arc<Value>],
    list: Option<&RawList>,
    with_columns: bool,
) -> Value {
    let rows: Vec<Value> = items
        .iter()
        .map(|obj| {
            let mut row = json!({"cells": cells(now, r, obj)});
            let embedded = match include {
                "None" => None,
                "Object" => Some((**obj).clone()),
                _ => Some(json!({
                    "kind": "PartialObjectMetadata",
                    "apiVersion": "meta.k8s.io/v1",
                    "metadata": obj.get("metadata").cloned().unwrap_or_else(|| json!({})),
                })),
            };
            if let (Some(e), Some(o)) = (embedded, row.as_object_mut()) {
                o.insert("object".into(), e);
            }
            row
        })
        .collect();
    let mut metadata = json!({});
    if let (Some(l), Some(m)) = (list, metadata.as_object_mut()) {
        m.insert(
            "resourceVersion".into(),
            json!(l.resource_version.to_string()),
        );
        if let Some(c) = &l.continue_token {
            m.insert("continue".into(), json!(c));
        }
        if let Some(n) = l.remaining {
            m.insert("remainingItemCount".into(), json!(n));
        }
    } else if let (Some(obj), Some(m)) = (items.first(), metadata.as_object_mut()) {
        m.insert(
            "resourceVersion".into(),
            json!(s(obj, "/metadata/resourceVersion")),
        );
    }
    let mut t = json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
        "rows": rows,
    });
    if with_columns && let Some(o) = t.as_object_mut() {
        o.insert("columnDefinitions".into(), json!(columns(r)));
    }
    t
}
