//! Permission checks before acting: a SubjectAccessReview asked as the console (cached a
//! few seconds), so that a denial is a clear 403 naming the verb, resource and project,
//! and the UI can hide what a user cannot do. The cluster still judges every call, since
//! calls impersonate the user.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SubjectAccessReview, SubjectAccessReviewSpec,
};
use kube::Api;
use kube::api::PostParams;

use crate::auth::Identity;
use crate::cluster::{ClusterHandle, map_kube_error};
use crate::error::ApiError;

/// How long an answer is reused.
const TTL: Duration = Duration::from_secs(5);

/// One thing to check: `verb` on `group/resource[/subresource]` in a namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Check {
    /// `get`, `list`, `create`, `update`, `patch`, `delete`, …
    pub verb: &'static str,
    /// API group (`""` for core, `batch`, …).
    pub group: &'static str,
    /// Resource (`jobs`, `pods`, …).
    pub resource: &'static str,
    /// Subresource (`log`, `status`) or `""`.
    pub subresource: &'static str,
}

impl Check {
    /// `verb` on Jobs.
    pub const fn jobs(verb: &'static str) -> Self {
        Self {
            verb,
            group: "batch",
            resource: "jobs",
            subresource: "",
        }
    }

    /// Listing Pods.
    pub const PODS_LIST: Self = Self {
        verb: "list",
        group: "",
        resource: "pods",
        subresource: "",
    };

    /// Listing events.
    pub const EVENTS_LIST: Self = Self {
        verb: "list",
        group: "",
        resource: "events",
        subresource: "",
    };

    /// Reading Pod logs.
    pub const POD_LOGS: Self = Self {
        verb: "get",
        group: "",
        resource: "pods",
        subresource: "log",
    };

    fn describe(&self) -> String {
        let resource = if self.subresource.is_empty() {
            self.resource.to_owned()
        } else {
            format!("{}/{}", self.resource, self.subresource)
        };
        if self.group.is_empty() {
            resource
        } else {
            format!("{resource}.{}", self.group)
        }
    }
}

type Key = (String, String, Vec<String>, Option<String>, Check);

/// The cache of SubjectAccessReview answers.
#[derive(Debug, Default)]
pub struct Authz {
    cache: Mutex<HashMap<Key, (bool, Instant)>>,
}

impl Authz {
    /// Whether `identity` may do `check` in `namespace` (`None`: cluster-wide).
    pub async fn allowed(
        &self,
        cluster: &ClusterHandle,
        identity: &Identity,
        namespace: Option<&str>,
        check: Check,
    ) -> Result<bool, ApiError> {
        let key: Key = (
            cluster.name.clone(),
            identity.username.clone(),
            identity.groups.clone(),
            namespace.map(str::to_owned),
            check,
        );
        if let Some((answer, at)) = self
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            && at.elapsed() < TTL
        {
            return Ok(*answer);
        }
        let review = SubjectAccessReview {
            spec: SubjectAccessReviewSpec {
                user: Some(identity.username.clone()),
                groups: Some(identity.groups.clone()),
                resource_attributes: Some(ResourceAttributes {
                    namespace: namespace.map(str::to_owned),
                    verb: Some(check.verb.to_owned()),
                    group: Some(check.group.to_owned()),
                    resource: Some(check.resource.to_owned()),
                    subresource: (!check.subresource.is_empty())
                        .then(|| check.subresource.to_owned()),
                    ..ResourceAttributes::default()
                }),
                ..SubjectAccessReviewSpec::default()
            },
            ..SubjectAccessReview::default()
        };
        let api: Api<SubjectAccessReview> = Api::all(cluster.console_client());
        let answer = api
            .create(&PostParams::default(), &review)
            .await
            .map_err(|err| map_kube_error(&cluster.name, err))?
            .status
            .is_some_and(|s| s.allowed);
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() > 50_000 {
            cache.retain(|_, (_, at)| at.elapsed() < TTL);
        }
        cache.insert(key, (answer, Instant::now()));
        Ok(answer)
    }

    /// `Ok(())` when allowed, else a 403 naming the verb, resource and project.
    pub async fn require(
        &self,
        cluster: &ClusterHandle,
        identity: &Identity,
        namespace: &str,
        check: Check,
    ) -> Result<(), ApiError> {
        if self
            .allowed(cluster, identity, Some(namespace), check)
            .await?
        {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "user {:?} may not {} {} in project {namespace:?}",
                identity.username,
                check.verb,
                check.describe()
            )))
        }
    }

    /// Like [`Authz::require`] for actions that may use either of two verbs (edit-type
    /// actions accept `patch` or `update`).
    pub async fn require_any(
        &self,
        cluster: &ClusterHandle,
        identity: &Identity,
        namespace: &str,
        checks: &[Check],
    ) -> Result<(), ApiError> {
        for check in checks {
            if self
                .allowed(cluster, identity, Some(namespace), *check)
                .await?
            {
                return Ok(());
            }
        }
        let verbs: Vec<_> = checks.iter().map(|c| c.verb).collect();
        let what = checks.first().map(Check::describe).unwrap_or_default();
        Err(ApiError::Forbidden(format!(
            "user {:?} may not {} {what} in project {namespace:?}",
            identity.username,
            verbs.join(" or "),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_resources_as_kubernetes_does() {
        assert_eq!(Check::jobs("create").describe(), "jobs.batch");
        assert_eq!(Check::POD_LOGS.describe(), "pods/log");
    }
}
