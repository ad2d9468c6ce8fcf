//! What the kubelet prepares before a container starts: the volumes it can mount (a missing
//! PVC, ConfigMap or Secret is a `FailedMount`), the files ConfigMap and Secret volumes put
//! in the container, and the process environment (literals with `$(VAR)` expansion,
//! ConfigMap and Secret keys, field refs, `envFrom`, and what every container gets:
//! `PATH`, `HOSTNAME`, the `kubernetes` Service variables, `HOME`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ConfigMap, Container, PersistentVolumeClaim, Pod, Secret};

use super::expansion::expand_with_env;
use crate::store::Store;

/// What is missing for a pod or container to start, with Kubernetes' wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A volume cannot be mounted: the `FailedMount` event message.
    Mount(String),
    /// An env source is missing: the `CreateContainerConfigError` message.
    Config(String),
}

fn key_data(
    store: &Store,
    namespace: &str,
    kind: &str,
    name: &str,
) -> Option<BTreeMap<String, String>> {
    match kind {
        "configmap" => {
            let cm: ConfigMap = store.get(namespace, name).ok()?;
            let mut data = cm.data.unwrap_or_default();
            for (k, v) in cm.binary_data.unwrap_or_default() {
                data.insert(k, String::from_utf8_lossy(&v.0).into_owned());
            }
            Some(data)
        }
        _ => {
            let secret: Secret = store.get(namespace, name).ok()?;
            let mut data: BTreeMap<String, String> = secret
                .data
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, String::from_utf8_lossy(&v.0).into_owned()))
                .collect();
            data.extend(secret.string_data.unwrap_or_default());
            Some(data)
        }
    }
}

/// The first volume of `pod` that cannot be mounted, as the `FailedMount` message.
pub fn missing_volume(store: &Store, pod: &Pod) -> Option<Missing> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or_default();
    let volumes = pod.spec.as_ref()?.volumes.as_deref().unwrap_or_default();
    for v in volumes {
        if let Some(cm) = &v.config_map
            && cm.optional != Some(true)
            && store.get::<ConfigMap>(namespace, &cm.name).is_err()
        {
            return Some(Missing::Mount(format!(
                "MountVolume.SetUp failed for volume \"{}\" : configmap \"{}\" not found",
                v.name, cm.name
            )));
        }
        if let Some(s) = &v.secret
            && s.optional != Some(true)
        {
            let name = s.secret_name.clone().unwrap_or_default();
            if store.get::<Secret>(namespace, &name).is_err() {
                return Some(Missing::Mount(format!(
                    "MountVolume.SetUp failed for volume \"{}\" : secret \"{name}\" not found",
                    v.name
                )));
            }
        }
        if let Some(pvc) = &v.persistent_volume_claim
            && store
                .get::<PersistentVolumeClaim>(namespace, &pvc.claim_name)
                .is_err()
        {
            return Some(Missing::Mount(format!(
                "Unable to attach or mount volumes: unmounted volumes=[{}], unattached volumes=[], \
                 failed to process volumes=[]: error processing PVC {namespace}/{}: \
                 PVC {namespace}/{} not found",
                v.name, pvc.claim_name, pvc.claim_name
            )));
        }
    }
    None
}

/// The files ConfigMap and Secret volumes put in `container`, by absolute path.
pub fn mounted_files(store: &Store, pod: &Pod, container: &Container) -> BTreeMap<String, String> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or_default();
    let volumes = pod
        .spec
        .as_ref()
        .and_then(|s| s.volumes.as_deref())
        .unwrap_or_default();
    let mut files = BTreeMap::new();
    for mount in container.volume_mounts.as_deref().unwrap_or_default() {
        let Some(volume) = volumes.iter().find(|v| v.name == mount.name) else {
            continue;
        };
        let (data, items) = if let Some(cm) = &volume.config_map {
            (
                key_data(store, namespace, "configmap", &cm.name),
                cm.items.clone(),
            )
        } else if let Some(s) = &volume.secret {
            let name = s.secret_name.clone().unwrap_or_default();
            (key_data(store, namespace, "secret", &name), s.items.clone())
        } else {
            continue;
        };
        let Some(data) = data else { continue };
        // Key → path inside the volume.
        let paths: Vec<(String, String)> = match items {
            Some(items) => items.into_iter().map(|i| (i.key, i.path)).collect(),
            None => data.keys().map(|k| (k.clone(), k.clone())).collect(),
        };
        let base = mount.mount_path.trim_end_matches('/');
        for (key, path) in paths {
            let Some(content) = data.get(&key) else {
                continue;
            };
            match mount.sub_path.as_deref().filter(|s| !s.is_empty()) {
                Some(sub) if sub == path => {
                    files.insert(base.to_owned(), content.clone());
                }
                Some(_) => {}
                None => {
                    files.insert(format!("{base}/{path}"), content.clone());
                }
            }
        }
    }
    files
}

/// A field ref's value (`metadata.name`, `status.podIP`, `metadata.labels['app']`, ...).
pub fn field_value(pod: &Pod, path: &str) -> Option<String> {
    let meta = &pod.metadata;
    let spec = pod.spec.as_ref();
    let status = pod.status.as_ref();
    let in_map = |map: Option<&BTreeMap<String, String>>, prefix: &str| -> Option<String> {
        let key = path.strip_prefix(prefix)?.strip_suffix("']")?;
        Some(map.and_then(|m| m.get(key)).cloned().unwrap_or_default())
    };
    match path {
        "metadata.name" => meta.name.clone(),
        "metadata.namespace" => meta.namespace.clone(),
        "metadata.uid" => meta.uid.clone(),
        "spec.nodeName" => spec.and_then(|s| s.node_name.clone()),
        "spec.serviceAccountName" => spec.and_then(|s| s.service_account_name.clone()),
        "status.podIP" => status.and_then(|s| s.pod_ip.clone()),
        "status.hostIP" => status.and_then(|s| s.host_ip.clone()),
        _ => in_map(meta.labels.as_ref(), "metadata.labels['")
            .or_else(|| in_map(meta.annotations.as_ref(), "metadata.annotations['")),
    }
}

/// The hostname a pod's containers see.
pub fn hostname(pod: &Pod) -> String {
    let name = pod
        .spec
        .as_ref()
        .and_then(|s| s.hostname.clone())
        .filter(|h| !h.is_empty())
        .or_else(|| pod.metadata.name.clone())
        .unwrap_or_default();
    name.chars().take(63).collect()
}

/// The environment of `container`, in the order a process sees it; a missing ConfigMap,
/// Secret or key (not optional) is a `CreateContainerConfigError`.
pub fn environment(
    store: &Store,
    pod: &Pod,
    container: &Container,
) -> Result<Vec<(String, String)>, Missing> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or_default();
    let mut env: Vec<(String, String)> = vec![
        (
            "PATH".into(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
        ),
        ("HOSTNAME".into(), hostname(pod)),
    ];
    let set = |env: &mut Vec<(String, String)>, name: String, value: String| {
        env.retain(|(n, _)| *n != name);
        env.push((name, value));
    };
    for from in container.env_from.as_deref().unwrap_or_default() {
        let prefix = from.prefix.clone().unwrap_or_default();
        let (kind, name, optional) = if let Some(cm) = &from.config_map_ref {
            ("configmap", cm.name.clone(), cm.optional == Some(true))
        } else if let Some(s) = &from.secret_ref {
            ("secret", s.name.clone(), s.optional == Some(true))
        } else {
            continue;
        };
        match key_data(store, namespace, kind, &name) {
            Some(data) => {
                for (k, v) in data {
                    set(&mut env, format!("{prefix}{k}"), v);
                }
            }
            None if optional => {}
            None => return Err(Missing::Config(format!("{kind} \"{name}\" not found"))),
        }
    }
    for var in container.env.as_deref().unwrap_or_default() {
        let value = if let Some(source) = &var.value_from {
            if let Some(r) = &source.config_map_key_ref {
                match key_data(store, namespace, "configmap", &r.name) {
                    Some(data) => match data.get(&r.key) {
                        Some(v) => v.clone(),
                        None if r.optional == Some(true) => continue,
                        None => {
                            return Err(Missing::Config(format!(
                                "couldn't find key {} in ConfigMap {namespace}/{}",
                                r.key, r.name
                            )));
                        }
                    },
                    None if r.optional == Some(true) => continue,
                    None => {
                        return Err(Missing::Config(format!(
                            "configmap \"{}\" not found",
                            r.name
                        )));
                    }
                }
            } else if let Some(r) = &source.secret_key_ref {
                match key_data(store, namespace, "secret", &r.name) {
                    Some(data) => match data.get(&r.key) {
                        Some(v) => v.clone(),
                        None if r.optional == Some(true) => continue,
                        None => {
                            return Err(Missing::Config(format!(
                                "couldn't find key {} in Secret {namespace}/{}",
                                r.key, r.name
                            )));
                        }
                    },
                    None if r.optional == Some(true) => continue,
                    None => {
                        return Err(Missing::Config(format!("secret \"{}\" not found", r.name)));
                    }
                }
            } else if let Some(f) = &source.field_ref {
                field_value(pod, &f.field_path).unwrap_or_default()
            } else {
                String::new()
            }
        } else {
            expand_with_env(var.value.as_deref().unwrap_or_default(), &env)
        };
        set(&mut env, var.name.clone(), value);
    }
    for (k, v) in [
        ("KUBERNETES_SERVICE_PORT", "443"),
        ("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
        ("KUBERNETES_PORT", "tcp://10.96.0.1:443"),
        ("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"),
        ("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
        ("KUBERNETES_PORT_443_TCP_PORT", "443"),
        ("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"),
        ("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
        ("HOME", "/root"),
    ] {
        if !env.iter().any(|(n, _)| n == k) {
            env.push((k.to_owned(), v.to_owned()));
        }
    }
    Ok(env)
}
