//! Tests of log keeping and reading: what `kubectl logs` prints or the error it reports.

use k8s_openapi::api::core::v1::{
    Container, ContainerState, ContainerStateWaiting, ContainerStatus, PodSpec, PodStatus,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::*;

fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
}

fn pod(containers: &[&str], inits: &[&str], node: Option<&str>) -> Pod {
    let container = |n: &&str| Container {
        name: (*n).to_owned(),
        ..Container::default()
    };
    Pod {
        metadata: ObjectMeta {
            name: Some("pi-abcde".into()),
            namespace: Some("ns".into()),
            ..ObjectMeta::default()
        },
        spec: Some(PodSpec {
            containers: containers.iter().map(container).collect(),
            init_containers: (!inits.is_empty()).then(|| inits.iter().map(container).collect()),
            node_name: node.map(str::to_owned),
            ..PodSpec::default()
        }),
        status: None,
    }
}

fn opts() -> LogOptions {
    LogOptions::default()
}

#[test]
fn container_name_rules_as_kubernetes_words_them() {
    let logs = Logs::default();
    let two = pod(&["a", "b"], &["init"], Some("node-1"));
    assert_eq!(
        resolve(&two, &opts(), &logs),
        Err(LogError::BadRequest(
            "a container name must be specified for pod pi-abcde, choose one of: [a b] or one \
             of the init containers: [init]"
                .into()
        ))
    );
    let wrong = LogOptions {
        container: Some("x".into()),
        ..opts()
    };
    assert_eq!(
        resolve(&two, &wrong, &logs),
        Err(LogError::BadRequest(
            "container x is not valid for pod pi-abcde".into()
        ))
    );
}

#[test]
fn waiting_and_previous_errors() {
    let logs = Logs::default();
    let mut p = pod(&["pi"], &[], Some("node-1"));
    assert_eq!(
        resolve(&p, &opts(), &logs),
        Err(LogError::BadRequest(
            "container \"pi\" in pod \"pi-abcde\" is waiting to start: ContainerCreating".into()
        ))
    );
    p.status = Some(PodStatus {
        container_statuses: Some(vec![ContainerStatus {
            name: "pi".into(),
            state: Some(ContainerState {
                waiting: Some(ContainerStateWaiting {
                    reason: Some("PodInitializing".into()),
                    message: None,
                }),
                ..ContainerState::default()
            }),
            ..ContainerStatus::default()
        }]),
        ..PodStatus::default()
    });
    assert!(
        matches!(resolve(&p, &opts(), &logs), Err(LogError::BadRequest(m)) if m.ends_with("PodInitializing"))
    );
    logs.start("ns", "pi-abcde", "pi");
    assert_eq!(
        resolve(&p, &opts(), &logs),
        Ok(Source::Container("pi".into()))
    );
    let previous = LogOptions {
        previous: true,
        ..opts()
    };
    assert_eq!(
        resolve(&p, &previous, &logs),
        Err(LogError::BadRequest(
            "previous terminated container \"pi\" in pod \"pi-abcde\" not found".into()
        ))
    );
    logs.append("ns", "pi-abcde", "pi", t(0), "first run".into());
    logs.start("ns", "pi-abcde", "pi");
    logs.append("ns", "pi-abcde", "pi", t(20), "second run".into());
    assert_eq!(
        resolve(&p, &previous, &logs),
        Ok(Source::Container("pi".into()))
    );
    let old = logs
        .instance("ns", "pi-abcde", "pi", true)
        .expect("previous run");
    assert!(old.ended);
    assert_eq!(old.lines[0].text, "first run");
    // An unscheduled pod has empty logs.
    let pending = pod(&["pi"], &[], None);
    assert_eq!(resolve(&pending, &opts(), &logs), Ok(Source::Unscheduled));
}

#[test]
fn tail_since_timestamps_and_limit() {
    let lines: Vec<LogLine> = (0..5)
        .map(|i| LogLine {
            at: t(i * 10),
            text: format!("line {i}"),
        })
        .collect();
    let now = t(40);
    assert_eq!(
        render(&lines, &opts(), now),
        "line 0\nline 1\nline 2\nline 3\nline 4\n"
    );
    let tail = LogOptions {
        tail_lines: Some(2),
        ..opts()
    };
    assert_eq!(render(&lines, &tail, now), "line 3\nline 4\n");
    let since = LogOptions {
        since_seconds: Some(15),
        ..opts()
    };
    assert_eq!(render(&lines, &since, now), "line 3\nline 4\n");
    let since_time = LogOptions {
        since_time: Some(t(20)),
        ..opts()
    };
    assert_eq!(render(&lines, &since_time, now), "line 2\nline 3\nline 4\n");
    let stamped = LogOptions {
        timestamps: true,
        tail_lines: Some(1),
        ..opts()
    };
    assert_eq!(
        render(&lines, &stamped, now),
        "2027-01-15T08:00:40Z line 4\n"
    );
    let limited = LogOptions {
        limit_bytes: Some(10),
        ..opts()
    };
    assert_eq!(render(&lines, &limited, now), "line 0\nlin");
    assert_eq!(
        rfc3339_nano(t(0) + chrono::Duration::milliseconds(120)),
        "2027-01-15T08:00:00.12Z"
    );
}
