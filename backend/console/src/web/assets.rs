//! The built SPA (`frontend/dist`), embedded in the binary so that one file ships.
//! Hashed assets under `/assets/` are served with immutable cache headers; the shell's
//! entry script and styles are found in Vite's manifest.

use std::collections::HashMap;

use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use rust_embed::RustEmbed;
use serde::Deserialize;

#[derive(RustEmbed)]
#[folder = "../../frontend/dist/"]
#[allow_missing = true]
#[exclude = ".vite/*"]
#[exclude = "index.html"]
struct Dist;

#[derive(RustEmbed)]
#[folder = "../../frontend/dist/.vite/"]
#[allow_missing = true]
#[include = "manifest.json"]
struct ViteManifest;

/// The entry chunk of the SPA, from Vite's `manifest.json`.
#[derive(Debug, Clone, Default)]
pub struct SpaManifest {
    /// URL path of the entry module, e.g. `/assets/index-3f2a.js`; `None` when the SPA was
    /// not built into this binary.
    pub script: Option<String>,
    /// URL paths of the entry's stylesheets.
    pub styles: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ManifestChunk {
    file: String,
    #[serde(default)]
    css: Vec<String>,
    #[serde(default, rename = "isEntry")]
    is_entry: bool,
}

impl SpaManifest {
    /// Reads the embedded manifest.
    pub fn load() -> Self {
        let Some(file) = ViteManifest::get("manifest.json") else {
            tracing::warn!(
                "the SPA is not embedded in this binary: build frontend/ first (make run does)"
            );
            return Self::default();
        };
        Self::parse(&file.data).unwrap_or_else(|err| {
            tracing::error!(%err, "the embedded Vite manifest is not valid");
            Self::default()
        })
    }

    fn parse(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        let chunks: HashMap<String, ManifestChunk> = serde_json::from_slice(bytes)?;
        let entry = chunks
            .get("index.html")
            .or_else(|| chunks.values().find(|c| c.is_entry));
        Ok(entry.map_or_else(Self::default, |chunk| Self {
            script: Some(format!("/{}", chunk.file)),
            styles: chunk.css.iter().map(|c| format!("/{c}")).collect(),
        }))
    }
}

/// Whether a path names a file rather than a page (so a miss is a 404, not the shell).
pub fn looks_like_asset(path: &str) -> bool {
    path.starts_with("/assets/")
        || path.starts_with("/swagger/")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
}

/// Serves an embedded file, or `None` when there is none at `path`.
pub fn serve(path: &str, request_headers: &HeaderMap) -> Option<Response> {
    let name = path.trim_start_matches('/');
    if name.is_empty() {
        return None;
    }
    let file = Dist::get(name)?;
    let etag = format!("\"{}\"", hex(&file.metadata.sha256_hash()[..16]));
    let cache = if name.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let not_modified = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if not_modified {
        return Some((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    if let Ok(value) = HeaderValue::from_str(file.metadata.mimetype()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    Some((headers, file.data.into_owned()).into_response())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_entry_gives_script_and_styles() {
        let manifest = SpaManifest::parse(
            br#"{"index.html":{"file":"assets/index-abc.js","css":["assets/index-def.css"],"isEntry":true},"x.js":{"file":"assets/x-1.js"}}"#,
        )
        .expect("valid manifest");
        assert_eq!(manifest.script.as_deref(), Some("/assets/index-abc.js"));
        assert_eq!(manifest.styles, ["/assets/index-def.css"]);
    }

    #[test]
    fn file_paths_are_assets_and_pages_are_not() {
        assert!(looks_like_asset("/assets/index-abc.js"));
        assert!(looks_like_asset("/favicon.svg"));
        assert!(!looks_like_asset(
            "/clusters/sandbox/projects/demo-project/jobs"
        ));
    }
}
