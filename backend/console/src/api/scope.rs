//! A project as a request reaches it: the cluster, a client impersonating the user, the
//! namespace; with the permission checks done first. Shared by the Job, log and import
//! handlers.

use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::Pod;
use kube::api::ListParams;
use kube::{Api, Client};
use serde_json::Value;

use super::paths::ProjectPath;
use crate::AppState;
use crate::auth::Identity;
use crate::authz::Check;
use crate::cluster::{ClusterHandle, map_kube_error};
use crate::error::ApiError;
use crate::jobs;

/// A project as the user reaches it: the cluster, a client impersonating the user, and
/// the namespace.
pub(crate) struct Scope {
    pub(crate) cluster: Arc<ClusterHandle>,
    pub(crate) client: Client,
    pub(crate) project: String,
    pub(crate) identity: Identity,
}

impl Scope {
    /// Resolves the cluster, checks every permission in `checks`, and makes the user's
    /// client.
    pub(crate) async fn new(
        state: &AppState,
        path: &ProjectPath,
        identity: Identity,
        checks: &[Check],
    ) -> Result<Self, ApiError> {
        let cluster = state.clusters.get(&path.cluster)?;
        // The reviews run at once; a denial among them is the answer.
        futures::future::try_join_all(checks.iter().map(|check| {
            state
                .authz
                .require(&cluster, &identity, &path.project, *check)
        }))
        .await?;
        let client = cluster.client_for(&identity)?;
        Ok(Self {
            cluster,
            client,
            project: path.project.clone(),
            identity,
        })
    }

    /// The project's Jobs, as the user.
    pub(crate) fn jobs(&self) -> Api<Job> {
        Api::namespaced(self.client.clone(), &self.project)
    }

    /// The project's Pods, as the user.
    pub(crate) fn pods(&self) -> Api<Pod> {
        Api::namespaced(self.client.clone(), &self.project)
    }

    /// Maps a cluster error.
    pub(crate) fn err(&self, err: kube::Error) -> ApiError {
        map_kube_error(&self.cluster.name, err)
    }

    /// Maps a cluster error about one object: a 404 names the object and the project.
    pub(crate) fn err_about(&self, kind: &str, name: &str, err: kube::Error) -> ApiError {
        match err {
            kube::Error::Api(status) if status.code == 404 => ApiError::NotFound(format!(
                "{kind} {name:?} not found in project {:?}",
                self.project
            )),
            other => self.err(other),
        }
    }

    /// Reads one Job; a 404 names the Job and the project.
    pub(crate) async fn job(&self, name: &str) -> Result<Job, ApiError> {
        self.jobs()
            .get(name)
            .await
            .map_err(|err| self.err_about("job", name, err))
    }

    /// The Pods the Job owns (found by its selector, kept only when the Job is their
    /// controller owner).
    pub(crate) async fn job_pods(&self, job: &Job) -> Result<Vec<Pod>, ApiError> {
        let Some(selector) = jobs::pod_selector(job) else {
            return Ok(Vec::new());
        };
        let pods = self
            .pods()
            .list(&ListParams::default().labels(&selector))
            .await
            .map_err(|e| self.err(e))?;
        Ok(pods
            .items
            .into_iter()
            .filter(|p| jobs::owned_by(p, job))
            .collect())
    }
}

pub(crate) fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

/// A manifest (already validated) as a typed Job.
pub(crate) fn typed(manifest: Value) -> Result<Job, ApiError> {
    serde_json::from_value(manifest).map_err(|err| ApiError::Invalid {
        message: format!("the Job manifest is invalid: {err}"),
        fields: Vec::new(),
    })
}

pub(crate) fn created(job: Job, dry_run: bool) -> Response {
    let status = if dry_run {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (status, axum::Json(job)).into_response()
}

pub(crate) fn stale(name: &str) -> ApiError {
    ApiError::Conflict(format!(
        "job {name:?} was changed by someone else since you read it; reload it and apply your change again"
    ))
}
