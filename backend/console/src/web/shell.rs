//! The SPA's HTML shell, rendered by askama for each page load with the base path, the
//! version, the locale and a fresh CSP nonce.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use http::{HeaderMap, HeaderValue, header};

use crate::AppState;
use crate::error::ApiError;

/// A per-response random value that lets exactly this response's scripts run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonce(String);

impl Nonce {
    /// A fresh nonce (122 random bits).
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4().simple().to_string())
    }

    /// The nonce's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Nonce {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    lang: &'a str,
    title: &'a str,
    base_path: &'a str,
    prefix: &'a str,
    version: &'a str,
    nonce: &'a str,
    script: Option<&'a str>,
    styles: &'a [String],
}

#[derive(Template)]
#[template(path = "api-docs.html")]
struct ApiDocsPage<'a> {
    base_path: &'a str,
    nonce: &'a str,
}

/// The locale for a request: the `jobconsole-lang` cookie, else `Accept-Language`.
fn locale(headers: &HeaderMap) -> &'static str {
    let cookie_lang = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == "jobconsole-lang")
        .map(|(_, value)| value.to_owned());
    let preferred = cookie_lang.or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    match preferred {
        Some(lang) if lang.trim_start().to_ascii_lowercase().starts_with("zh") => "zh-CN",
        _ => "en",
    }
}

fn csp(nonce: &Nonce) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{n}'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        n = nonce.as_str()
    )
}

fn html_with_csp(body: String, nonce: &Nonce) -> Response {
    let mut response = Html(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&csp(nonce)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Renders the shell.
pub fn render(state: &AppState, headers: &HeaderMap) -> Response {
    let nonce = Nonce::new();
    let lang = locale(headers);
    let page = IndexPage {
        lang,
        title: if lang == "zh-CN" {
            "任务控制台"
        } else {
            "Job Console"
        },
        base_path: &state.config.base_path,
        prefix: state.config.base_path.trim_end_matches('/'),
        version: env!("CARGO_PKG_VERSION"),
        nonce: nonce.as_str(),
        script: state.spa.script.as_deref(),
        styles: &state.spa.styles,
    };
    match page.render() {
        Ok(body) => html_with_csp(body, &nonce),
        Err(err) => ApiError::Internal(format!("rendering the shell: {err}")).into_response(),
    }
}

/// `GET /`: the shell.
pub async fn index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    render(&state, &headers)
}

/// `GET /api/docs`: the API reference (Swagger UI, bundled; no CDN).
pub async fn api_docs(State(state): State<AppState>) -> Response {
    let nonce = Nonce::new();
    let page = ApiDocsPage {
        base_path: &state.config.base_path,
        nonce: nonce.as_str(),
    };
    match page.render() {
        Ok(body) => html_with_csp(body, &nonce),
        Err(err) => ApiError::Internal(format!("rendering the API docs: {err}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_prefers_cookie_then_accept_language() {
        let mut headers = HeaderMap::new();
        assert_eq!(locale(&headers), "en");
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("zh-CN,zh;q=0.9"),
        );
        assert_eq!(locale(&headers), "zh-CN");
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; jobconsole-lang=en"),
        );
        assert_eq!(locale(&headers), "en");
    }

    #[test]
    fn csp_allows_only_nonced_scripts() {
        let nonce = Nonce::new();
        let policy = csp(&nonce);
        let script_src = policy
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .expect("script-src directive");
        assert!(script_src.contains(&format!("'nonce-{}'", nonce.as_str())));
        assert!(!script_src.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
