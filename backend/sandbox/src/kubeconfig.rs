//! Kubeconfig files for the sandbox: one cluster, one user and one context per seeded user,
//! current context `admin`.

use serde_json::json;

use crate::error::Error;

/// A user entry of a kubeconfig: context/user name and bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeconfigUser {
    /// The user (and context) name.
    pub name: String,
    /// Its bearer token.
    pub token: String,
}

/// Renders a kubeconfig (YAML) for `server_url`, trusting `ca_pem` (none for plain HTTP),
/// with one context per user; the current context is `admin` when present, else the first.
pub fn kubeconfig(
    server_url: &str,
    ca_pem: Option<&str>,
    users: &[KubeconfigUser],
) -> Result<String, Error> {
    let mut cluster = json!({"server": server_url});
    if let (Some(ca), Some(c)) = (ca_pem, cluster.as_object_mut()) {
        c.insert(
            "certificate-authority-data".into(),
            json!(crate::http::base64(ca.as_bytes())),
        );
    }
    let current = users
        .iter()
        .find(|u| u.name == "admin")
        .or_else(|| users.first())
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let doc = json!({
        "apiVersion": "v1",
        "kind": "Config",
        "preferences": {},
        "clusters": [{"name": "sandbox", "cluster": cluster}],
        "users": users.iter().map(|u| json!({"name": u.name, "user": {"token": u.token}})).collect::<Vec<_>>(),
        "contexts": users.iter().map(|u| json!({
            "name": u.name,
            "context": {"cluster": "sandbox", "user": u.name, "namespace": "default"},
        })).collect::<Vec<_>>(),
        "current-context": current,
    });
    serde_norway::to_string(&doc).map_err(Error::internal)
}
