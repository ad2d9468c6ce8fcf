//! The RBAC authorizer: Roles and ClusterRoles, bound by RoleBindings and
//! ClusterRoleBindings to users, groups and ServiceAccounts, evaluated as Kubernetes does
//! (verbs, apiGroups, resources with subresources, resourceNames, nonResourceURLs, `*`).

use serde_json::{Value, json};

use crate::authn::UserInfo;
use crate::error::Error;
use crate::resources;
use crate::store::{ListParams, Store};

/// What a request wants to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    /// `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`,
    /// `impersonate`, ...
    pub verb: String,
    /// API group (`""` for core).
    pub group: String,
    /// Plural resource; empty for a non-resource request.
    pub resource: String,
    /// Subresource (`status`, `log`).
    pub subresource: String,
    /// Namespace; empty for cluster scope.
    pub namespace: String,
    /// Object name, when the request names one.
    pub name: String,
    /// For a non-resource request, its path.
    pub path: String,
}

impl Attributes {
    /// A resource request.
    pub fn resource(verb: &str, group: &str, resource: &str, namespace: &str, name: &str) -> Self {
        let (resource, subresource) = resource.split_once('/').unwrap_or((resource, ""));
        Self {
            verb: verb.to_owned(),
            group: group.to_owned(),
            resource: resource.to_owned(),
            subresource: subresource.to_owned(),
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            path: String::new(),
        }
    }

    /// A non-resource request (`/api`, `/version`).
    pub fn non_resource(verb: &str, path: &str) -> Self {
        Self {
            verb: verb.to_owned(),
            path: path.to_owned(),
            ..Self::default()
        }
    }

    fn full_resource(&self) -> String {
        if self.subresource.is_empty() {
            self.resource.clone()
        } else {
            format!("{}/{}", self.resource, self.subresource)
        }
    }

    /// The 403 Kubernetes answers when `user` may not do this.
    pub fn forbidden(&self, user: &UserInfo) -> Error {
        if self.resource.is_empty() {
            return Error::Forbidden {
                message: format!(
                    "forbidden: User {:?} cannot {} path {:?}",
                    user.username, self.verb, self.path
                ),
                name: String::new(),
                group: String::new(),
                kind: String::new(),
            };
        }
        let qualified = if self.group.is_empty() {
            self.resource.clone()
        } else {
            format!("{}.{}", self.resource, self.group)
        };
        let named = if self.name.is_empty() {
            qualified
        } else {
            format!("{qualified} {:?}", self.name)
        };
        let scope = if self.namespace.is_empty() {
            "at the cluster scope".to_owned()
        } else {
            format!("in the namespace {:?}", self.namespace)
        };
        Error::Forbidden {
            message: format!(
                "{named} is forbidden: User {:?} cannot {} resource {:?} in API group {:?} {scope}",
                user.username,
                self.verb,
                self.full_resource(),
                self.group
            ),
            name: self.name.clone(),
            group: self.group.clone(),
            kind: self.resource.clone(),
        }
    }
}

/// The answer of the authorizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Allowed or not.
    pub allowed: bool,
    /// Why (`RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"`).
    pub reason: String,
}

fn strs(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Whether one PolicyRule allows the request.
pub fn rule_allows(rule: &Value, attrs: &Attributes) -> bool {
    let verbs = strs(rule.get("verbs"));
    if !verbs.iter().any(|v| *v == "*" || *v == attrs.verb) {
        return false;
    }
    if attrs.resource.is_empty() {
        return strs(rule.get("nonResourceURLs")).iter().any(|u| {
            *u == "*"
                || *u == attrs.path
                || u.strip_suffix('*')
                    .is_some_and(|p| attrs.path.starts_with(p))
        });
    }
    let groups = strs(rule.get("apiGroups"));
    if !groups.iter().any(|g| *g == "*" || *g == attrs.group) {
        return false;
    }
    let full = attrs.full_resource();
    let resources = strs(rule.get("resources"));
    let resource_ok = resources.iter().any(|r| {
        *r == "*"
            || *r == full
            || (!attrs.subresource.is_empty()
                && (*r == format!("{}/*", attrs.resource)
                    || *r == format!("*/{}", attrs.subresource)))
    });
    if !resource_ok {
        return false;
    }
    let names = strs(rule.get("resourceNames"));
    names.is_empty() || (!attrs.name.is_empty() && names.contains(&attrs.name.as_str()))
}

fn subject_matches(subject: &Value, user: &UserInfo, binding_ns: &str) -> bool {
    let kind = subject
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let name = subject
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match kind {
        "User" => user.username == name,
        "Group" => user.groups.iter().any(|g| g == name),
        "ServiceAccount" => {
            let ns = subject
                .get("namespace")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
                .unwrap_or(binding_ns);
            user.username == format!("system:serviceaccount:{ns}:{name}")
        }
        _ => false,
    }
}

/// One binding that applies to a user, with the rules of the role it grants.
struct Grant {
    binding: String,
    binding_kind: &'static str,
    role: String,
    role_kind: String,
    rules: Vec<Value>,
}

/// The grants that apply to `user` in `namespace` (cluster-wide grants always apply).
fn grants(store: &Store, user: &UserInfo, namespace: &str) -> Vec<Grant> {
    let mut out = Vec::new();
    let role_rules = |kind: &str, name: &str, ns: &str| -> Vec<Value> {
        let r = if kind == "Role" {
            resources::known("roles.rbac.authorization.k8s.io")
        } else {
            resources::known("clusterroles.rbac.authorization.k8s.io")
        };
        store
            .get_raw(r, ns, name)
            .ok()
            .and_then(|role| role.get("rules").and_then(Value::as_array).cloned())
            .unwrap_or_default()
    };
    let crbs = store
        .list_raw(
            resources::known("clusterrolebindings.rbac.authorization.k8s.io"),
            None,
            &ListParams::default(),
        )
        .map(|l| l.items.iter().map(|o| o.value()).collect::<Vec<Value>>())
        .unwrap_or_default();
    for b in &crbs {
        if strs_subjects(b)
            .iter()
            .any(|s| subject_matches(s, user, ""))
        {
            let role = b
                .pointer("/roleRef/name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            out.push(Grant {
                binding: b
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                binding_kind: "ClusterRoleBinding",
                role: role.to_owned(),
                role_kind: "ClusterRole".to_owned(),
                rules: role_rules("ClusterRole", role, ""),
            });
        }
    }
    if !namespace.is_empty() {
        let rbs = store
            .list_raw(
                resources::known("rolebindings.rbac.authorization.k8s.io"),
                Some(namespace),
                &ListParams::default(),
            )
            .map(|l| l.items.iter().map(|o| o.value()).collect::<Vec<Value>>())
            .unwrap_or_default();
        for b in &rbs {
            if strs_subjects(b)
                .iter()
                .any(|s| subject_matches(s, user, namespace))
            {
                let role = b
                    .pointer("/roleRef/name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let kind = b
                    .pointer("/roleRef/kind")
                    .and_then(Value::as_str)
                    .unwrap_or("ClusterRole");
                let name = b
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                out.push(Grant {
                    binding: format!("{name}/{namespace}"),
                    binding_kind: "RoleBinding",
                    role: role.to_owned(),
                    role_kind: kind.to_owned(),
                    rules: role_rules(kind, role, namespace),
                });
            }
        }
    }
    out
}

fn strs_subjects(binding: &Value) -> Vec<&Value> {
    binding
        .get("subjects")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn subject_phrase(user: &UserInfo, binding: &Value) -> String {
    let _ = binding;
    if user.as_service_account().is_some() {
        let (ns, name) = user.as_service_account().unwrap_or_default();
        format!("ServiceAccount \"{name}/{ns}\"")
    } else {
        format!("User {:?}", user.username)
    }
}

/// Decides whether `user` may do `attrs`.
pub fn authorize(store: &Store, user: &UserInfo, attrs: &Attributes) -> Decision {
    if user.groups.iter().any(|g| g == "system:masters") {
        return Decision {
            allowed: true,
            reason: String::new(),
        };
    }
    for grant in grants(store, user, &attrs.namespace) {
        if grant.rules.iter().any(|r| rule_allows(r, attrs)) {
            return Decision {
                allowed: true,
                reason: format!(
                    "RBAC: allowed by {} {:?} of {} {:?} to {}",
                    grant.binding_kind,
                    grant.binding,
                    grant.role_kind,
                    grant.role,
                    subject_phrase(user, &Value::Null)
                ),
            };
        }
    }
    Decision {
        allowed: false,
        reason: String::new(),
    }
}

/// `Ok` when allowed, else the 403 Kubernetes answers.
pub fn require(store: &Store, user: &UserInfo, attrs: &Attributes) -> Result<(), Error> {
    if authorize(store, user, attrs).allowed {
        Ok(())
    } else {
        Err(attrs.forbidden(user))
    }
}

/// The rules `user` holds in `namespace`, as SelfSubjectRulesReview reports them.
pub fn rules_for(store: &Store, user: &UserInfo, namespace: &str) -> (Vec<Value>, Vec<Value>) {
    let mut resource_rules = Vec::new();
    let mut non_resource_rules = Vec::new();
    if user.groups.iter().any(|g| g == "system:masters") {
        resource_rules.push(json!({"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}));
        non_resource_rules.push(json!({"verbs": ["*"], "nonResourceURLs": ["*"]}));
    }
    for grant in grants(store, user, namespace) {
        for rule in grant.rules {
            let verbs = rule.get("verbs").cloned().unwrap_or_else(|| json!([]));
            if let Some(urls) = rule.get("nonResourceURLs") {
                non_resource_rules.push(json!({"verbs": verbs, "nonResourceURLs": urls}));
            }
            if rule.get("resources").is_some() {
                let mut r = json!({
                    "verbs": verbs,
                    "apiGroups": rule.get("apiGroups").cloned().unwrap_or_else(|| json!([])),
                    "resources": rule.get("resources").cloned().unwrap_or_else(|| json!([])),
                });
                if let (Some(names), Some(o)) = (rule.get("resourceNames"), r.as_object_mut()) {
                    o.insert("resourceNames".into(), names.clone());
                }
                resource_rules.push(r);
            }
        }
    }
    (resource_rules, non_resource_rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_matching_table() {
        let jobs_rw = json!({"verbs": ["get", "list", "create"], "apiGroups": ["batch"], "resources": ["jobs"]});
        let logs = json!({"verbs": ["get"], "apiGroups": [""], "resources": ["pods/log"]});
        let star = json!({"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]});
        let named = json!({"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["app-config"]});
        let sub_star = json!({"verbs": ["get"], "apiGroups": ["batch"], "resources": ["jobs/*"]});
        let urls = json!({"verbs": ["get"], "nonResourceURLs": ["/api", "/apis/*"]});
        let cases = [
            (
                &jobs_rw,
                Attributes::resource("create", "batch", "jobs", "ns", ""),
                true,
            ),
            (
                &jobs_rw,
                Attributes::resource("delete", "batch", "jobs", "ns", "pi"),
                false,
            ),
            (
                &jobs_rw,
                Attributes::resource("get", "", "jobs", "ns", "pi"),
                false,
            ),
            (
                &jobs_rw,
                Attributes::resource("get", "batch", "jobs/status", "ns", "pi"),
                false,
            ),
            (
                &logs,
                Attributes::resource("get", "", "pods/log", "ns", "p"),
                true,
            ),
            (
                &logs,
                Attributes::resource("get", "", "pods", "ns", "p"),
                false,
            ),
            (
                &star,
                Attributes::resource("deletecollection", "x", "y/z", "", ""),
                true,
            ),
            (
                &named,
                Attributes::resource("get", "", "configmaps", "ns", "app-config"),
                true,
            ),
            (
                &named,
                Attributes::resource("get", "", "configmaps", "ns", "other"),
                false,
            ),
            (
                &named,
                Attributes::resource("get", "", "configmaps", "ns", ""),
                false,
            ),
            (
                &sub_star,
                Attributes::resource("get", "batch", "jobs/status", "ns", "pi"),
                true,
            ),
            (
                &sub_star,
                Attributes::resource("get", "batch", "jobs", "ns", "pi"),
                false,
            ),
            (&urls, Attributes::non_resource("get", "/api"), true),
            (&urls, Attributes::non_resource("get", "/apis/batch"), true),
            (&urls, Attributes::non_resource("get", "/version"), false),
            (&urls, Attributes::non_resource("post", "/api"), false),
        ];
        for (rule, attrs, want) in cases {
            assert_eq!(rule_allows(rule, &attrs), want, "{rule} {attrs:?}");
        }
    }

    #[test]
    fn forbidden_wording() {
        let user = UserInfo::new("project-regular", &[]);
        let e =
            Attributes::resource("create", "batch", "jobs", "other-project", "").forbidden(&user);
        assert_eq!(
            e.to_string(),
            "jobs.batch is forbidden: User \"project-regular\" cannot create resource \"jobs\" in API group \"batch\" in the namespace \"other-project\""
        );
        let e = Attributes::resource("get", "", "pods/log", "ns", "p").forbidden(&user);
        assert_eq!(
            e.to_string(),
            "pods \"p\" is forbidden: User \"project-regular\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"ns\""
        );
        let e = Attributes::resource("list", "", "nodes", "", "").forbidden(&user);
        assert_eq!(
            e.to_string(),
            "nodes is forbidden: User \"project-regular\" cannot list resource \"nodes\" in API group \"\" at the cluster scope"
        );
    }
}
