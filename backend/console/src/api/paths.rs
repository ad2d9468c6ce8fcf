//! Typed, validated path parameters: a cluster or project name that is not a DNS-1123
//! label (`..`, `%2F`, uppercase, 300 characters, …) is a 400 before anything else runs.

use axum::extract::{FromRequestParts, Path};
use http::request::Parts;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::config::is_dns_label;
use crate::error::ApiError;

/// `/api/v1/clusters/{cluster}`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ClusterPath {
    /// A configured cluster's name.
    pub cluster: String,
}

/// `/api/v1/clusters/{cluster}/projects/{project}`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProjectPath {
    /// A configured cluster's name.
    pub cluster: String,
    /// The project (namespace).
    pub project: String,
}

fn check_name(kind: &str, value: &str) -> Result<(), ApiError> {
    if is_dns_label(value) {
        Ok(())
    } else {
        let shown: String = value.chars().take(70).collect();
        Err(ApiError::BadRequest(format!(
            "{kind} name {shown:?} is not valid: it must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)"
        )))
    }
}

async fn raw<T: serde::de::DeserializeOwned + Send, S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
) -> Result<T, ApiError> {
    Path::<T>::from_request_parts(parts, state)
        .await
        .map(|Path(value)| value)
        .map_err(|err| ApiError::BadRequest(err.body_text()))
}

impl<S: Send + Sync> FromRequestParts<S> for ClusterPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let path: Self = raw(parts, state).await?;
        check_name("cluster", &path.cluster)?;
        Ok(path)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ProjectPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let path: Self = raw(parts, state).await?;
        check_name("cluster", &path.cluster)?;
        check_name("project", &path.project)?;
        Ok(path)
    }
}

/// `/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct JobPath {
    /// A configured cluster's name.
    pub cluster: String,
    /// The project (namespace).
    pub project: String,
    /// The Job's name.
    pub job: String,
}

/// `/api/v1/clusters/{cluster}/projects/{project}/pods/{pod}`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PodPath {
    /// A configured cluster's name.
    pub cluster: String,
    /// The project (namespace).
    pub project: String,
    /// The Pod's name.
    pub pod: String,
}

/// An object name (Job, Pod): a DNS-1123 subdomain, as Kubernetes requires.
fn check_object_name(kind: &str, value: &str) -> Result<(), ApiError> {
    if crate::jobs::syntax::dns1123_subdomain(value).is_empty() {
        Ok(())
    } else {
        let shown: String = value.chars().take(70).collect();
        Err(ApiError::BadRequest(format!(
            "{kind} name {shown:?} is not valid: it must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)"
        )))
    }
}

impl JobPath {
    /// The project part of the path.
    pub fn project_path(&self) -> ProjectPath {
        ProjectPath {
            cluster: self.cluster.clone(),
            project: self.project.clone(),
        }
    }
}

impl PodPath {
    /// The project part of the path.
    pub fn project_path(&self) -> ProjectPath {
        ProjectPath {
            cluster: self.cluster.clone(),
            project: self.project.clone(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for JobPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let path: Self = raw(parts, state).await?;
        check_name("cluster", &path.cluster)?;
        check_name("project", &path.project)?;
        check_object_name("job", &path.job)?;
        Ok(path)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PodPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let path: Self = raw(parts, state).await?;
        check_name("cluster", &path.cluster)?;
        check_name("project", &path.project)?;
        check_object_name("pod", &path.pod)?;
        Ok(path)
    }
}
