//! Projects (namespaces) the user holds a role in, and what the user may do in one.
//!
//! The project list is found without needing permission to list namespaces: the console
//! reads RoleBindings with its own identity and keeps those naming the user or one of
//! their groups. Users allowed everything cluster-wide (cluster-admin) see every project.

use std::collections::BTreeMap;

use axum::extract::State;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::api::rbac::v1::{ClusterRoleBinding, RoleBinding, Subject};
use kube::Api;
use kube::api::ListParams;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paths::{ClusterPath, ProjectPath};
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::cluster::map_kube_error;
use crate::error::{ApiError, ErrorResponses, Json};

/// The annotation-free label KubeSphere uses to group projects into workspaces.
const WORKSPACE_LABEL: &str = "kubesphere.io/workspace";

/// A project and the user's role in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Project {
    /// The namespace name.
    pub name: String,
    /// `admin`, `operator`, `viewer` or `custom`.
    pub role: String,
    /// The KubeSphere workspace (label `kubesphere.io/workspace`), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
}

/// The projects the user can see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProjectList {
    /// Sorted by name.
    pub items: Vec<Project>,
}

/// What the user may do in a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Permissions {
    /// List and read Jobs.
    pub view: bool,
    /// Create Jobs.
    pub create: bool,
    /// Edit Jobs (patch or update).
    pub edit: bool,
    /// Delete Jobs.
    pub delete: bool,
    /// Rerun Jobs (delete and create).
    pub rerun: bool,
    /// Suspend and resume Jobs.
    pub suspend: bool,
    /// Read Pod logs.
    pub logs: bool,
}

/// The project role a ClusterRole or Role name stands for.
fn role_word(role_ref: &str) -> &'static str {
    match role_ref {
        "jobconsole:project-admin" | "admin" => "admin",
        "jobconsole:project-operator" | "operator" | "edit" => "operator",
        "jobconsole:project-viewer" | "viewer" | "view" => "viewer",
        _ => "custom",
    }
}

/// Higher roles win when a user holds several in one project.
fn rank(role: &str) -> u8 {
    match role {
        "admin" => 3,
        "operator" => 2,
        "viewer" => 1,
        _ => 0,
    }
}

fn names_user(subject: &Subject, identity: &Identity) -> bool {
    match subject.kind.as_str() {
        "User" => subject.name == identity.username,
        "Group" => {
            subject.name == "system:authenticated" || identity.groups.contains(&subject.name)
        }
        "ServiceAccount" => {
            let ns = subject.namespace.as_deref().unwrap_or_default();
            identity.username == format!("system:serviceaccount:{ns}:{}", subject.name)
        }
        _ => false,
    }
}

/// Lists the projects the user holds a role in, with the role.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects",
    tag = "projects",
    operation_id = "listProjects",
    params(ClusterPath),
    responses(
        (status = 200, description = "The projects the user can see", body = ProjectList),
        ErrorResponses,
    )
)]
async fn list_projects(
    State(state): State<AppState>,
    path: ClusterPath,
    identity: Identity,
) -> Result<Json<ProjectList>, ApiError> {
    let cluster = state.clusters.get(&path.cluster)?;
    let console = cluster.console_client();
    let err = |e| map_kube_error(&cluster.name, e);
    let namespaces = Api::<Namespace>::all(console.clone())
        .list(&ListParams::default())
        .await
        .map_err(err)?;
    let workspace_of: BTreeMap<String, Option<String>> = namespaces
        .items
        .iter()
        .filter_map(|ns| {
            let name = ns.metadata.name.clone()?;
            let ws = ns
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(WORKSPACE_LABEL).cloned());
            Some((name, ws))
        })
        .collect();

    let mut roles: BTreeMap<String, &'static str> = BTreeMap::new();
    let everything = Check {
        verb: "*",
        group: "*",
        resource: "*",
        subresource: "",
    };
    let mut grant = |ns: &str, role: &'static str| {
        let entry = roles.entry(ns.to_owned()).or_insert(role);
        if rank(role) > rank(entry) {
            *entry = role;
        }
    };
    if state
        .authz
        .allowed(&cluster, &identity, None, everything)
        .await?
    {
        for ns in workspace_of.keys() {
            grant(ns, "admin");
        }
    }
    let cluster_bindings = Api::<ClusterRoleBinding>::all(console.clone())
        .list(&ListParams::default())
        .await
        .map_err(err)?;
    for binding in &cluster_bindings.items {
        let word = role_word(&binding.role_ref.name);
        if word != "custom"
            && binding
                .subjects
                .iter()
                .flatten()
                .any(|s| names_user(s, &identity))
        {
            for ns in workspace_of.keys() {
                grant(ns, word);
            }
        }
    }
    let bindings = Api::<RoleBinding>::all(console)
        .list(&ListParams::default())
        .await
        .map_err(err)?;
    for binding in &bindings.items {
        let Some(ns) = binding.metadata.namespace.as_deref() else {
            continue;
        };
        if binding
            .subjects
            .iter()
            .flatten()
            .any(|s| names_user(s, &identity))
        {
            grant(ns, role_word(&binding.role_ref.name));
        }
    }
    let items = roles
        .into_iter()
        .filter(|(ns, _)| workspace_of.contains_key(ns))
        .map(|(name, role)| Project {
            workspace: workspace_of.get(&name).cloned().flatten(),
            name,
            role: role.to_owned(),
        })
        .collect();
    Ok(Json(ProjectList { items }))
}

/// What the user may do in a project: view, create, edit, delete, rerun, suspend, logs.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{cluster}/projects/{project}/permissions",
    tag = "projects",
    operation_id = "getPermissions",
    params(ProjectPath),
    responses(
        (status = 200, description = "The user's permissions in the project", body = Permissions),
        ErrorResponses,
    )
)]
async fn permissions(
    State(state): State<AppState>,
    path: ProjectPath,
    identity: Identity,
) -> Result<Json<Permissions>, ApiError> {
    let cluster = state.clusters.get(&path.cluster)?;
    let ns = Some(path.project.as_str());
    let may = |check: Check| {
        let (state, cluster, identity) = (&state, &cluster, &identity);
        async move { state.authz.allowed(cluster, identity, ns, check).await }
    };
    let (get, list, create, patch, update, delete, logs) = tokio::try_join!(
        may(Check::jobs("get")),
        may(Check::jobs("list")),
        may(Check::jobs("create")),
        may(Check::jobs("patch")),
        may(Check::jobs("update")),
        may(Check::jobs("delete")),
        may(Check::POD_LOGS),
    )?;
    Ok(Json(Permissions {
        view: get && list,
        create,
        edit: patch || update,
        delete,
        rerun: create && delete,
        suspend: patch,
        logs,
    }))
}

/// Routes of this group.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_projects))
        .routes(routes!(permissions))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_map_to_project_roles() {
        assert_eq!(role_word("jobconsole:project-operator"), "operator");
        assert_eq!(role_word("admin"), "admin");
        assert_eq!(role_word("my-role"), "custom");
        assert!(rank("admin") > rank("viewer"));
    }

    #[test]
    fn subjects_match_user_groups_and_service_accounts() {
        let id = Identity {
            username: "system:serviceaccount:ci:runner".into(),
            groups: vec!["team-a".into()],
            method: crate::auth::AuthMethod::Bearer,
            csrf_token: None,
        };
        let subject = |kind: &str, name: &str, ns: Option<&str>| Subject {
            kind: kind.into(),
            name: name.into(),
            namespace: ns.map(Into::into),
            api_group: None,
        };
        assert!(names_user(
            &subject("ServiceAccount", "runner", Some("ci")),
            &id
        ));
        assert!(names_user(&subject("Group", "team-a", None), &id));
        assert!(!names_user(&subject("User", "alice", None), &id));
    }
}
