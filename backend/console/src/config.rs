//! The configuration file and the clusters it lists.
//!
//! ```yaml
//! basePath: /            # where the console is served (default "/")
//! usersFile: /etc/jobconsole/users.yaml       # local accounts (see auth::users)
//! sessionKeyFile: /etc/jobconsole/session.key # ≥ 32 bytes shared by replicas
//! sessionTtlSeconds: 28800
//! clusters:
//!   - name: prod         # a DNS-1123 label; it appears in every API path
//!     kubeconfig: /etc/jobconsole/prod.kubeconfig
//!     context: prod      # optional: default is the kubeconfig's current context
//!   - name: local
//!     inCluster: true    # the ServiceAccount the console runs as
//!   - name: sandbox
//!     sandbox: {}        # the embedded Kubernetes API simulator
//! ```
//!
//! With no cluster configured, the console runs on one embedded sandbox cluster named
//! `sandbox`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole configuration, after defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The URL path the console is served under, starting and ending with `/`.
    pub base_path: String,
    /// The clusters, in the order configured.
    pub clusters: Vec<ClusterConfig>,
    /// The local accounts file (YAML); without one, embedded sandboxes' demo users.
    pub users_file: Option<PathBuf>,
    /// A file holding the secret (at least 32 bytes) session cookies are encrypted with;
    /// replicas sharing it accept each other's sessions. Without one, a random key.
    pub session_key_file: Option<PathBuf>,
    /// How long a browser session lasts.
    pub session_ttl_seconds: u64,
}

/// The default session lifetime: 8 hours.
pub const DEFAULT_SESSION_TTL_SECONDS: u64 = 8 * 3600;

/// One configured cluster.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawCluster")]
pub struct ClusterConfig {
    /// The name used in API paths and shown in the UI.
    pub name: String,
    /// Where the cluster's credentials come from.
    pub source: ClusterSource,
}

/// How to reach a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterSource {
    /// A kubeconfig file and optionally one of its contexts.
    Kubeconfig {
        /// Path of the kubeconfig file.
        kubeconfig: PathBuf,
        /// The context to use (default: the file's current context).
        context: Option<String>,
    },
    /// The in-cluster ServiceAccount (when the console runs as a Pod).
    InCluster,
    /// The embedded sandbox cluster.
    Sandbox {
        /// Sandbox options.
        sandbox: SandboxOptions,
    },
}

/// A cluster entry as written in the file, before checking that it names one source.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawCluster {
    name: String,
    kubeconfig: Option<PathBuf>,
    context: Option<String>,
    in_cluster: Option<bool>,
    sandbox: Option<SandboxOptions>,
}

impl TryFrom<RawCluster> for ClusterConfig {
    type Error = String;

    fn try_from(raw: RawCluster) -> Result<Self, String> {
        let source = match (raw.kubeconfig, raw.in_cluster, raw.sandbox) {
            (Some(kubeconfig), None | Some(false), None) => ClusterSource::Kubeconfig {
                kubeconfig,
                context: raw.context,
            },
            (None, Some(true), None) if raw.context.is_none() => ClusterSource::InCluster,
            (None, None | Some(false), Some(sandbox)) if raw.context.is_none() => {
                ClusterSource::Sandbox { sandbox }
            }
            _ => {
                return Err(format!(
                    "cluster {:?} must have exactly one of `kubeconfig` (with an optional `context`), `inCluster: true` or `sandbox: {{}}`",
                    raw.name
                ));
            }
        };
        Ok(Self {
            name: raw.name,
            source,
        })
    }
}

impl ClusterSource {
    /// A short word for the UI and API: `kubeconfig`, `inCluster` or `sandbox`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Kubeconfig { .. } => "kubeconfig",
            Self::InCluster => "inCluster",
            Self::Sandbox { .. } => "sandbox",
        }
    }
}

/// Options of an embedded sandbox cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SandboxOptions {}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    base_path: Option<String>,
    #[serde(default)]
    users_file: Option<PathBuf>,
    #[serde(default)]
    session_key_file: Option<PathBuf>,
    #[serde(default)]
    session_ttl_seconds: Option<u64>,
    #[serde(default)]
    clusters: Vec<ClusterConfig>,
}

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid YAML for this schema.
    #[error("invalid config file {path}: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the parser said, with the line and column.
        source: serde_norway::Error,
    },
    /// A value is not acceptable.
    #[error("invalid config: {0}")]
    Invalid(String),
}

/// Reads the configuration file (if any), adds the `--kubeconfig` cluster (if any), and
/// falls back to one embedded sandbox cluster when no cluster is configured.
pub fn load(
    file: Option<&Path>,
    kubeconfig: Option<&Path>,
    context: Option<&str>,
) -> Result<Config, ConfigError> {
    let parsed = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.to_owned(),
                source,
            })?;
            parse(&text).map_err(|err| match err {
                ConfigError::Parse { source, .. } => ConfigError::Parse {
                    path: path.to_owned(),
                    source,
                },
                other => other,
            })?
        }
        None => ConfigFile::default(),
    };
    let mut clusters = parsed.clusters;
    if let Some(path) = kubeconfig {
        let name = context.unwrap_or("default").to_owned();
        clusters.push(ClusterConfig {
            name: sanitize_name(&name),
            source: ClusterSource::Kubeconfig {
                kubeconfig: path.to_owned(),
                context: context.map(str::to_owned),
            },
        });
    }
    if clusters.is_empty() {
        clusters.push(ClusterConfig {
            name: "sandbox".to_owned(),
            source: ClusterSource::Sandbox {
                sandbox: SandboxOptions::default(),
            },
        });
    }
    let config = Config {
        base_path: normalize_base_path(parsed.base_path.as_deref().unwrap_or("/")),
        clusters,
        users_file: parsed.users_file,
        session_key_file: parsed.session_key_file,
        session_ttl_seconds: parsed
            .session_ttl_seconds
            .unwrap_or(DEFAULT_SESSION_TTL_SECONDS),
    };
    validate(&config)?;
    Ok(config)
}

fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
    if text.trim().is_empty() {
        return Ok(ConfigFile::default());
    }
    serde_norway::from_str(text).map_err(|source| ConfigError::Parse {
        path: PathBuf::new(),
        source,
    })
}

fn normalize_base_path(raw: &str) -> String {
    let trimmed = raw.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// Turns a kubeconfig context name into a usable cluster name (lowercase, `-` for the rest).
fn sanitize_name(raw: &str) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name = name.trim_matches('-').chars().take(63).collect();
    if name.is_empty() {
        "default".to_owned()
    } else {
        name
    }
}

/// Whether `name` is a DNS-1123 label (lowercase letters, digits, `-`, at most 63
/// characters, starting and ending with a letter or digit).
pub fn is_dns_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
}

fn validate(config: &Config) -> Result<(), ConfigError> {
    let mut seen = std::collections::HashSet::new();
    for cluster in &config.clusters {
        if !is_dns_label(&cluster.name) {
            return Err(ConfigError::Invalid(format!(
                "cluster name {:?} must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)",
                cluster.name
            )));
        }
        if !seen.insert(cluster.name.as_str()) {
            return Err(ConfigError::Invalid(format!(
                "cluster name {:?} is used twice",
                cluster.name
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cluster_configured_means_one_sandbox() {
        let config = load(None, None, None).expect("default config");
        assert_eq!(config.clusters.len(), 1);
        assert_eq!(config.clusters[0].name, "sandbox");
        assert_eq!(config.clusters[0].source.kind(), "sandbox");
        assert_eq!(config.base_path, "/");
    }

    #[test]
    fn parses_every_cluster_kind() {
        let file = parse(
            "basePath: console\nclusters:\n  - name: prod\n    kubeconfig: /k/prod\n    context: ctx\n  - name: local\n    inCluster: true\n  - name: demo\n    sandbox: {}\n",
        )
        .expect("valid config");
        let kinds: Vec<_> = file.clusters.iter().map(|c| c.source.kind()).collect();
        assert_eq!(kinds, ["kubeconfig", "inCluster", "sandbox"]);
        assert_eq!(
            file.clusters[0].source,
            ClusterSource::Kubeconfig {
                kubeconfig: PathBuf::from("/k/prod"),
                context: Some("ctx".to_owned())
            }
        );
        assert_eq!(normalize_base_path("console"), "/console/");
    }

    #[test]
    fn refuses_bad_names_duplicates_and_unknown_fields() {
        assert!(parse("clusters:\n  - name: a\n    bogus: 1\n").is_err());
        assert!(parse("clusters:\n  - name: a\n    inCluster: true\n    sandbox: {}\n").is_err());
        assert!(parse("clusters:\n  - name: a\n").is_err());
        let dup = Config {
            base_path: "/".into(),
            users_file: None,
            session_key_file: None,
            session_ttl_seconds: 1,
            clusters: vec![
                ClusterConfig {
                    name: "a".into(),
                    source: ClusterSource::Sandbox {
                        sandbox: SandboxOptions::default(),
                    },
                },
                ClusterConfig {
                    name: "a".into(),
                    source: ClusterSource::Sandbox {
                        sandbox: SandboxOptions::default(),
                    },
                },
            ],
        };
        assert!(matches!(validate(&dup), Err(ConfigError::Invalid(m)) if m.contains("used twice")));
        assert!(!is_dns_label("Prod"));
        assert!(!is_dns_label("-a"));
        assert!(is_dns_label("prod-1"));
    }

    #[test]
    fn kubeconfig_flag_adds_a_cluster_named_after_the_context() {
        let config = load(None, Some(Path::new("/k")), Some("Kind_Dev")).expect("config");
        assert_eq!(config.clusters.len(), 1);
        assert_eq!(config.clusters[0].name, "kind-dev");
    }
}
