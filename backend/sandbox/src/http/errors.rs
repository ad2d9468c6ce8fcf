//! Errors to HTTP: every [`Error`] is sent as a Kubernetes `Status` with its code.

use axum::response::Response;
use http::StatusCode;

use crate::error::Error;

/// The `Status` response for an error.
pub(crate) fn response(e: &Error) -> Response {
    let code = StatusCode::from_u16(e.code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = super::json_response(code, &e.status());
    if matches!(e, Error::Unauthorized)
        && let Ok(v) = http::HeaderValue::from_str("Bearer realm=\"kubernetes\"")
    {
        resp.headers_mut().insert(http::header::WWW_AUTHENTICATE, v);
    }
    resp
}

impl axum::response::IntoResponse for Error {
    fn into_response(self) -> Response {
        response(&self)
    }
}
