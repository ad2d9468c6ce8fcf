//! The sandbox's one error type. Every variant maps to a Kubernetes `Status` object with the
//! reason, code and message wording the real API server uses, so clients (kube-rs, kubectl,
//! the Python client) react to it exactly as they would against a cluster.

use serde_json::{Value, json};

use crate::resources::ResourceInfo;

/// One field error of a 422 Invalid answer (`details.causes[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Kubernetes' cause type, e.g. `FieldValueInvalid`, `FieldValueRequired`.
    pub reason: &'static str,
    /// The field path, e.g. `spec.template.spec.restartPolicy`.
    pub field: String,
    /// The message without the field prefix, e.g. `Required value`.
    pub message: String,
}

impl FieldError {
    /// `Invalid value: <value>: <detail>`.
    pub fn invalid(field: impl Into<String>, value: &Value, detail: impl AsRef<str>) -> Self {
        Self {
            reason: "FieldValueInvalid",
            field: field.into(),
            message: format!(
                "Invalid value: {}: {}",
                render_value(value),
                detail.as_ref()
            ),
        }
    }

    /// `Required value` (with an optional detail).
    pub fn required(field: impl Into<String>, detail: &str) -> Self {
        let message = if detail.is_empty() {
            "Required value".to_owned()
        } else {
            format!("Required value: {detail}")
        };
        Self {
            reason: "FieldValueRequired",
            field: field.into(),
            message,
        }
    }

    /// `Duplicate value: <value>`.
    pub fn duplicate(field: impl Into<String>, value: &Value) -> Self {
        Self {
            reason: "FieldValueDuplicate",
            field: field.into(),
            message: format!("Duplicate value: {}", render_value(value)),
        }
    }

    /// `Not found: <value>`.
    pub fn not_found(field: impl Into<String>, value: &Value) -> Self {
        Self {
            reason: "FieldValueNotFound",
            field: field.into(),
            message: format!("Not found: {}", render_value(value)),
        }
    }

    /// `Unsupported value: <value>: supported values: "a", "b"`.
    pub fn not_supported(field: impl Into<String>, value: &Value, supported: &[&str]) -> Self {
        let list: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
        Self {
            reason: "FieldValueNotSupported",
            field: field.into(),
            message: format!(
                "Unsupported value: {}: supported values: {}",
                render_value(value),
                list.join(", ")
            ),
        }
    }

    /// `Forbidden: <detail>`.
    pub fn forbidden(field: impl Into<String>, detail: &str) -> Self {
        Self {
            reason: "FieldValueForbidden",
            field: field.into(),
            message: format!("Forbidden: {detail}"),
        }
    }

    /// `field: message`, as the aggregate message prints it.
    pub fn full(&self) -> String {
        format!("{}: {}", self.field, self.message)
    }
}

/// Go's `%#v`-like rendering used in field errors: strings quoted, numbers bare.
fn render_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// Everything that can go wrong in the sandbox, each a Kubernetes `Status` to the client.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 404 NotFound: `jobs.batch "pi" not found`.
    #[error("{} {name:?} not found", resource.qualified)]
    NotFound {
        /// The resource asked for.
        resource: &'static ResourceInfo,
        /// The object's name.
        name: String,
    },
    /// 409 AlreadyExists: `jobs.batch "pi" already exists`.
    #[error("{} {name:?} already exists", resource.qualified)]
    AlreadyExists {
        /// The resource created.
        resource: &'static ResourceInfo,
        /// The object's name.
        name: String,
    },
    /// 409 Conflict on a stale resourceVersion.
    #[error(
        "Operation cannot be fulfilled on {} {name:?}: the object has been modified; please apply your changes to the latest version and try again",
        resource.qualified
    )]
    Conflict {
        /// The resource updated.
        resource: &'static ResourceInfo,
        /// The object's name.
        name: String,
    },
    /// 409 Conflict with a message of its own (e.g. a precondition failed).
    #[error("Operation cannot be fulfilled on {} {name:?}: {detail}", resource.qualified)]
    ConflictDetail {
        /// The resource updated.
        resource: &'static ResourceInfo,
        /// The object's name.
        name: String,
        /// Why.
        detail: String,
    },
    /// 422 Invalid, with field causes.
    #[error("{}", invalid_message(resource, name, causes))]
    Invalid {
        /// The resource validated.
        resource: &'static ResourceInfo,
        /// The object's name.
        name: String,
        /// One entry per field error.
        causes: Vec<FieldError>,
    },
    /// 403 Forbidden, message already worded.
    #[error("{message}")]
    Forbidden {
        /// The whole message, e.g. `jobs.batch is forbidden: User "x" cannot create ...`.
        message: String,
        /// `details.name`.
        name: String,
        /// `details.group`.
        group: String,
        /// `details.kind` (the resource's plural).
        kind: String,
    },
    /// 401 Unauthorized: no or unknown credentials.
    #[error("Unauthorized")]
    Unauthorized,
    /// 400 BadRequest.
    #[error("{0}")]
    BadRequest(String),
    /// 404 NotFound for a path that names no resource.
    #[error("the server could not find the requested resource")]
    PathNotFound,
    /// 405 MethodNotAllowed: the resource does not support the verb.
    #[error("the server does not allow this method on the requested resource")]
    MethodNotAllowed,
    /// 410 Gone / Expired: the resourceVersion asked for has been compacted.
    #[error("too old resource version: {requested} ({oldest})")]
    Gone {
        /// The resourceVersion the client asked for.
        requested: u64,
        /// The oldest resourceVersion still known.
        oldest: u64,
    },
    /// 410 Gone for an expired `continue` token.
    #[error(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."
    )]
    ContinueExpired,
    /// 415 UnsupportedMediaType (protobuf, or anything but JSON/YAML).
    #[error("the body of the request was in an unknown format - accepted media types include: {0}")]
    UnsupportedMediaType(String),
    /// 406 NotAcceptable.
    #[error("only the following media types are accepted: application/json, application/yaml")]
    NotAcceptable,
    /// 413 RequestEntityTooLarge.
    #[error("Request entity too large: limit is 3145728")]
    TooLarge,
    /// 500 InternalError: a bug or an I/O failure, logged; the client sees a generic message.
    #[error("Internal error occurred: {0}")]
    Internal(String),
    /// An I/O failure outside a request (state file, listener).
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// TLS or certificate generation failed.
    #[error("TLS setup failed: {0}")]
    Tls(String),
}

fn invalid_message(resource: &ResourceInfo, name: &str, causes: &[FieldError]) -> String {
    let kind = if resource.group.is_empty() {
        resource.kind.to_owned()
    } else {
        format!("{}.{}", resource.kind, resource.group)
    };
    let body = match causes {
        [one] => one.full(),
        many => format!(
            "[{}]",
            many.iter()
                .map(FieldError::full)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("{kind} {name:?} is invalid: {body}")
}

impl Error {
    /// A 500 for an unexpected internal failure; the detail is logged, not sent.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "sandbox internal error");
        Self::Internal("an internal error occurred".to_owned())
    }

    /// The HTTP status code.
    pub fn code(&self) -> u16 {
        match self {
            Self::NotFound { .. } | Self::PathNotFound => 404,
            Self::AlreadyExists { .. } | Self::Conflict { .. } | Self::ConflictDetail { .. } => 409,
            Self::Invalid { .. } => 422,
            Self::Forbidden { .. } => 403,
            Self::Unauthorized => 401,
            Self::BadRequest(_) => 400,
            Self::MethodNotAllowed => 405,
            Self::Gone { .. } | Self::ContinueExpired => 410,
            Self::UnsupportedMediaType(_) => 415,
            Self::NotAcceptable => 406,
            Self::TooLarge => 413,
            Self::Internal(_) | Self::Io(_) | Self::Tls(_) => 500,
        }
    }

    /// Kubernetes' `reason`.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::NotFound { .. } | Self::PathNotFound => "NotFound",
            Self::AlreadyExists { .. } => "AlreadyExists",
            Self::Conflict { .. } | Self::ConflictDetail { .. } => "Conflict",
            Self::Invalid { .. } => "Invalid",
            Self::Forbidden { .. } => "Forbidden",
            Self::Unauthorized => "Unauthorized",
            Self::BadRequest(_) => "BadRequest",
            Self::MethodNotAllowed => "MethodNotAllowed",
            Self::Gone { .. } | Self::ContinueExpired => "Expired",
            Self::UnsupportedMediaType(_) => "UnsupportedMediaType",
            Self::NotAcceptable => "NotAcceptable",
            Self::TooLarge => "RequestEntityTooLarge",
            Self::Internal(_) | Self::Io(_) | Self::Tls(_) => "InternalError",
        }
    }

    /// The `Status` object sent to the client.
    pub fn status(&self) -> Value {
        let details = match self {
            Self::NotFound { resource, name }
            | Self::AlreadyExists { resource, name }
            | Self::Conflict { resource, name }
            | Self::ConflictDetail { resource, name, .. } => Some(json!({
                "name": name, "group": resource.group, "kind": resource.plural,
            })),
            Self::Invalid {
                resource,
                name,
                causes,
            } => Some(json!({
                "name": name,
                "group": resource.group,
                "kind": resource.kind,
                "causes": causes.iter().map(|c| json!({
                    "reason": c.reason, "message": c.message, "field": c.field,
                })).collect::<Vec<_>>(),
            })),
            Self::Forbidden {
                name, group, kind, ..
            } => {
                let mut d = serde_json::Map::new();
                if !name.is_empty() {
                    d.insert("name".into(), json!(name));
                }
                d.insert("group".into(), json!(group));
                d.insert("kind".into(), json!(kind));
                Some(Value::Object(d))
            }
            _ => None,
        };
        let message = match self {
            Self::Io(_) | Self::Tls(_) => {
                "Internal error occurred: an internal error occurred".to_owned()
            }
            other => other.to_string(),
        };
        let mut status = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": message,
            "reason": self.reason(),
            "code": self.code(),
        });
        if let (Some(details), Some(obj)) = (details, status.as_object_mut()) {
            obj.insert("details".into(), details);
        }
        status
    }
}
