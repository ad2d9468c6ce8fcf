//! The Job domain, with no HTTP and no cluster calls in it: a Job's status and list row,
//! the list's filters, sorting and paging, parsing request bodies into manifests, validating
//! manifests before they reach the cluster, the clean export, and run records for rerun.
//!
//! The HTTP handlers in `api/` are thin wrappers over these functions.

pub mod error;
pub mod events;
pub mod export;
pub mod info;
pub mod list;
pub mod logs;
pub mod parse;
pub mod pods;
pub mod quantity;
pub mod records;
pub mod selector;
pub mod status;
pub mod submit;
pub mod syntax;
pub mod validate;
mod validate_container;
mod validate_pod;

#[cfg(test)]
pub(crate) mod testutil;

pub use crate::error::FieldError;
pub use error::JobsError;
pub use events::{EventList, EventRow, event_rows};
pub use export::{GENERATED_LABELS, clean_manifest, export_job, to_yaml};
pub use info::{JobInfo, info_patch, suspend_patch, validate_info};
pub use list::{JobList, ListQuery, SortBy, SortOrder, list_jobs};
pub use logs::{job_finished, merge_logs, pod_finished, prefix};
pub use parse::{
    BodyFormat, ManifestDocument, body_format, check_kind, parse_documents, parse_manifest,
};
pub use pods::{ContainerRow, PodList, PodRow, owned_by, pod_rows, pod_selector};
pub use quantity::Quantity;
pub use records::{
    DEFAULT_HISTORY_LIMIT, REVISIONS_ANNOTATION, RunRecord, RunRecords, RunStatus,
    rerun_annotation, rerun_manifest, rerun_needs_confirmation, run_records,
};
pub use selector::LabelSelector;
pub use status::{
    ALIAS_ANNOTATION, DESCRIPTION_ANNOTATION, DerivedStatus, JobStatus, JobSummary,
    duration_seconds, job_status, summarize,
};
pub use submit::{generation_guard, prepare_imports, prepare_manifest, prepare_replacement};
pub use validate::validate_job;
