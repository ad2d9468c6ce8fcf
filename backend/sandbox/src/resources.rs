//! The resources the sandbox serves: one static descriptor per resource, used by discovery,
//! routing, storage keys, RBAC and error wording.

/// The verbs of an ordinary stored resource.
pub const CRUD: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
/// The verbs of a review (create only).
pub const CREATE_ONLY: &[&str] = &["create"];

/// What the sandbox knows of one resource.
#[derive(Debug, PartialEq, Eq)]
pub struct ResourceInfo {
    /// API group, empty for core.
    pub group: &'static str,
    /// API version, e.g. `v1`.
    pub version: &'static str,
    /// Kind, e.g. `Job`.
    pub kind: &'static str,
    /// Plural resource name, e.g. `jobs`.
    pub plural: &'static str,
    /// Singular name, e.g. `job`.
    pub singular: &'static str,
    /// `jobs.batch`, or `pods` for the core group: how errors name the resource, and the
    /// storage key.
    pub qualified: &'static str,
    /// Namespaced or cluster-scoped.
    pub namespaced: bool,
    /// kubectl short names.
    pub short_names: &'static [&'static str],
    /// Supported verbs.
    pub verbs: &'static [&'static str],
    /// Subresources (`status`, `log`, `token`).
    pub subresources: &'static [&'static str],
    /// Discovery categories (`all`).
    pub categories: &'static [&'static str],
    /// Whether objects are stored (false for the reviews, which are computed).
    pub stored: bool,
}

impl ResourceInfo {
    /// `apiVersion` as written in objects: `v1` or `batch/v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_owned()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// Whether the object's spec/status split applies (a `status` subresource exists).
    pub fn has_status(&self) -> bool {
        self.subresources.contains(&"status")
    }
}

macro_rules! res {
    ($group:expr, $version:expr, $kind:expr, $plural:expr, $singular:expr, $qualified:expr,
     $namespaced:expr, $short:expr, $verbs:expr, $sub:expr, $cat:expr, $stored:expr) => {
        ResourceInfo {
            group: $group,
            version: $version,
            kind: $kind,
            plural: $plural,
            singular: $singular,
            qualified: $qualified,
            namespaced: $namespaced,
            short_names: $short,
            verbs: $verbs,
            subresources: $sub,
            categories: $cat,
            stored: $stored,
        }
    };
}

/// Every resource the sandbox serves.
pub static RESOURCES: &[ResourceInfo] = &[
    res!(
        "",
        "v1",
        "Namespace",
        "namespaces",
        "namespace",
        "namespaces",
        false,
        &["ns"],
        &[
            "create", "delete", "get", "list", "patch", "update", "watch"
        ],
        &["status"],
        &[],
        true
    ),
    res!(
        "",
        "v1",
        "Node",
        "nodes",
        "node",
        "nodes",
        false,
        &["no"],
        CRUD,
        &["status"],
        &[],
        true
    ),
    res!(
        "",
        "v1",
        "Pod",
        "pods",
        "pod",
        "pods",
        true,
        &["po"],
        CRUD,
        &["status", "log"],
        &["all"],
        true
    ),
    res!(
        "",
        "v1",
        "Event",
        "events",
        "event",
        "events",
        true,
        &["ev"],
        CRUD,
        &[],
        &[],
        true
    ),
    res!(
        "",
        "v1",
        "ConfigMap",
        "configmaps",
        "configmap",
        "configmaps",
        true,
        &["cm"],
        CRUD,
        &[],
        &[],
        true
    ),
    res!(
        "",
        "v1",
        "Secret",
        "secrets",
        "secret",
        "secrets",
        true,
        &[],
        CRUD,
        &[],
        &[],
        true
    ),
    res!(
        "",
        "v1",
        "PersistentVolumeClaim",
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        "persistentvolumeclaims",
        true,
        &["pvc"],
        CRUD,
        &["status"],
        &[],
        true
    ),
    res!(
        "",
        "v1",
        "ServiceAccount",
        "serviceaccounts",
        "serviceaccount",
        "serviceaccounts",
        true,
        &["sa"],
        CRUD,
        &["token"],
        &[],
        true
    ),
    res!(
        "",
        "v1",
        "ResourceQuota",
        "resourcequotas",
        "resourcequota",
        "resourcequotas",
        true,
        &["quota"],
        CRUD,
        &["status"],
        &[],
        true
    ),
    res!(
        "batch",
        "v1",
        "Job",
        "jobs",
        "job",
        "jobs.batch",
        true,
        &[],
        CRUD,
        &["status"],
        &["all"],
        true
    ),
    res!(
        "rbac.authorization.k8s.io",
        "v1",
        "Role",
        "roles",
        "role",
        "roles.rbac.authorization.k8s.io",
        true,
        &[],
        CRUD,
        &[],
        &[],
        true
    ),
    res!(
        "rbac.authorization.k8s.io",
        "v1",
        "RoleBinding",
        "rolebindings",
        "rolebinding",
        "rolebindings.rbac.authorization.k8s.io",
        true,
        &[],
        CRUD,
        &[],
        &[],
        true
    ),
    res!(
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRole",
        "clusterroles",
        "clusterrole",
        "clusterroles.rbac.authorization.k8s.io",
        false,
        &[],
        CRUD,
        &[],
        &[],
        true
    ),
    res!(
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRoleBinding",
        "clusterrolebindings",
        "clusterrolebinding",
        "clusterrolebindings.rbac.authorization.k8s.io",
        false,
        &[],
        CRUD,
        &[],
        &[],
        true
    ),
    res!(
        "authorization.k8s.io",
        "v1",
        "SubjectAccessReview",
        "subjectaccessreviews",
        "subjectaccessreview",
        "subjectaccessreviews.authorization.k8s.io",
        false,
        &[],
        CREATE_ONLY,
        &[],
        &[],
        false
    ),
    res!(
        "authorization.k8s.io",
        "v1",
        "SelfSubjectAccessReview",
        "selfsubjectaccessreviews",
        "selfsubjectaccessreview",
        "selfsubjectaccessreviews.authorization.k8s.io",
        false,
        &[],
        CREATE_ONLY,
        &[],
        &[],
        false
    ),
    res!(
        "authorization.k8s.io",
        "v1",
        "SelfSubjectRulesReview",
        "selfsubjectrulesreviews",
        "selfsubjectrulesreview",
        "selfsubjectrulesreviews.authorization.k8s.io",
        false,
        &[],
        CREATE_ONLY,
        &[],
        &[],
        false
    ),
    res!(
        "authorization.k8s.io",
        "v1",
        "LocalSubjectAccessReview",
        "localsubjectaccessreviews",
        "localsubjectaccessreview",
        "localsubjectaccessreviews.authorization.k8s.io",
        true,
        &[],
        CREATE_ONLY,
        &[],
        &[],
        false
    ),
    res!(
        "authentication.k8s.io",
        "v1",
        "TokenReview",
        "tokenreviews",
        "tokenreview",
        "tokenreviews.authentication.k8s.io",
        false,
        &[],
        CREATE_ONLY,
        &[],
        &[],
        false
    ),
    res!(
        "authentication.k8s.io",
        "v1",
        "SelfSubjectReview",
        "selfsubjectreviews",
        "selfsubjectreview",
        "selfsubjectreviews.authentication.k8s.io",
        false,
        &[],
        CREATE_ONLY,
        &[],
        &[],
        false
    ),
];

/// The API groups other than core, in discovery order, with their one version.
pub static GROUPS: &[(&str, &str)] = &[
    ("batch", "v1"),
    ("rbac.authorization.k8s.io", "v1"),
    ("authorization.k8s.io", "v1"),
    ("authentication.k8s.io", "v1"),
];

/// Looks a resource up by group, version and plural name.
pub fn find(group: &str, version: &str, plural: &str) -> Option<&'static ResourceInfo> {
    RESOURCES
        .iter()
        .find(|r| r.group == group && r.version == version && r.plural == plural)
}

/// Looks a resource up by apiVersion and kind (as written in an object).
pub fn by_kind(api_version: &str, kind: &str) -> Option<&'static ResourceInfo> {
    RESOURCES
        .iter()
        .find(|r| r.kind == kind && r.api_version() == api_version)
}

/// Looks a resource up by its `k8s_openapi::Resource` constants.
pub fn of<K: k8s_openapi::Resource>() -> Option<&'static ResourceInfo> {
    find(K::GROUP, K::VERSION, K::URL_PATH_SEGMENT)
}

/// The descriptor of a well-known resource; for static lookups that cannot fail.
pub fn known(qualified: &str) -> &'static ResourceInfo {
    RESOURCES
        .iter()
        .find(|r| r.qualified == qualified)
        .unwrap_or(&RESOURCES[0])
}
