//! Browser sessions: a signed and encrypted (AES-256-GCM, the `cookie` crate's private
//! jar), HttpOnly, SameSite=Strict cookie holding the user, groups, CSRF token and expiry.
//! Stateless: any replica with the same key accepts it.

use std::time::Duration;

use chrono::Utc;
use cookie::{Cookie, CookieJar, Key, SameSite};
use http::{HeaderMap, header};
use serde::{Deserialize, Serialize};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "jobconsole-session";

/// What a session cookie carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The user name.
    #[serde(rename = "u")]
    pub username: String,
    /// The user's groups.
    #[serde(rename = "g")]
    pub groups: Vec<String>,
    /// The token mutating requests must echo in `X-CSRF-Token`.
    #[serde(rename = "c")]
    pub csrf_token: String,
    /// Expiry, in seconds since the Unix epoch.
    #[serde(rename = "e")]
    pub expires_at: i64,
}

/// Why a cookie was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// It was not made with our key (forged, tampered with, or from another deployment).
    #[error("the session cookie is not valid; sign in again")]
    Invalid,
    /// It is past its expiry.
    #[error("the session has expired; sign in again")]
    Expired,
}

/// The key and policy for session cookies.
#[derive(Clone)]
pub struct SessionKeys {
    key: Key,
    ttl: Duration,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionKeys")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl SessionKeys {
    /// Keys derived from a secret shared by every replica (at least 32 bytes).
    pub fn from_secret(secret: &[u8], ttl: Duration) -> Option<Self> {
        (secret.len() >= 32).then(|| Self {
            key: Key::derive_from(secret),
            ttl,
        })
    }

    /// A random key: sessions end when the process does.
    pub fn random(ttl: Duration) -> Self {
        Self {
            key: Key::generate(),
            ttl,
        }
    }

    /// The same key with another lifetime (tests make expired sessions with it).
    pub fn with_ttl(&self, ttl: Duration) -> Self {
        Self {
            key: self.key.clone(),
            ttl,
        }
    }

    /// A new session for a user, and the `Set-Cookie` value that carries it.
    pub fn issue(&self, username: &str, groups: &[String], secure: bool) -> (Session, String) {
        let session = Session {
            username: username.to_owned(),
            groups: groups.to_vec(),
            csrf_token: uuid::Uuid::new_v4().simple().to_string(),
            expires_at: Utc::now().timestamp()
                + i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX / 2),
        };
        let value = serde_json::to_string(&session).unwrap_or_default();
        let mut jar = CookieJar::new();
        jar.private_mut(&self.key).add(
            Cookie::build((COOKIE_NAME, value))
                .path("/")
                .http_only(true)
                .secure(secure)
                .same_site(SameSite::Strict)
                .max_age(cookie::time::Duration::seconds(
                    i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX / 2),
                )),
        );
        let header = jar
            .get(COOKIE_NAME)
            .map(|c| c.encoded().to_string())
            .unwrap_or_default();
        (session, header)
    }

    /// The `Set-Cookie` value that ends a session.
    pub fn clear(secure: bool) -> String {
        Cookie::build((COOKIE_NAME, ""))
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Strict)
            .max_age(cookie::time::Duration::ZERO)
            .build()
            .encoded()
            .to_string()
    }

    /// The session in the request's cookies: `Ok(None)` when there is no session cookie.
    pub fn read(&self, headers: &HeaderMap) -> Result<Option<Session>, SessionError> {
        let mut jar = CookieJar::new();
        let mut found = false;
        for value in headers.get_all(header::COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            for cookie in Cookie::split_parse_encoded(text.to_owned()).flatten() {
                if cookie.name() == COOKIE_NAME {
                    found = true;
                    jar.add_original(cookie.into_owned());
                }
            }
        }
        if !found {
            return Ok(None);
        }
        let cookie = jar
            .private(&self.key)
            .get(COOKIE_NAME)
            .ok_or(SessionError::Invalid)?;
        let session: Session =
            serde_json::from_str(cookie.value()).map_err(|_| SessionError::Invalid)?;
        if session.expires_at <= Utc::now().timestamp() {
            return Err(SessionError::Expired);
        }
        Ok(Some(session))
    }
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn cookie_header(set_cookie: &str) -> HeaderMap {
        let pair = set_cookie.split(';').next().unwrap_or_default().to_owned();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(&pair).expect("ascii"));
        headers
    }

    #[test]
    fn a_second_replica_with_the_same_secret_accepts_the_session() {
        let secret = [7u8; 64];
        let a = SessionKeys::from_secret(&secret, Duration::from_secs(3600)).expect("keys");
        let b = SessionKeys::from_secret(&secret, Duration::from_secs(3600)).expect("keys");
        let (session, set_cookie) = a.issue("alice", &["team-a".to_owned()], false);
        assert!(set_cookie.contains("HttpOnly"));
        assert!(set_cookie.contains("SameSite=Strict"));
        assert!(!set_cookie.contains("alice"), "the cookie is encrypted");
        let read = b
            .read(&cookie_header(&set_cookie))
            .expect("valid")
            .expect("present");
        assert_eq!(read, session);
    }

    #[test]
    fn forged_other_key_and_expired_cookies_are_refused() {
        let keys = SessionKeys::random(Duration::from_secs(3600));
        let other = SessionKeys::random(Duration::from_secs(3600));
        let (_, set_cookie) = other.issue("alice", &[], false);
        assert_eq!(
            keys.read(&cookie_header(&set_cookie)),
            Err(SessionError::Invalid)
        );
        let forged =
            format!("{COOKIE_NAME}={{\"u\":\"admin\",\"g\":[],\"c\":\"x\",\"e\":9999999999}}");
        assert_eq!(
            keys.read(&cookie_header(&forged)),
            Err(SessionError::Invalid)
        );
        let expired = SessionKeys {
            key: keys.key.clone(),
            ttl: Duration::ZERO,
        };
        let (_, set_cookie) = expired.issue("alice", &[], true);
        assert!(set_cookie.contains("Secure"));
        assert_eq!(
            keys.read(&cookie_header(&set_cookie)),
            Err(SessionError::Expired)
        );
        assert_eq!(keys.read(&HeaderMap::new()), Ok(None));
        assert!(SessionKeys::from_secret(b"short", Duration::ZERO).is_none());
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }
}
