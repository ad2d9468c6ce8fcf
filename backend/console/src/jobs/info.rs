//! Small edits of a Job that are not a whole manifest: its alias and description
//! (`PATCH jobs/{j}/info`) and suspend / resume, as JSON merge patches for the cluster.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::status::{ALIAS_ANNOTATION, DESCRIPTION_ANNOTATION};
use super::validate::{ALIAS_MAX, DESCRIPTION_MAX};
use crate::error::FieldError;

/// The body of `PATCH jobs/{j}/info`. A field left out is not changed; an empty string
/// removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobInfo {
    /// The display name (annotation `kubesphere.io/alias-name`), at most 63 characters.
    pub alias: Option<String>,
    /// The description (annotation `kubesphere.io/description`), at most 512 characters.
    pub description: Option<String>,
}

/// The problems with an info edit, at fields `alias` and `description`.
pub fn validate_info(info: &JobInfo) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let mut check = |field: &str, value: &Option<String>, max: usize| {
        if let Some(value) = value
            && value.chars().count() > max
        {
            problems.push(FieldError {
                field: field.to_owned(),
                message: format!("the {field} must be no more than {max} characters"),
            });
        }
    };
    check("alias", &info.alias, ALIAS_MAX);
    check("description", &info.description, DESCRIPTION_MAX);
    problems
}

/// The JSON merge patch that applies an info edit (an empty string removes the annotation).
pub fn info_patch(info: &JobInfo) -> Value {
    let mut annotations = serde_json::Map::new();
    for (key, value) in [
        (ALIAS_ANNOTATION, &info.alias),
        (DESCRIPTION_ANNOTATION, &info.description),
    ] {
        if let Some(value) = value {
            let value = value.trim();
            annotations.insert(
                key.to_owned(),
                if value.is_empty() {
                    Value::Null
                } else {
                    Value::String(value.to_owned())
                },
            );
        }
    }
    json!({"metadata": {"annotations": annotations}})
}

/// The JSON merge patch that suspends (`true`) or resumes (`false`) a Job.
pub fn suspend_patch(suspend: bool) -> Value {
    json!({"spec": {"suspend": suspend}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_edits() {
        let info = JobInfo {
            alias: Some(" Pi ".into()),
            description: Some(String::new()),
        };
        assert_eq!(validate_info(&info), vec![]);
        assert_eq!(
            info_patch(&info),
            json!({"metadata": {"annotations": {ALIAS_ANNOTATION: "Pi", DESCRIPTION_ANNOTATION: null}}})
        );
        let only_alias = JobInfo {
            alias: Some("x".into()),
            description: None,
        };
        assert_eq!(
            info_patch(&only_alias),
            json!({"metadata": {"annotations": {ALIAS_ANNOTATION: "x"}}})
        );
        let long = JobInfo {
            alias: Some("字".repeat(64)),
            description: Some("d".repeat(513)),
        };
        let fields: Vec<String> = validate_info(&long).into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["alias", "description"]);
        assert_eq!(
            validate_info(&JobInfo {
                alias: Some("字".repeat(63)),
                description: None
            }),
            vec![]
        );
    }

    #[test]
    fn suspend_and_resume() {
        assert_eq!(suspend_patch(true), json!({"spec": {"suspend": true}}));
        assert_eq!(suspend_patch(false)["spec"]["suspend"], false);
    }

    #[test]
    fn body_shape() {
        let info: JobInfo = serde_json::from_value(json!({"alias": "a"})).expect("parses");
        assert_eq!(
            info,
            JobInfo {
                alias: Some("a".into()),
                description: None
            }
        );
    }
}
