//! Local accounts for people: a YAML users file (name, argon2id hash, groups), re-read when
//! it changes on disk.
//!
//! ```yaml
//! users:
//!   - name: alice
//!     passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$..."   # jobconsole hash-password
//!     groups: [team-a]
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::SystemTime;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use serde::Deserialize;

/// One account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct User {
    /// The user name, as Kubernetes RBAC will see it.
    pub name: String,
    /// An argon2id PHC string.
    pub password_hash: String,
    /// Groups, as Kubernetes RBAC will see them.
    #[serde(default)]
    pub groups: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersFile {
    #[serde(default)]
    users: Vec<User>,
}

/// Why a password could not be hashed or the users file read.
#[derive(Debug, thiserror::Error)]
pub enum UsersError {
    /// The file could not be read.
    #[error("cannot read the users file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid.
    #[error("invalid users file {path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Hashing failed.
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// Hashes a password with argon2id (random salt, default parameters) into a PHC string.
pub fn hash_password(password: &str) -> Result<String, UsersError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|err| UsersError::Hash(err.to_string()))
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[derive(Debug, Default)]
struct Loaded {
    users: HashMap<String, User>,
    modified: Option<SystemTime>,
}

/// The accounts, from a file (re-read when its modification time changes) or fixed.
#[derive(Debug, Clone)]
pub struct UserStore {
    path: Option<PathBuf>,
    loaded: Arc<RwLock<Loaded>>,
    /// A hash to verify against when the account does not exist, so that the answer's
    /// timing does not tell whether it does.
    decoy: Arc<String>,
}

impl UserStore {
    /// Accounts from a users file; it must be readable and valid now.
    pub fn from_file(path: &Path) -> Result<Self, UsersError> {
        let store = Self {
            path: Some(path.to_owned()),
            loaded: Arc::default(),
            decoy: Arc::new(hash_password("decoy-password-never-valid")?),
        };
        store.reload_if_changed()?;
        Ok(store)
    }

    /// A fixed set of accounts (the sandbox's demo users).
    pub fn fixed(users: Vec<User>) -> Result<Self, UsersError> {
        Ok(Self {
            path: None,
            loaded: Arc::new(RwLock::new(Loaded {
                users: users.into_iter().map(|u| (u.name.clone(), u)).collect(),
                modified: None,
            })),
            decoy: Arc::new(hash_password("decoy-password-never-valid")?),
        })
    }

    /// No accounts: only bearer tokens authenticate.
    pub fn empty() -> Result<Self, UsersError> {
        Self::fixed(Vec::new())
    }

    fn reload_if_changed(&self) -> Result<(), UsersError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map_err(|source| UsersError::Read {
                path: path.clone(),
                source,
            })?;
        let current = self
            .loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .modified;
        if current == Some(modified) {
            return Ok(());
        }
        let text = std::fs::read_to_string(path).map_err(|source| UsersError::Read {
            path: path.clone(),
            source,
        })?;
        let file: UsersFile = if text.trim().is_empty() {
            UsersFile::default()
        } else {
            serde_norway::from_str(&text).map_err(|err| UsersError::Invalid {
                path: path.clone(),
                message: err.to_string(),
            })?
        };
        let users: HashMap<_, _> = file
            .users
            .into_iter()
            .map(|u| (u.name.clone(), u))
            .collect();
        tracing::info!(path = %path.display(), users = users.len(), "users file loaded");
        *self.loaded.write().unwrap_or_else(PoisonError::into_inner) = Loaded {
            users,
            modified: Some(modified),
        };
        Ok(())
    }

    /// Checks a name and password. Takes the same time whether or not the account exists.
    /// A users file that became invalid keeps the last good accounts (and logs why).
    pub fn authenticate(&self, name: &str, password: &str) -> Option<User> {
        if let Err(err) = self.reload_if_changed() {
            tracing::warn!(%err, "users file not reloaded; keeping the accounts loaded before");
        }
        let user = self
            .loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .users
            .get(name)
            .cloned();
        match user {
            Some(user) if verify_password(&user.password_hash, password) => Some(user),
            Some(_) => None,
            None => {
                let _ = verify_password(&self.decoy, password);
                None
            }
        }
    }

    /// The account's current groups, if it still exists (a removed account's sessions end).
    pub fn lookup(&self, name: &str) -> Option<User> {
        if let Err(err) = self.reload_if_changed() {
            tracing::warn!(%err, "users file not reloaded; keeping the accounts loaded before");
        }
        self.loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .users
            .get(name)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let hash = hash_password("P@88w0rd").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "P@88w0rd"));
        assert!(!verify_password(&hash, "p@88w0rd"));
        assert!(!verify_password("not a hash", "P@88w0rd"));
    }

    #[test]
    fn users_file_is_reread_when_it_changes() {
        let dir = std::env::temp_dir().join(format!("jobconsole-users-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("users.yaml");
        let write = |name: &str, mtime: SystemTime| {
            let hash = hash_password("secret").expect("hash");
            std::fs::write(
                &path,
                format!(
                    "users:\n  - name: {name}\n    passwordHash: \"{hash}\"\n    groups: [team-a]\n"
                ),
            )
            .expect("write");
            let file = std::fs::File::options()
                .write(true)
                .open(&path)
                .expect("open");
            file.set_modified(mtime).expect("mtime");
        };
        let t0 = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        write("alice", t0);
        let store = UserStore::from_file(&path).expect("load");
        let alice = store
            .authenticate("alice", "secret")
            .expect("alice signs in");
        assert_eq!(alice.groups, ["team-a"]);
        assert!(store.authenticate("alice", "wrong").is_none());
        assert!(store.authenticate("bob", "secret").is_none());

        write("bob", t0 + std::time::Duration::from_secs(10));
        assert!(
            store.authenticate("bob", "secret").is_some(),
            "bob was added"
        );
        assert!(store.lookup("alice").is_none(), "alice was removed");

        std::fs::write(&path, "users: [[[").expect("write");
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_modified(t0 + std::time::Duration::from_secs(20))
            .expect("mtime");
        assert!(
            store.lookup("bob").is_some(),
            "a broken file keeps the last good accounts"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
