//! The Job list: search, status and label-selector filters, sorting and paging over
//! [`JobSummary`] rows, as `GET …/jobs` offers them.
//!
//! Paging is by offset in the filtered, sorted list, carried in an opaque `continue` token
//! that also holds a fingerprint of the query, so a token cannot be replayed against another
//! filter or sort. The list is recomputed for every page (it comes from a watch cache), so
//! a Job created or deleted between two pages may shift the rows by one — the same trade-off
//! as any offset paging; the total count is always current.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::JobsError;
use super::selector::LabelSelector;
use super::status::{JobStatus, JobSummary};

/// What the list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum SortBy {
    /// The Job's name.
    Name,
    /// When the Job was created (the default).
    #[default]
    CreatedAt,
    /// The status, in the order Pending, Running, Suspended, Failing, Failed, Completed.
    Status,
    /// How long the Job ran (Jobs that have not started count as shortest).
    Duration,
    /// The latest change on the Job.
    UpdatedAt,
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Smallest first.
    Asc,
    /// Largest (newest) first (the default).
    #[default]
    Desc,
}

/// The query parameters of `GET …/jobs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only Jobs whose name or alias contains this, ignoring case.
    pub search: Option<String>,
    /// Only Jobs with this status; several may be given separated by commas
    /// (`Running,Failing`), case ignored.
    pub status: Option<String>,
    /// A Kubernetes label selector (`app=pi,env in (dev,qa),!canary`).
    pub label_selector: Option<String>,
    /// Sort key (default `createdAt`).
    #[param(inline)]
    pub sort_by: Option<SortBy>,
    /// Sort order (default `desc`: newest first).
    #[param(inline)]
    pub order: Option<SortOrder>,
    /// The page size; absent or 0 for all.
    pub limit: Option<u32>,
    /// The token from the previous page's `continue`.
    #[serde(rename = "continue")]
    #[param(rename = "continue")]
    pub continue_token: Option<String>,
}

/// One page of the Job list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct JobList {
    /// The Jobs on this page.
    pub items: Vec<JobSummary>,
    /// How many Jobs match the filters, over all pages.
    pub total: usize,
    /// The token for the next page; absent on the last page.
    #[serde(rename = "continue", skip_serializing_if = "Option::is_none")]
    pub continue_token: Option<String>,
}

fn parse_statuses(text: &str) -> Result<Vec<JobStatus>, JobsError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            JobStatus::parse(s).ok_or_else(|| JobsError::InvalidQuery {
                parameter: "status".to_owned(),
                message: format!(
                    "unknown status {s:?}: supported values: {}",
                    JobStatus::ALL.map(JobStatus::as_str).join(", ")
                ),
            })
        })
        .collect()
}

/// A stable 64-bit FNV-1a hash of the parts of the query that shape the list.
fn fingerprint(query: &ListQuery) -> u64 {
    let text = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}",
        query.search,
        query.status,
        query.label_selector,
        query.sort_by.unwrap_or_default(),
        query.order.unwrap_or_default()
    );
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn encode_token(offset: usize, fingerprint: u64) -> String {
    format!("v1.{offset}.{fingerprint:016x}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_token(token: &str, expected: u64) -> Result<usize, JobsError> {
    let bad = |message: &str| JobsError::InvalidContinue {
        message: message.to_owned(),
    };
    if !token.len().is_multiple_of(2) || token.len() > 128 {
        return Err(bad("it is not a token this server issued"));
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(token.get(i..i + 2)?, 16).ok())
        .collect();
    let text = bytes
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| bad("it is not a token this server issued"))?;
    let mut parts = text.split('.');
    let (Some("v1"), Some(offset), Some(fp), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("it is not a token this server issued"));
    };
    let offset: usize = offset
        .parse()
        .map_err(|_| bad("it is not a token this server issued"))?;
    if u64::from_str_radix(fp, 16).ok() != Some(expected) {
        return Err(bad(
            "it belongs to a query with other filters or another sort order",
        ));
    }
    Ok(offset)
}

fn sort(items: &mut [JobSummary], sort_by: SortBy, order: SortOrder) {
    items.sort_by(|a, b| {
        let primary = match sort_by {
            SortBy::Name => a.name.cmp(&b.name),
            SortBy::CreatedAt => a.created_at.cmp(&b.created_at),
            SortBy::Status => a.status.cmp(&b.status),
            SortBy::Duration => a.duration_seconds.cmp(&b.duration_seconds),
            SortBy::UpdatedAt => a.updated_at.cmp(&b.updated_at),
        };
        let primary = match order {
            SortOrder::Asc => primary,
            SortOrder::Desc => primary.reverse(),
        };
        // Ties always by name, ascending, so pages are stable.
        primary.then_with(|| a.name.cmp(&b.name))
    });
}

/// Filters, sorts and pages the Job summaries of one project as `query` asks.
pub fn list_jobs(summaries: Vec<JobSummary>, query: &ListQuery) -> Result<JobList, JobsError> {
    let statuses = query
        .status
        .as_deref()
        .map(parse_statuses)
        .transpose()?
        .unwrap_or_default();
    let selector = match query.label_selector.as_deref() {
        Some(text) => {
            LabelSelector::parse(text).map_err(|message| JobsError::InvalidLabelSelector {
                selector: text.to_owned(),
                message,
            })?
        }
        None => LabelSelector::default(),
    };
    let fp = fingerprint(query);
    let offset = match query.continue_token.as_deref().filter(|t| !t.is_empty()) {
        Some(token) => decode_token(token, fp)?,
        None => 0,
    };
    let search = query
        .search
        .as_deref()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let mut items: Vec<JobSummary> = summaries
        .into_iter()
        .filter(|s| statuses.is_empty() || statuses.contains(&s.status))
        .filter(|s| selector.matches(&s.labels))
        .filter(|s| {
            search.as_deref().is_none_or(|needle| {
                s.name.to_lowercase().contains(needle)
                    || s.alias
                        .as_deref()
                        .is_some_and(|a| a.to_lowercase().contains(needle))
            })
        })
        .collect();
    sort(
        &mut items,
        query.sort_by.unwrap_or_default(),
        query.order.unwrap_or_default(),
    );
    let total = items.len();
    let limit = query
        .limit
        .filter(|l| *l > 0)
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(usize::MAX);
    let page: Vec<JobSummary> = items.into_iter().skip(offset).take(limit).collect();
    let next = offset.saturating_add(page.len());
    let continue_token = (next < total).then(|| encode_token(next, fp));
    Ok(JobList {
        items: page,
        total,
        continue_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::status::{ALIAS_ANNOTATION, summarize};
    use crate::jobs::testutil::{at, job};

    fn fixtures() -> Vec<JobSummary> {
        let now = at(10_000);
        [
            job("pi")
                .completions(4)
                .succeeded(4)
                .complete()
                .label("app", "pi")
                .created(100)
                .annotation(ALIAS_ANNOTATION, "Digits of Pi"),
            job("backup")
                .active(1)
                .label("app", "backup")
                .label("env", "prod")
                .created(300),
            job("report")
                .failed(7)
                .failed_with("BackoffLimitExceeded")
                .label("env", "dev")
                .created(200),
            job("queue").created(400),
            job("nightly").suspended().label("env", "prod").created(50),
        ]
        .into_iter()
        .map(|b| summarize(&b.build(), now))
        .collect()
    }

    fn names(list: &JobList) -> Vec<&str> {
        list.items.iter().map(|s| s.name.as_str()).collect()
    }

    fn query() -> ListQuery {
        ListQuery::default()
    }

    #[test]
    fn default_is_newest_first() {
        let list = list_jobs(fixtures(), &query()).expect("lists");
        assert_eq!(names(&list), ["queue", "backup", "report", "pi", "nightly"]);
        assert_eq!(list.total, 5);
        assert_eq!(list.continue_token, None);
    }

    #[test]
    fn search_matches_name_or_alias_ignoring_case() {
        let q = ListQuery {
            search: Some("PI".into()),
            ..query()
        };
        assert_eq!(names(&list_jobs(fixtures(), &q).expect("lists")), ["pi"]);
        let q = ListQuery {
            search: Some("digits".into()),
            ..query()
        };
        assert_eq!(names(&list_jobs(fixtures(), &q).expect("lists")), ["pi"]);
        let q = ListQuery {
            search: Some("o".into()),
            sort_by: Some(SortBy::Name),
            order: Some(SortOrder::Asc),
            ..query()
        };
        assert_eq!(
            names(&list_jobs(fixtures(), &q).expect("lists")),
            ["pi", "report"]
        );
    }

    #[test]
    fn status_filter() {
        let q = ListQuery {
            status: Some("failed".into()),
            ..query()
        };
        assert_eq!(
            names(&list_jobs(fixtures(), &q).expect("lists")),
            ["report"]
        );
        let q = ListQuery {
            status: Some("Pending, Suspended".into()),
            ..query()
        };
        assert_eq!(
            names(&list_jobs(fixtures(), &q).expect("lists")),
            ["queue", "nightly"]
        );
        let q = ListQuery {
            status: Some("Done".into()),
            ..query()
        };
        let err = list_jobs(fixtures(), &q).unwrap_err();
        assert!(
            matches!(&err, JobsError::InvalidQuery { parameter, .. } if parameter == "status"),
            "{err}"
        );
    }

    #[test]
    fn label_selector_filter() {
        let q = ListQuery {
            label_selector: Some("env=prod".into()),
            ..query()
        };
        assert_eq!(
            names(&list_jobs(fixtures(), &q).expect("lists")),
            ["backup", "nightly"]
        );
        let q = ListQuery {
            label_selector: Some("env in (dev,prod),app".into()),
            ..query()
        };
        assert_eq!(
            names(&list_jobs(fixtures(), &q).expect("lists")),
            ["backup"]
        );
        let q = ListQuery {
            label_selector: Some("!env".into()),
            ..query()
        };
        assert_eq!(
            names(&list_jobs(fixtures(), &q).expect("lists")),
            ["queue", "pi"]
        );
        let q = ListQuery {
            label_selector: Some("env in (".into()),
            ..query()
        };
        let err = list_jobs(fixtures(), &q).unwrap_err();
        assert!(err.to_string().contains("\"env in (\""), "{err}");
        assert_eq!(err.http_status(), 400);
    }

    #[test]
    fn sorting() {
        let sorted = |sort_by, order| {
            let q = ListQuery {
                sort_by: Some(sort_by),
                order: Some(order),
                ..query()
            };
            list_jobs(fixtures(), &q)
                .expect("lists")
                .items
                .into_iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sorted(SortBy::Name, SortOrder::Asc),
            ["backup", "nightly", "pi", "queue", "report"]
        );
        assert_eq!(
            sorted(SortBy::CreatedAt, SortOrder::Asc),
            ["nightly", "pi", "report", "backup", "queue"]
        );
        assert_eq!(
            sorted(SortBy::Status, SortOrder::Asc),
            ["queue", "backup", "nightly", "report", "pi"]
        );
        // pi ran 60 s, report 30 s, backup runs (990 s at at(10_000)? no: start 10 → 9990 s).
        assert_eq!(sorted(SortBy::Duration, SortOrder::Desc)[0], "backup");
        assert_eq!(
            sorted(SortBy::Duration, SortOrder::Asc),
            ["nightly", "queue", "report", "pi", "backup"]
        );
        assert_eq!(sorted(SortBy::UpdatedAt, SortOrder::Desc)[0], "queue");
    }

    #[test]
    fn paging_with_continue_tokens() {
        let mut q = ListQuery {
            limit: Some(2),
            sort_by: Some(SortBy::Name),
            order: Some(SortOrder::Asc),
            ..query()
        };
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let list = list_jobs(fixtures(), &q).expect("lists");
            assert_eq!(list.total, 5);
            assert!(list.items.len() <= 2);
            seen.extend(list.items.into_iter().map(|s| s.name));
            pages += 1;
            match list.continue_token {
                Some(token) => q.continue_token = Some(token),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, ["backup", "nightly", "pi", "queue", "report"]);
    }

    #[test]
    fn bad_or_foreign_tokens_are_errors() {
        let q = ListQuery {
            limit: Some(2),
            ..query()
        };
        let token = list_jobs(fixtures(), &q)
            .expect("lists")
            .continue_token
            .expect("more pages");
        for bad in ["zz", "abc", "00", &"41".repeat(100), "76312e782e30"] {
            let q = ListQuery {
                continue_token: Some(bad.to_owned()),
                ..query()
            };
            let err = list_jobs(fixtures(), &q).unwrap_err();
            assert!(
                matches!(err, JobsError::InvalidContinue { .. }),
                "{bad}: {err}"
            );
        }
        let other = ListQuery {
            continue_token: Some(token),
            sort_by: Some(SortBy::Name),
            limit: Some(2),
            ..query()
        };
        let err = list_jobs(fixtures(), &other).unwrap_err();
        assert!(err.to_string().contains("another sort order"), "{err}");
    }

    #[test]
    fn query_deserializes_from_camel_case() {
        let q: ListQuery = serde_json::from_value(serde_json::json!({
            "search": "pi", "labelSelector": "app=pi", "sortBy": "updatedAt", "order": "asc",
            "limit": 10, "continue": "x"
        }))
        .expect("parses");
        assert_eq!(q.sort_by, Some(SortBy::UpdatedAt));
        assert_eq!(q.order, Some(SortOrder::Asc));
        assert_eq!(q.continue_token.as_deref(), Some("x"));
        assert_eq!(q.label_selector.as_deref(), Some("app=pi"));
        let page = JobList {
            items: vec![],
            total: 0,
            continue_token: Some("t".into()),
        };
        assert_eq!(serde_json::to_value(page).expect("ok")["continue"], "t");
    }
}
