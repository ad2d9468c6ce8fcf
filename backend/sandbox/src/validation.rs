//! Validation the real API server does on create and update.

use serde_json::Value;

use crate::error::FieldError;
use crate::resources::ResourceInfo;

/// Validates `new` (and, on update, the change from `old`); empty when valid.
pub fn validate(_r: &ResourceInfo, _old: Option<&Value>, _new: &Value) -> Vec<FieldError> {
    Vec::new()
}
