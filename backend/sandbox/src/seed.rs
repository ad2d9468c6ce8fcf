//! The demo seed data (also the default fixture of the console's tests): namespaces, the
//! console's project ClusterRoles (read from `deploy/roles.yaml`), the seeded users and
//! their bindings, the console's own ServiceAccount, demo objects in `demo-project`, and
//! three Ready nodes.

use serde_json::{Value, json};

use crate::error::Error;
use crate::resources;
use crate::store::Store;

/// A seeded user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedUser {
    /// User name (also the kubeconfig context name).
    pub name: &'static str,
    /// Groups besides `system:authenticated`.
    pub groups: &'static [&'static str],
    /// What the user may do, in one line.
    pub role: &'static str,
}

/// The seeded users. Their bearer tokens are generated at start: see
/// [`crate::Sandbox::user_token`].
pub const USERS: &[SeedUser] = &[
    SeedUser {
        name: "admin",
        groups: &[],
        role: "cluster-admin",
    },
    SeedUser {
        name: "project-admin",
        groups: &[],
        role: "admin in demo-project",
    },
    SeedUser {
        name: "project-regular",
        groups: &[],
        role: "operator in demo-project",
    },
    SeedUser {
        name: "project-viewer",
        groups: &[],
        role: "viewer in demo-project",
    },
    SeedUser {
        name: "other-regular",
        groups: &[],
        role: "operator in other-project",
    },
];

/// The seeded namespaces.
pub const NAMESPACES: &[&str] = &[
    "default",
    "kube-system",
    "kube-public",
    "demo-project",
    "other-project",
    "jobconsole-system",
];

/// The console's ServiceAccount namespace and name.
pub const CONSOLE_SERVICE_ACCOUNT: (&str, &str) = ("jobconsole-system", "jobconsole");
/// The console's ClusterRole.
pub const CONSOLE_ROLE: &str = "jobconsole:console";
/// The project roles, as SPEC.md §1 names them.
pub const PROJECT_ROLES: &[&str] = &[
    "jobconsole:project-admin",
    "jobconsole:project-operator",
    "jobconsole:project-viewer",
];

fn rule(groups: &[&str], resources: &[&str], verbs: &[&str]) -> Value {
    json!({"apiGroups": groups, "resources": resources, "verbs": verbs})
}

/// `deploy/roles.yaml`: the project ClusterRoles the console ships. The sandbox seeds them
/// from this very file, so that it grants exactly what a real cluster with the shipped
/// manifests grants.
pub const ROLES_YAML: &str = include_str!("../../../deploy/roles.yaml");

/// The documents of a multi-document YAML text, as JSON (empty documents skipped).
fn yaml_documents(text: &str) -> Result<Vec<Value>, Error> {
    use serde::Deserialize as _;
    let mut docs = Vec::new();
    for doc in serde_norway::Deserializer::from_str(text) {
        let value = Value::deserialize(doc).map_err(Error::internal)?;
        if !value.is_null() {
            docs.push(value);
        }
    }
    Ok(docs)
}

/// The project ClusterRoles ([`PROJECT_ROLES`]) as `deploy/roles.yaml` defines them, in
/// the order of [`PROJECT_ROLES`]; an error when the file lacks one.
pub fn project_roles() -> Result<Vec<Value>, Error> {
    let docs = yaml_documents(ROLES_YAML)?;
    PROJECT_ROLES
        .iter()
        .map(|name| {
            docs.iter()
                .find(|doc| {
                    doc["kind"] == "ClusterRole"
                        && doc.pointer("/metadata/name") == Some(&json!(name))
                })
                .cloned()
                .ok_or_else(|| {
                    Error::internal(format!("deploy/roles.yaml has no ClusterRole {name:?}"))
                })
        })
        .collect()
}

/// `deploy/console.yaml`: the console's ServiceAccount, ClusterRole and Deployment.
pub const CONSOLE_YAML: &str = include_str!("../../../deploy/console.yaml");

/// The console's ClusterRole rules as `deploy/console.yaml` defines them, so the sandbox
/// proves the shipped role is enough; without the impersonate rule when `impersonate` is
/// false (for the tests of "the cluster refuses impersonation, the console fails closed").
pub fn console_role_rules(impersonate: bool) -> Result<Vec<Value>, Error> {
    let role = yaml_documents(CONSOLE_YAML)?
        .into_iter()
        .find(|doc| {
            doc["kind"] == "ClusterRole"
                && doc.pointer("/metadata/name") == Some(&json!(CONSOLE_ROLE))
        })
        .ok_or_else(|| {
            Error::internal(format!(
                "deploy/console.yaml has no ClusterRole {CONSOLE_ROLE:?}"
            ))
        })?;
    let rules = role["rules"].as_array().cloned().unwrap_or_default();
    Ok(rules
        .into_iter()
        .filter(|rule| {
            impersonate
                || !rule["verbs"]
                    .as_array()
                    .is_some_and(|verbs| verbs.iter().any(|v| v == "impersonate"))
        })
        .collect())
}

fn create(store: &Store, qualified: &str, obj: Value) -> Result<(), Error> {
    let r = resources::known(qualified);
    let ns = obj
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    match store.create_raw(r, &ns, obj, false) {
        Ok(_) | Err(Error::AlreadyExists { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

fn cluster_role(store: &Store, name: &str, rules: Vec<Value>) -> Result<(), Error> {
    create(
        store,
        "clusterroles.rbac.authorization.k8s.io",
        json!({"metadata": {"name": name}, "rules": rules}),
    )
}

fn cluster_binding(store: &Store, name: &str, role: &str, subjects: Value) -> Result<(), Error> {
    create(
        store,
        "clusterrolebindings.rbac.authorization.k8s.io",
        json!({
            "metadata": {"name": name},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": subjects,
        }),
    )
}

fn role_binding(store: &Store, ns: &str, user: &str, role: &str) -> Result<(), Error> {
    let short = role.rsplit(':').next().unwrap_or(role);
    create(
        store,
        "rolebindings.rbac.authorization.k8s.io",
        json!({
            "metadata": {"name": format!("{user}-{short}"), "namespace": ns},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}],
        }),
    )
}

fn node(store: &Store, name: &str, index: u8, extra_labels: &[(&str, &str)]) -> Result<(), Error> {
    let mut labels = json!({
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": "amd64",
    });
    if let Some(l) = labels.as_object_mut() {
        for (k, v) in extra_labels {
            l.insert((*k).to_owned(), json!(v));
        }
    }
    let now = store
        .clock()
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let resources =
        json!({"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "50Gi"});
    let condition = |t: &str, status: &str, reason: &str, message: &str| {
        json!({"type": t, "status": status, "reason": reason, "message": message,
               "lastHeartbeatTime": now, "lastTransitionTime": now})
    };
    create(
        store,
        "nodes",
        json!({
            "metadata": {"name": name, "labels": labels},
            "spec": {"podCIDR": format!("10.244.{index}.0/24")},
            "status": {
                "capacity": resources,
                "allocatable": resources,
                "conditions": [
                    condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                ],
                "addresses": [
                    {"type": "InternalIP", "address": format!("10.0.0.{}", 10 + index)},
                    {"type": "Hostname", "address": name},
                ],
                "nodeInfo": {
                    "architecture": "amd64", "operatingSystem": "linux",
                    "osImage": "Job Console sandbox", "kernelVersion": "6.1.0",
                    "containerRuntimeVersion": "sandbox://1.0", "kubeletVersion": "v1.33.0",
                    "kubeProxyVersion": "v1.33.0", "machineID": "", "systemUUID": "", "bootID": "",
                },
            },
        }),
    )
}

/// Loads the seed data into an empty store. `console_may_impersonate` false seeds the
/// console's ClusterRole without the impersonate rule.
pub fn load(store: &Store, console_may_impersonate: bool) -> Result<(), Error> {
    for ns in NAMESPACES {
        create(store, "namespaces", json!({"metadata": {"name": ns}}))?;
    }
    cluster_role(
        store,
        "cluster-admin",
        vec![
            json!({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}),
            json!({"nonResourceURLs": ["*"], "verbs": ["*"]}),
        ],
    )?;
    cluster_role(
        store,
        "system:basic-user",
        vec![
            rule(
                &["authorization.k8s.io"],
                &["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
                &["create"],
            ),
            rule(
                &["authentication.k8s.io"],
                &["selfsubjectreviews"],
                &["create"],
            ),
        ],
    )?;
    cluster_role(
        store,
        "system:discovery",
        vec![json!({"nonResourceURLs": [
            "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/readyz",
            "/openapi", "/openapi/*", "/version", "/version/"
        ], "verbs": ["get"]})],
    )?;
    let authenticated = json!([{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:authenticated"}]);
    cluster_binding(
        store,
        "system:basic-user",
        "system:basic-user",
        authenticated.clone(),
    )?;
    cluster_binding(store, "system:discovery", "system:discovery", authenticated)?;
    cluster_binding(
        store,
        "cluster-admin",
        "cluster-admin",
        json!([{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}]),
    )?;
    cluster_binding(
        store,
        "admin-cluster-admin",
        "cluster-admin",
        json!([{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "admin"}]),
    )?;
    for role in project_roles()? {
        create(store, "clusterroles.rbac.authorization.k8s.io", role)?;
    }
    let (sa_ns, sa_name) = CONSOLE_SERVICE_ACCOUNT;
    create(
        store,
        "serviceaccounts",
        json!({"metadata": {"name": sa_name, "namespace": sa_ns}}),
    )?;
    cluster_role(
        store,
        CONSOLE_ROLE,
        console_role_rules(console_may_impersonate)?,
    )?;
    cluster_binding(
        store,
        CONSOLE_ROLE,
        CONSOLE_ROLE,
        json!([{"kind": "ServiceAccount", "name": sa_name, "namespace": sa_ns}]),
    )?;
    role_binding(
        store,
        "demo-project",
        "project-admin",
        "jobconsole:project-admin",
    )?;
    role_binding(
        store,
        "demo-project",
        "project-regular",
        "jobconsole:project-operator",
    )?;
    role_binding(
        store,
        "demo-project",
        "project-viewer",
        "jobconsole:project-viewer",
    )?;
    role_binding(
        store,
        "other-project",
        "other-regular",
        "jobconsole:project-operator",
    )?;

    create(
        store,
        "persistentvolumeclaims",
        json!({
            "metadata": {"name": "data-pvc", "namespace": "demo-project"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                     "storageClassName": "standard", "volumeName": "pvc-data"},
            "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}},
        }),
    )?;
    create(
        store,
        "configmaps",
        json!({
            "metadata": {"name": "app-config", "namespace": "demo-project"},
            "data": {
                "app.properties": "greeting=hello\nworkers=2\n",
                "LOG_LEVEL": "info",
            },
        }),
    )?;
    create(
        store,
        "secrets",
        json!({
            "metadata": {"name": "app-secret", "namespace": "demo-project"},
            "type": "Opaque",
            // "demo" and "s3cr3t", base64.
            "data": {"username": "ZGVtbw==", "password": "czNjcjN0"},
        }),
    )?;
    create(
        store,
        "resourcequotas",
        json!({
            "metadata": {"name": "demo-quota", "namespace": "demo-project"},
            "spec": {"hard": {"pods": "20"}},
            "status": {"hard": {"pods": "20"}, "used": {"pods": "0"}},
        }),
    )?;
    node(store, "node-1", 1, &[("disktype", "ssd")])?;
    node(store, "node-2", 2, &[])?;
    node(store, "node-3", 3, &[])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::rbac::v1::ClusterRole;

    use super::*;
    use crate::clock::Clock;

    /// The ClusterRoles of `deploy/roles.yaml`, read without the seed's own parser: split
    /// at `---` lines, one document at a time.
    fn shipped_roles() -> Vec<Value> {
        ROLES_YAML
            .split("\n---\n")
            .map(|doc| serde_norway::from_str::<Value>(doc).expect("a YAML document"))
            .filter(|doc| doc["kind"] == "ClusterRole")
            .collect()
    }

    #[test]
    fn seeded_project_roles_are_deploy_roles_yaml() {
        let store = Store::new(Clock::manual(chrono::Utc::now()));
        load(&store, true).expect("seeds");
        let shipped = shipped_roles();
        let names: Vec<&str> = shipped
            .iter()
            .filter_map(|r| r.pointer("/metadata/name").and_then(Value::as_str))
            .collect();
        assert_eq!(
            names, PROJECT_ROLES,
            "deploy/roles.yaml ships the three roles"
        );
        for role in &shipped {
            let name = role["metadata"]["name"].as_str().expect("name");
            let seeded: ClusterRole = store.get("", name).expect("seeded");
            assert_eq!(
                serde_json::to_value(seeded.rules.unwrap_or_default()).expect("json"),
                role["rules"],
                "{name}"
            );
            assert_eq!(
                serde_json::to_value(seeded.metadata.labels).expect("json"),
                role["metadata"]["labels"],
                "{name}"
            );
        }
    }
}
