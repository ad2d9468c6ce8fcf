//! Defaulting, as the API server applies it on create and update (Job, Pod and their
//! templates).

use serde_json::Value;

use crate::resources::ResourceInfo;

/// Applies create-time defaults (and generated fields such as a Job's selector).
pub fn on_create(_r: &ResourceInfo, _obj: &mut Value, _now: &str) {}

/// Applies update-time defaults.
pub fn on_update(_r: &ResourceInfo, _obj: &mut Value) {}
