//! Authentication: bearer tokens for the seeded users and for ServiceAccounts (minted by
//! the sandbox), and who a request is once impersonation is applied.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

use serde::Serialize;

/// `system:authenticated`, the group of every authenticated user.
pub const AUTHENTICATED: &str = "system:authenticated";
/// `system:serviceaccounts`, the group of every ServiceAccount.
pub const SERVICE_ACCOUNTS: &str = "system:serviceaccounts";

/// Who a request is made by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserInfo {
    /// User name (`admin`, `system:serviceaccount:ns:name`).
    pub username: String,
    /// A stable uid.
    pub uid: String,
    /// Groups, including `system:authenticated`.
    pub groups: Vec<String>,
}

impl UserInfo {
    /// A user with these groups (plus `system:authenticated`).
    pub fn new(username: &str, groups: &[&str]) -> Self {
        let mut groups: Vec<String> = groups.iter().map(|g| (*g).to_owned()).collect();
        if !groups.iter().any(|g| g == AUTHENTICATED) {
            groups.push(AUTHENTICATED.to_owned());
        }
        Self {
            username: username.to_owned(),
            uid: uuid::Uuid::new_v4().to_string(),
            groups,
        }
    }

    /// The identity of a ServiceAccount.
    pub fn service_account(namespace: &str, name: &str) -> Self {
        Self::new(
            &format!("system:serviceaccount:{namespace}:{name}"),
            &[
                SERVICE_ACCOUNTS,
                &format!("system:serviceaccounts:{namespace}"),
            ],
        )
    }

    /// For a ServiceAccount user, its namespace and name.
    pub fn as_service_account(&self) -> Option<(&str, &str)> {
        let rest = self.username.strip_prefix("system:serviceaccount:")?;
        rest.split_once(':')
    }
}

/// The token table. Tokens are random, generated at start (users) or on a TokenRequest
/// (ServiceAccounts).
#[derive(Debug, Default)]
pub struct Tokens {
    map: RwLock<HashMap<String, UserInfo>>,
}

/// A fresh random bearer token.
pub fn new_token() -> String {
    format!(
        "sandbox-{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

impl Tokens {
    /// Registers `token` for `user`.
    pub fn insert(&self, token: &str, user: UserInfo) {
        self.map
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(token.to_owned(), user);
    }

    /// The user a token belongs to.
    pub fn authenticate(&self, token: &str) -> Option<UserInfo> {
        self.map
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(token)
            .cloned()
    }
}
