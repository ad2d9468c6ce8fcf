//! ResourceQuota for pods: creation refused past `spec.hard.pods`, `status.used.pods` kept
//! current.

use super::*;

/// Whether `ns` has any ResourceQuota (so pod counting is only paid where it matters).
pub(super) fn has_quota(quotas: &BTreeMap<ObjectKey, Arc<Stored>>, ns: &str) -> bool {
    quotas
        .range((ns.to_owned(), String::new())..)
        .next()
        .is_some_and(|((qns, _), _)| qns == ns)
}

pub(super) fn check_pod_quota(state: &State, ns: &str, name: &str) -> Result<(), Error> {
    let Some(quotas) = state.objects.get("resourcequotas") else {
        return Ok(());
    };
    if !has_quota(quotas, ns) {
        return Ok(());
    }
    let used = count_active_pods(state, ns);
    for ((qns, qname), q) in quotas.range((ns.to_owned(), String::new())..) {
        if qns != ns {
            break;
        }
        let q = q.value();
        let Some(hard) = q
            .pointer("/spec/hard/pods")
            .or_else(|| q.pointer("/spec/hard/count~1pods"))
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<usize>().ok())
        else {
            continue;
        };
        if used + 1 > hard {
            return Err(Error::Forbidden {
                message: format!(
                    "pods {name:?} is forbidden: exceeded quota: {qname}, requested: pods=1, used: pods={used}, limited: pods={hard}"
                ),
                name: name.to_owned(),
                group: String::new(),
                kind: "pods".to_owned(),
            });
        }
    }
    Ok(())
}

pub(super) fn count_active_pods(state: &State, ns: &str) -> usize {
    state.objects.get("pods").map_or(0, |pods| {
        pods.range((ns.to_owned(), String::new())..)
            .take_while(|((pns, _), _)| pns == ns)
            .filter(|(_, p)| {
                !matches!(
                    p.value().pointer("/status/phase").and_then(Value::as_str),
                    Some("Succeeded" | "Failed")
                )
            })
            .count()
    })
}

/// Keeps `status.used.pods` of the namespace's quotas current.
pub(super) fn refresh_quota(store: &Store, state: &mut State, ns: &str) {
    let Some(quotas) = state.objects.get("resourcequotas") else {
        return;
    };
    if !has_quota(quotas, ns) {
        return;
    }
    let used = count_active_pods(state, ns).to_string();
    let mut updates = Vec::new();
    for (key, q) in quotas.range((ns.to_owned(), String::new())..) {
        if key.0 != ns {
            break;
        }
        let q = q.value();
        let Some(hard) = q.pointer("/spec/hard").cloned() else {
            continue;
        };
        if q.pointer("/status/used/pods").and_then(Value::as_str) == Some(used.as_str()) {
            continue;
        }
        let mut new = q.clone();
        let mut used_map = new
            .pointer("/status/used")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        used_map.insert("pods".into(), json!(used));
        if let Some(o) = new.as_object_mut() {
            o.insert("status".into(), json!({ "hard": hard, "used": used_map }));
        }
        updates.push((key.clone(), new));
    }
    for (key, mut new) in updates {
        let rv = state.rv + 1;
        set_rv(&mut new, rv);
        store.commit(
            state,
            resources::known("resourcequotas"),
            key,
            Some(Arc::new(new)),
            None,
            ChangeKind::Modified,
        );
    }
}
