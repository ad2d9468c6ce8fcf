//! The one error type of the Job domain, [`JobsError`], and the HTTP status each variant
//! stands for (the HTTP layer maps it; this module has no HTTP in it).

use crate::error::{ApiError, FieldError};

/// Everything the Job domain can refuse: unreadable bodies, manifests that are not Jobs,
/// invalid manifests, bad list queries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobsError {
    /// The body's content type is neither JSON nor YAML (415).
    #[error("unsupported content type {content_type:?}: send application/json or application/yaml")]
    UnsupportedMediaType {
        /// The content type the client sent.
        content_type: String,
    },
    /// The body is not valid UTF-8 (400).
    #[error("the body is not valid UTF-8 (invalid byte at line {line}, column {column})")]
    NotUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in bytes) of the first invalid byte.
        column: usize,
    },
    /// The body holds no document at all (400).
    #[error("the body is empty: send a Job manifest")]
    Empty,
    /// The body is not valid JSON (400).
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The body is not valid YAML (400).
    #[error("invalid YAML{}: {message}", location_text(*.line, *.column))]
    Yaml {
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What the parser expected.
        message: String,
    },
    /// The YAML's aliases expand past the node budget — an "alias bomb" (422).
    #[error(
        "the YAML expands to more than {budget} nodes through aliases (an alias bomb?); refusing it"
    )]
    AliasBudgetExceeded {
        /// The budget that was exceeded.
        budget: usize,
    },
    /// A body for one Job holds several documents (400).
    #[error("expected one document, found {count}; use the imports endpoint for several")]
    MultipleDocuments {
        /// How many documents there were.
        count: usize,
    },
    /// A document is not a mapping (422).
    #[error("a manifest must be an object (a mapping), not {found}")]
    NotAnObject {
        /// What it was instead (`an array`, `a string`, …).
        found: String,
    },
    /// A document is a manifest of another kind than `batch/v1` `Job` (422).
    #[error("only batch/v1 Job manifests are accepted, not {api_version} {kind}")]
    WrongKind {
        /// The document's `apiVersion` (`<none>` when missing).
        api_version: String,
        /// The document's `kind` (`<none>` when missing).
        kind: String,
    },
    /// The manifest is well-formed but not valid; each problem at its field (422).
    #[error("the Job manifest is invalid: {}", summarize(fields))]
    Invalid {
        /// Every problem, at its field.
        fields: Vec<FieldError>,
    },
    /// The `labelSelector` query parameter is not a valid label selector (400).
    #[error("invalid labelSelector {selector:?}: {message}")]
    InvalidLabelSelector {
        /// The selector as given.
        selector: String,
        /// What is wrong with it.
        message: String,
    },
    /// A query parameter other than the selector is invalid (400).
    #[error("invalid query parameter {parameter}: {message}")]
    InvalidQuery {
        /// The parameter's name (`status`, `limit`, …).
        parameter: String,
        /// What is wrong with it.
        message: String,
    },
    /// The `continue` token is malformed or belongs to another query (400).
    #[error("invalid continue token: {message}; start again from the first page")]
    InvalidContinue {
        /// What is wrong with it.
        message: String,
    },
}

fn location_text(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(" at line {line}, column {column}"),
        (Some(line), None) => format!(" at line {line}"),
        _ => String::new(),
    }
}

fn summarize(fields: &[FieldError]) -> String {
    match fields {
        [] => "no details".to_owned(),
        [one] => format!("{}: {}", one.field, one.message),
        [first, rest @ ..] => format!(
            "{}: {} (and {} more problems)",
            first.field,
            first.message,
            rest.len()
        ),
    }
}

impl JobsError {
    /// The HTTP status this error stands for: 400 unreadable input, 415 wrong content type,
    /// 422 readable input that is not an acceptable Job.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::UnsupportedMediaType { .. } => 415,
            Self::NotUtf8 { .. }
            | Self::Empty
            | Self::Json { .. }
            | Self::Yaml { .. }
            | Self::MultipleDocuments { .. }
            | Self::InvalidLabelSelector { .. }
            | Self::InvalidQuery { .. }
            | Self::InvalidContinue { .. } => 400,
            Self::AliasBudgetExceeded { .. }
            | Self::NotAnObject { .. }
            | Self::WrongKind { .. }
            | Self::Invalid { .. } => 422,
        }
    }

    /// The field errors to show with this error: the validation problems for
    /// [`JobsError::Invalid`], the `kind` for [`JobsError::WrongKind`], else none.
    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            Self::Invalid { fields } => fields.clone(),
            Self::WrongKind { kind, .. } => vec![FieldError {
                field: "kind".to_owned(),
                message: format!("Unsupported value: {kind:?}: supported values: \"Job\""),
            }],
            _ => Vec::new(),
        }
    }
}

/// The API error for a Job-domain error: 400, 415 or 422 as [`JobsError::http_status`] says,
/// with the field errors of [`JobsError::fields`].
impl From<JobsError> for ApiError {
    fn from(err: JobsError) -> Self {
        let message = err.to_string();
        match err.http_status() {
            415 => ApiError::UnsupportedMediaType(message),
            422 => ApiError::Invalid {
                fields: err.fields(),
                message,
            },
            _ => ApiError::BadRequest(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_messages() {
        let invalid = JobsError::Invalid {
            fields: vec![
                FieldError {
                    field: "metadata.name".into(),
                    message: "Required value".into(),
                },
                FieldError {
                    field: "kind".into(),
                    message: "x".into(),
                },
            ],
        };
        assert_eq!(invalid.http_status(), 422);
        assert_eq!(
            invalid.to_string(),
            "the Job manifest is invalid: metadata.name: Required value (and 1 more problems)"
        );
        let yaml = JobsError::Yaml {
            line: Some(3),
            column: Some(4),
            message: "bad".into(),
        };
        assert_eq!(yaml.to_string(), "invalid YAML at line 3, column 4: bad");
        assert_eq!(yaml.http_status(), 400);
        assert_eq!(
            JobsError::UnsupportedMediaType {
                content_type: "text/plain".into()
            }
            .http_status(),
            415
        );
        let kind = JobsError::WrongKind {
            api_version: "v1".into(),
            kind: "Pod".into(),
        };
        assert_eq!(kind.fields()[0].field, "kind");
        assert_eq!(kind.http_status(), 422);
    }

    #[test]
    fn maps_to_the_api_error() {
        let api = ApiError::from(JobsError::Invalid {
            fields: vec![FieldError {
                field: "spec.completions".into(),
                message: "must be greater than or equal to 0".into(),
            }],
        });
        let body = api.body();
        assert_eq!(body.code, 422);
        assert_eq!(body.fields[0].field, "spec.completions");
        assert_eq!(ApiError::from(JobsError::Empty).body().code, 400);
        let media = ApiError::from(JobsError::UnsupportedMediaType {
            content_type: "text/plain".into(),
        });
        assert_eq!(media.body().code, 415);
        assert_eq!(
            ApiError::from(JobsError::AliasBudgetExceeded { budget: 1 })
                .body()
                .code,
            422
        );
    }
}
