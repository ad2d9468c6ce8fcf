//! The one API error type and its JSON shape:
//! `{"code": 404, "reason": "NotFound", "message": "...", "fields": [...]}`.
//!
//! Every 4xx/5xx the console answers has this shape: handlers return [`ApiError`];
//! [`json_errors`] rewrites the few responses made outside handlers (body limit, timeout,
//! unknown route) and [`panic_response`] turns a panic into a 500. Internal detail is
//! logged, never sent.

use std::any::Any;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use http_body_util::Full;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The JSON body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// The HTTP status code, repeated.
    pub code: u16,
    /// A machine-readable reason in Kubernetes' style (`NotFound`, `Forbidden`, `Invalid`, …).
    pub reason: String,
    /// A message for people.
    pub message: String,
    /// The fields that failed validation (only for validation errors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The path of the field, e.g. `spec.template.spec.containers[0].image`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl ErrorBody {
    /// A body for `status` with no field errors.
    pub fn new(status: StatusCode, message: String) -> Self {
        Self {
            code: status.as_u16(),
            reason: reason(status).to_owned(),
            message,
            fields: Vec::new(),
        }
    }
}

/// The error answers of every API operation, documented once: each route's OpenAPI
/// responses list this after its successes.
#[derive(utoipa::IntoResponses)]
pub enum ErrorResponses {
    /// A client error: malformed input (400), not signed in (401), not allowed (403, naming
    /// the verb, resource and project), not found (404), a conflict (409), a body too large
    /// (413), a wrong content type (415), invalid input (422, with every problem in
    /// `fields`), or too many attempts (429, with `Retry-After`).
    #[response(status = "4XX")]
    Client(ErrorBody),
    /// The cluster failed or could not be reached (502, 503, 504), or an internal error
    /// (500, details in the server log only).
    #[response(status = "5XX")]
    Server(ErrorBody),
}

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed (bad JSON, bad query parameter, …).
    #[error("{0}")]
    BadRequest(String),
    /// No credentials, or credentials that are not valid.
    #[error("{0}")]
    Unauthorized(String),
    /// The caller may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The thing named does not exist (or the caller may not know it does).
    #[error("{0}")]
    NotFound(String),
    /// The object changed since it was read, or already exists.
    #[error("{0}")]
    Conflict(String),
    /// The body is larger than the limit.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body is in a content type the endpoint does not speak.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The input is well-formed but not valid; `fields` says where.
    #[error("{message}")]
    Invalid {
        /// A summary.
        message: String,
        /// Each problem at its field.
        fields: Vec<FieldError>,
    },
    /// Too many attempts; retry after this many seconds.
    #[error("{message}")]
    TooManyRequests {
        /// What to tell the user.
        message: String,
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// A cluster did not answer properly.
    #[error("{0}")]
    BadGateway(String),
    /// A cluster is not reachable right now.
    #[error("{0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; the detail goes to the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::BadGateway(_) => StatusCode::BAD_GATEWAY,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The JSON body of this error.
    pub fn body(&self) -> ErrorBody {
        let status = self.status();
        let (message, fields) = match self {
            Self::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    "An internal error occurred; it has been logged.".to_owned(),
                    Vec::new(),
                )
            }
            Self::Invalid { message, fields } => (message.clone(), fields.clone()),
            other => (other.to_string(), Vec::new()),
        };
        ErrorBody {
            code: status.as_u16(),
            reason: reason(status).to_owned(),
            message,
            fields,
        }
    }
}

/// The Kubernetes-style reason word for a status code.
pub fn reason(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        400..=499 => "BadRequest",
        _ => "InternalError",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, axum::Json(self.body())).into_response();
        if let Self::TooManyRequests { retry_after, .. } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType(
                "expected a JSON body with Content-Type: application/json".to_owned(),
            ),
            JsonRejection::BytesRejection(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Self::PayloadTooLarge(too_large_message())
            }
            JsonRejection::JsonSyntaxError(err) => Self::BadRequest(format!(
                "malformed JSON: {}",
                inner_message(&err.body_text())
            )),
            JsonRejection::JsonDataError(err) => Self::BadRequest(format!(
                "invalid JSON body: {}",
                inner_message(&err.body_text())
            )),
            other => Self::BadRequest(other.body_text()),
        }
    }
}

/// axum's rejection texts start with a generic prefix; keep the part naming the problem.
fn inner_message(text: &str) -> String {
    text.split_once(": ")
        .map_or(text, |(_, rest)| rest)
        .to_owned()
}

fn too_large_message() -> String {
    format!(
        "the request body is larger than the limit of {} bytes",
        crate::BODY_LIMIT
    )
}

/// A JSON body extractor whose rejection is an [`ApiError`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        Ok(Self(value))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A query-string extractor whose rejection is a 400 [`ApiError`] naming the parameter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|axum::extract::Query(value)| Self(value))
            .map_err(|err| {
                ApiError::BadRequest(format!(
                    "invalid query string: {}",
                    inner_message(&err.body_text())
                ))
            })
    }
}

/// The answer to a known path with a method it does not take.
pub async fn method_not_allowed(request: Request) -> Response {
    let (method, path) = (request.method(), request.uri().path());
    let body = ErrorBody::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method {method} is not allowed on {path}"),
    );
    (StatusCode::METHOD_NOT_ALLOWED, axum::Json(body)).into_response()
}

/// Middleware: any 4xx/5xx response that is not JSON yet (made by a layer such as the body
/// limit or the timeout, or by axum itself) is replaced by the JSON error shape. HTML
/// pages and JSON errors pass through untouched.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if is_json {
        return response;
    }
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => too_large_message(),
        StatusCode::REQUEST_TIMEOUT => "the request took too long and was cancelled".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => format!("method {method} is not allowed on {path}"),
        StatusCode::NOT_FOUND => format!("{path} was not found"),
        other => other
            .canonical_reason()
            .unwrap_or("request failed")
            .to_owned(),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    let body = ErrorBody::new(status, message);
    let mut rebuilt = axum::Json(body).into_response();
    *rebuilt.status_mut() = status;
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE {
            rebuilt.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rebuilt
}

/// Turns a panic in a handler into a 500 JSON error and a log line.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> http::Response<Full<Bytes>> {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = %detail, "a request handler panicked");
    let body = ErrorBody::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "An internal error occurred; it has been logged.".to_owned(),
    );
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let mut response = http::Response::new(Full::from(bytes));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_carries_fields_and_internal_hides_detail() {
        let err = ApiError::Invalid {
            message: "the Job is not valid".into(),
            fields: vec![FieldError {
                field: "metadata.name".into(),
                message: "must be a DNS-1123 label".into(),
            }],
        };
        let body = err.body();
        assert_eq!((body.code, body.reason.as_str()), (422, "Invalid"));
        assert_eq!(body.fields[0].field, "metadata.name");

        let body = ApiError::Internal("db password is hunter2".into()).body();
        assert_eq!(body.code, 500);
        assert!(!body.message.contains("hunter2"));
    }
}
