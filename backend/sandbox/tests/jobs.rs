//! Jobs end to end on the driven clock: the Job controller, scheduler and kubelet running
//! against a seeded sandbox, observed through kube-rs as a client would. Each test cites the
//! rule of kubernetes.io's Job page (<https://kubernetes.io/docs/concepts/workloads/controllers/job/>)
//! it checks.

mod common;

use std::time::Duration;

use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Event, Pod};
use kube::api::{Api, ListParams, LogParams, Patch, PatchParams, PostParams};
use sandbox::Sandbox;

/// π to 2000 digits, from `perl -MMath::BigFloat -le 'print Math::BigFloat->bpi(2000)'`.
const PI_2000: &str = include_str!("../src/kubelet/fixtures/pi-2000.txt");

struct Cluster {
    sb: Sandbox,
    jobs: Api<Job>,
    pods: Api<Pod>,
    events: Api<Event>,
}

fn cluster() -> Cluster {
    // A seeded sandbox starts its controllers itself.
    let sb = common::running_sandbox();
    let client = common::client(&sb, "admin");
    Cluster {
        jobs: Api::namespaced(client.clone(), "demo-project"),
        pods: Api::namespaced(client.clone(), "demo-project"),
        events: Api::namespaced(client, "demo-project"),
        sb,
    }
}

fn job_from_yaml(yaml: &str) -> Job {
    serde_norway::from_str(yaml).expect("valid Job YAML")
}

impl Cluster {
    /// Lets the controllers catch up: returns once the store has not changed for a moment.
    async fn settle(&self) {
        let store = self.sb.store();
        let mut last = store.resource_version();
        let mut quiet = 0;
        while quiet < 3 {
            tokio::time::sleep(Duration::from_millis(3)).await;
            let now = store.resource_version();
            if now == last {
                quiet += 1;
            } else {
                quiet = 0;
                last = now;
            }
        }
    }

    /// Advances the sandbox clock a second at a time until `done` holds (checked after the
    /// controllers settle), for at most `limit` sandbox seconds. `each` sees every step.
    async fn drive_until(
        &self,
        limit: u64,
        mut each: impl FnMut(&Self),
        mut done: impl FnMut(&Self) -> bool,
    ) -> u64 {
        for elapsed in 0..=limit {
            self.settle().await;
            each(self);
            if done(self) {
                return elapsed;
            }
            self.sb.clock().advance(Duration::from_secs(1));
        }
        panic!("not done after {limit} sandbox seconds");
    }

    /// Advances the sandbox clock by `secs`, a second at a time, letting the controllers
    /// catch up after each.
    async fn run_for(&self, secs: u64) {
        for _ in 0..secs {
            self.settle().await;
            self.sb.clock().advance(Duration::from_secs(1));
        }
        self.settle().await;
    }

    fn job(&self, name: &str) -> Option<Job> {
        self.sb.store().get::<Job>("demo-project", name).ok()
    }

    fn condition(&self, job: &str, type_: &str) -> Option<(String, String)> {
        let job = self.job(job)?;
        job.status?
            .conditions?
            .into_iter()
            .find(|c| c.type_ == type_ && c.status == "True")
            .map(|c| (c.reason.unwrap_or_default(), c.message.unwrap_or_default()))
    }

    fn job_pods(&self, job: &str) -> Vec<Pod> {
        self.sb
            .store()
            .list::<Pod>(
                Some("demo-project"),
                &sandbox::store::ListParams::labels(&format!("job-name={job}")),
            )
            .map(|l| l.items)
            .unwrap_or_default()
    }

    fn phases(&self, job: &str) -> Vec<String> {
        self.job_pods(job)
            .iter()
            .map(|p| {
                p.status
                    .as_ref()
                    .and_then(|s| s.phase.clone())
                    .unwrap_or_default()
            })
            .collect()
    }

    async fn event_reasons(&self, name: &str) -> Vec<String> {
        let lp = ListParams::default().fields(&format!("involvedObject.name={name}"));
        let mut events = self.events.list(&lp).await.expect("events").items;
        events.sort_by_key(|e| e.metadata.name.clone());
        events.into_iter().filter_map(|e| e.reason).collect()
    }

    async fn event_message(&self, name: &str, reason: &str) -> Option<String> {
        let lp = ListParams::default().fields(&format!("involvedObject.name={name}"));
        let events = self.events.list(&lp).await.expect("events").items;
        events
            .into_iter()
            .find(|e| e.reason.as_deref() == Some(reason))
            .and_then(|e| e.message)
    }
}

#[tokio::test]
async fn pi_job_computes_pi_with_at_most_two_pods_running() {
    // kubernetes.io, Job: "Running an example Job" (the pi Job) and "Parallel execution for
    // Jobs": completions 4, parallelism 2.
    let c = cluster();
    let pi = job_from_yaml(
        r#"
metadata: {name: pi}
spec:
  completions: 4
  parallelism: 2
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
"#,
    );
    c.jobs
        .create(&PostParams::default(), &pi)
        .await
        .expect("created");
    let mut most_running = 0;
    let took = c
        .drive_until(
            300,
            |c| {
                let running = c.phases("pi").iter().filter(|p| *p == "Running").count();
                most_running = most_running.max(running);
            },
            |c| c.condition("pi", "Complete").is_some(),
        )
        .await;
    assert_eq!(most_running, 2, "never more than parallelism pods at once");
    assert!(took >= 20, "two rounds of ~10 s computations, took {took}s");
    let job = c.jobs.get("pi").await.expect("job");
    let status = job.status.expect("status");
    assert_eq!(status.succeeded, Some(4));
    assert_eq!(status.active, None);
    assert!(status.completion_time.is_some() && status.start_time.is_some());
    let pods = c
        .pods
        .list(&ListParams::default().labels("job-name=pi"))
        .await
        .expect("pods")
        .items;
    assert_eq!(pods.len(), 4);
    for pod in &pods {
        let status = pod.status.clone().expect("pod status");
        assert_eq!(status.phase.as_deref(), Some("Succeeded"));
        let container = &status.container_statuses.expect("statuses")[0];
        let terminated = container
            .state
            .clone()
            .and_then(|s| s.terminated)
            .expect("terminated");
        assert_eq!(
            (terminated.exit_code, terminated.reason.as_deref()),
            (0, Some("Completed"))
        );
        assert!(status.pod_ip.is_some() && status.host_ip.is_some());
        let name = pod.metadata.name.clone().expect("name");
        let log = c
            .pods
            .logs(&name, &LogParams::default())
            .await
            .expect("logs");
        assert_eq!(log, PI_2000, "pod {name} prints π to 2000 digits");
        let reasons = c.event_reasons(&name).await;
        for reason in ["Scheduled", "Created", "Started"] {
            assert!(
                reasons.iter().any(|r| r == reason),
                "{reason} in {reasons:?}"
            );
        }
        assert!(reasons.iter().any(|r| r == "Pulled"), "{reasons:?}");
    }
    let reasons = c.event_reasons("pi").await;
    assert_eq!(
        reasons.iter().filter(|r| *r == "SuccessfulCreate").count(),
        4
    );
    assert_eq!(
        c.event_message("pi", "Completed").await.as_deref(),
        Some("Job completed")
    );
}

#[tokio::test]
async fn exit_1_with_backoff_limit_2_fails_after_three_pods() {
    // kubernetes.io, Job, "Pod backoff failure policy": a new pod per failure (Never) with
    // an exponential back-off; past backoffLimit the Job fails with BackoffLimitExceeded.
    let c = cluster();
    let job = common::job("fails")
        .spec(|s| {
            s.backoff_limit = Some(2);
            if let Some(p) = s.template.spec.as_mut() {
                p.containers[0].command = Some(vec!["sh".into(), "-c".into(), "exit 1".into()]);
            }
        })
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    let took = c
        .drive_until(300, |_| {}, |c| c.condition("fails", "Failed").is_some())
        .await;
    assert!(took >= 30, "10 s then 20 s of back-off, took {took}s");
    assert_eq!(
        c.condition("fails", "Failed"),
        Some((
            "BackoffLimitExceeded".into(),
            "Job has reached the specified backoff limit".into()
        ))
    );
    assert!(c.condition("fails", "FailureTarget").is_some());
    let phases = c.phases("fails");
    assert_eq!(phases, ["Failed", "Failed", "Failed"]);
    let status = c
        .jobs
        .get("fails")
        .await
        .expect("job")
        .status
        .expect("status");
    assert_eq!(status.failed, Some(3));
    assert_eq!(
        c.event_message("fails", "BackoffLimitExceeded")
            .await
            .as_deref(),
        Some("Job has reached the specified backoff limit")
    );
}

#[tokio::test]
async fn a_node_selector_no_node_matches_leaves_pods_pending() {
    // kubernetes.io, "Assigning Pods to Nodes": nodeSelector; the scheduler's
    // FailedScheduling event says why.
    let c = cluster();
    let job = common::job("hdd")
        .spec(|s| {
            if let Some(p) = s.template.spec.as_mut() {
                p.node_selector = Some([("disktype".to_owned(), "hdd".to_owned())].into());
            }
        })
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    c.run_for(5).await;
    let pods = c.job_pods("hdd");
    assert_eq!(pods.len(), 1);
    let pod = &pods[0];
    let status = pod.status.clone().expect("status");
    assert_eq!(status.phase.as_deref(), Some("Pending"));
    let scheduled = status
        .conditions
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.type_ == "PodScheduled")
        .expect("PodScheduled");
    let message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. \
                   preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    assert_eq!(
        (
            scheduled.status.as_str(),
            scheduled.reason.as_deref(),
            scheduled.message.as_deref()
        ),
        ("False", Some("Unschedulable"), Some(message))
    );
    let name = pod.metadata.name.clone().expect("name");
    assert_eq!(
        c.event_message(&name, "FailedScheduling").await.as_deref(),
        Some(message)
    );
    // Logs of an unscheduled pod are empty.
    assert_eq!(
        c.pods
            .logs(&name, &LogParams::default())
            .await
            .expect("logs"),
        ""
    );
}

#[tokio::test]
async fn the_seeds_suspended_echo_job_resumes_by_patch_and_completes() {
    // kubernetes.io, Job, "Suspending a Job": a suspended Job starts no pods; patching
    // suspend to false resumes it.
    let c = cluster();
    let echo = job_from_yaml(
        r#"
metadata: {name: job-echo, labels: {job-name: job-echo}}
spec:
  suspend: true
  ttlSecondsAfterFinished: 100
  backoffLimit: 4
  completions: 2
  parallelism: 2
  template:
    spec:
      containers:
      - command: [echo, "Hello, Job"]
        image: busybox:latest
        imagePullPolicy: Always
        name: echo
        resources: {}
      restartPolicy: Never
"#,
    );
    c.jobs
        .create(&PostParams::default(), &echo)
        .await
        .expect("created");
    c.run_for(3).await;
    assert!(c.job_pods("job-echo").is_empty());
    assert_eq!(
        c.condition("job-echo", "Suspended"),
        Some(("JobSuspended".into(), "Job suspended".into()))
    );
    let patch = serde_json::json!({"spec": {"suspend": false}});
    c.jobs
        .patch("job-echo", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .expect("patched");
    c.drive_until(
        60,
        |_| {},
        |c| c.condition("job-echo", "Complete").is_some(),
    )
    .await;
    let status = c
        .jobs
        .get("job-echo")
        .await
        .expect("job")
        .status
        .expect("status");
    assert_eq!(status.succeeded, Some(2));
    let suspended = status
        .conditions
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.type_ == "Suspended")
        .expect("Suspended condition");
    assert_eq!(
        (suspended.status.as_str(), suspended.reason.as_deref()),
        ("False", Some("JobResumed"))
    );
    let reasons = c.event_reasons("job-echo").await;
    assert!(reasons.iter().any(|r| r == "Suspended") && reasons.iter().any(|r| r == "Resumed"));
    for pod in c.job_pods("job-echo") {
        let name = pod.metadata.name.expect("name");
        assert_eq!(
            c.pods
                .logs(&name, &LogParams::default())
                .await
                .expect("logs"),
            "Hello, Job\n"
        );
    }
}

#[tokio::test]
async fn ttl_after_finished_deletes_the_job_and_its_pods() {
    // kubernetes.io, "Automatic Cleanup for Finished Jobs": ttlSecondsAfterFinished.
    let c = cluster();
    let job = common::job("short-lived")
        .spec(|s| s.ttl_seconds_after_finished = Some(5))
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    let finished = c
        .drive_until(
            60,
            |_| {},
            |c| c.condition("short-lived", "Complete").is_some(),
        )
        .await;
    let gone = c
        .drive_until(
            60,
            |_| {},
            |c| c.job("short-lived").is_none() && c.job_pods("short-lived").is_empty(),
        )
        .await;
    assert!(
        (5..=6).contains(&gone),
        "deleted {gone}s after finishing at {finished}s"
    );
    assert!(c.jobs.get_opt("short-lived").await.expect("get").is_none());
}

#[tokio::test]
async fn on_failure_restarts_the_container_in_the_same_pod() {
    // kubernetes.io, Job, "Handling Pod and container failures": with OnFailure the
    // container restarts in place; restarts count against backoffLimit.
    let c = cluster();
    let job = common::job("retry")
        .spec(|s| {
            s.backoff_limit = Some(2);
            if let Some(p) = s.template.spec.as_mut() {
                p.restart_policy = Some("OnFailure".into());
                p.containers[0].command = Some(vec![
                    "sh".into(),
                    "-c".into(),
                    "echo attempt; exit 3".into(),
                ]);
            }
        })
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    c.settle().await;
    let pod_name = c.job_pods("retry")[0].metadata.name.clone().expect("name");
    let restarts = |c: &Cluster| {
        c.job_pods("retry")
            .first()
            .and_then(|p| p.status.clone())
            .and_then(|s| s.container_statuses)
            .map_or(0, |s| s[0].restart_count)
    };
    c.drive_until(60, |_| {}, |c| restarts(c) == 1).await;
    let pods = c.job_pods("retry");
    assert_eq!(pods.len(), 1, "the same pod, restarted in place");
    assert_eq!(pods[0].metadata.name.as_deref(), Some(pod_name.as_str()));
    c.drive_until(120, |_| {}, |c| c.condition("retry", "Failed").is_some())
        .await;
    assert_eq!(
        c.condition("retry", "Failed").map(|r| r.0),
        Some("BackoffLimitExceeded".into())
    );
    c.settle().await;
    assert!(c.job_pods("retry").is_empty(), "the active pod is deleted");
    let status = c
        .jobs
        .get("retry")
        .await
        .expect("job")
        .status
        .expect("status");
    assert_eq!(status.failed, Some(1));
    let reasons = c.event_reasons(&pod_name).await;
    assert!(reasons.iter().any(|r| r == "BackOff"), "{reasons:?}");
}

#[tokio::test]
async fn logs_previous_and_waiting_errors_as_kubernetes_words_them() {
    let c = cluster();
    let job = common::job("looping")
        .spec(|s| {
            s.backoff_limit = Some(10);
            if let Some(p) = s.template.spec.as_mut() {
                p.restart_policy = Some("OnFailure".into());
                p.containers[0].command = Some(vec![
                    "sh".into(),
                    "-c".into(),
                    "echo run; sleep 5; exit 1".into(),
                ]);
            }
        })
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    c.settle().await;
    let name = c.job_pods("looping")[0]
        .metadata
        .name
        .clone()
        .expect("name");
    let err = c
        .pods
        .logs(&name, &LogParams::default())
        .await
        .expect_err("waiting");
    assert_eq!(
        common::status(err).message,
        format!("container \"main\" in pod \"{name}\" is waiting to start: ContainerCreating")
    );
    // Running: the current run's lines, with timestamps when asked.
    c.drive_until(10, |_| {}, |c| c.phases("looping") == ["Running"])
        .await;
    c.sb.clock().advance(Duration::from_secs(1));
    c.settle().await;
    let stamped = LogParams {
        timestamps: true,
        ..LogParams::default()
    };
    let log = c.pods.logs(&name, &stamped).await.expect("logs");
    assert!(log.ends_with("Z run\n"), "{log}");
    let previous = LogParams {
        previous: true,
        ..LogParams::default()
    };
    let err = c
        .pods
        .logs(&name, &previous)
        .await
        .expect_err("no previous run yet");
    assert_eq!(
        common::status(err).message,
        format!("previous terminated container \"main\" in pod \"{name}\" not found")
    );
    // After a restart the previous run is kept.
    c.drive_until(
        60,
        |_| {},
        |c| {
            c.job_pods("looping")[0]
                .status
                .clone()
                .and_then(|s| s.container_statuses)
                .is_some_and(|s| {
                    s[0].restart_count >= 1
                        && s[0].state.as_ref().is_some_and(|st| st.running.is_some())
                })
        },
    )
    .await;
    assert_eq!(
        c.pods.logs(&name, &previous).await.expect("previous"),
        "run\n"
    );
}

#[tokio::test]
async fn follow_streams_lines_as_the_clock_passes() {
    use futures::{AsyncBufReadExt, TryStreamExt};
    let c = cluster();
    let job = common::job("ticker")
        .spec(|s| {
            if let Some(p) = s.template.spec.as_mut() {
                p.containers[0].command = Some(vec![
                    "sh".into(),
                    "-c".into(),
                    "echo one; sleep 10; echo two; sleep 10; echo three".into(),
                ]);
            }
        })
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    c.drive_until(10, |_| {}, |c| c.phases("ticker") == ["Running"])
        .await;
    let name = c.job_pods("ticker")[0].metadata.name.clone().expect("name");
    let follow = LogParams {
        follow: true,
        ..LogParams::default()
    };
    let mut lines = c
        .pods
        .log_stream(&name, &follow)
        .await
        .expect("stream")
        .lines();
    let first = tokio::time::timeout(Duration::from_secs(5), lines.try_next())
        .await
        .expect("first line");
    assert_eq!(first.expect("read").as_deref(), Some("one"));
    c.sb.clock().advance(Duration::from_secs(10));
    let second = tokio::time::timeout(Duration::from_secs(5), lines.try_next())
        .await
        .expect("second line");
    assert_eq!(second.expect("read").as_deref(), Some("two"));
    c.sb.clock().advance(Duration::from_secs(10));
    let third = tokio::time::timeout(Duration::from_secs(5), lines.try_next())
        .await
        .expect("third line");
    assert_eq!(third.expect("read").as_deref(), Some("three"));
    let end = tokio::time::timeout(Duration::from_secs(5), lines.try_next())
        .await
        .expect("the stream ends");
    assert_eq!(end.expect("read"), None);
}

#[tokio::test]
async fn active_deadline_exceeded_fails_the_job() {
    // kubernetes.io, Job, "Job termination and cleanup": activeDeadlineSeconds.
    let c = cluster();
    let job = common::job("slow")
        .spec(|s| {
            s.active_deadline_seconds = Some(10);
            if let Some(p) = s.template.spec.as_mut() {
                p.containers[0].command = Some(vec!["sleep".into(), "100".into()]);
            }
        })
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    let mut pod_name = String::new();
    let took = c
        .drive_until(
            60,
            |c| {
                if let Some(name) = c
                    .job_pods("slow")
                    .first()
                    .and_then(|p| p.metadata.name.clone())
                {
                    pod_name = name;
                }
            },
            |c| c.condition("slow", "Failed").is_some(),
        )
        .await;
    assert!((10..=11).contains(&took), "failed at {took}s");
    assert_eq!(
        c.condition("slow", "Failed"),
        Some((
            "DeadlineExceeded".into(),
            "Job was active longer than specified deadline".into()
        ))
    );
    c.settle().await;
    assert!(c.job_pods("slow").is_empty(), "active pods deleted");
    assert_eq!(
        c.event_message(&pod_name, "Killing").await.as_deref(),
        Some("Stopping container main")
    );
    let status = c
        .jobs
        .get("slow")
        .await
        .expect("job")
        .status
        .expect("status");
    assert_eq!((status.failed, status.active), (Some(1), None));
}

#[tokio::test]
async fn indexed_pods_see_their_index_and_hostname() {
    // kubernetes.io, Job, "Completion mode": JOB_COMPLETION_INDEX, hostname
    // $(job-name)-$(index), completedIndexes.
    let c = cluster();
    let job = common::job("idx")
        .spec(|s| {
            s.completions = Some(3);
            s.parallelism = Some(3);
            s.completion_mode = Some("Indexed".into());
            if let Some(p) = s.template.spec.as_mut() {
                p.containers[0].command = Some(vec![
                    "sh".into(),
                    "-c".into(),
                    "echo index=$JOB_COMPLETION_INDEX; hostname".into(),
                ]);
            }
        })
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    c.drive_until(60, |_| {}, |c| c.condition("idx", "Complete").is_some())
        .await;
    let status = c
        .jobs
        .get("idx")
        .await
        .expect("job")
        .status
        .expect("status");
    assert_eq!(status.completed_indexes.as_deref(), Some("0-2"));
    assert_eq!(status.succeeded, Some(3));
    let mut logs = Vec::new();
    for pod in c.job_pods("idx") {
        let name = pod.metadata.name.expect("name");
        logs.push(
            c.pods
                .logs(&name, &LogParams::default())
                .await
                .expect("logs"),
        );
    }
    logs.sort();
    assert_eq!(
        logs,
        ["index=0\nidx-0\n", "index=1\nidx-1\n", "index=2\nidx-2\n"]
    );
}

#[tokio::test]
async fn a_missing_configmap_holds_the_pod_in_container_creating() {
    // kubernetes.io, "Configure a Pod to Use a ConfigMap": the pod does not start until the
    // ConfigMap exists (FailedMount).
    let c = cluster();
    let job = job_from_yaml(
        r#"
metadata: {name: reads-config}
spec:
  template:
    spec:
      restartPolicy: Never
      volumes:
      - name: config
        configMap: {name: later-config}
      containers:
      - name: main
        image: busybox
        command: [cat, /etc/config/greeting]
        volumeMounts:
        - {name: config, mountPath: /etc/config}
"#,
    );
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    c.run_for(5).await;
    let pod = c.job_pods("reads-config").remove(0);
    let name = pod.metadata.name.clone().expect("name");
    let waiting = pod
        .status
        .and_then(|s| s.container_statuses)
        .and_then(|s| s[0].state.clone())
        .and_then(|s| s.waiting)
        .and_then(|w| w.reason);
    assert_eq!(waiting.as_deref(), Some("ContainerCreating"));
    assert_eq!(
        c.event_message(&name, "FailedMount").await.as_deref(),
        Some(
            "MountVolume.SetUp failed for volume \"config\" : configmap \"later-config\" not found"
        )
    );
    let config: ConfigMap = serde_json::from_value(serde_json::json!({
        "metadata": {"name": "later-config"},
        "data": {"greeting": "hello from a ConfigMap\n"}
    }))
    .expect("configmap");
    let cms: Api<ConfigMap> = Api::namespaced(common::client(&c.sb, "admin"), "demo-project");
    cms.create(&PostParams::default(), &config)
        .await
        .expect("created");
    c.drive_until(
        60,
        |_| {},
        |c| c.condition("reads-config", "Complete").is_some(),
    )
    .await;
    assert_eq!(
        c.pods
            .logs(&name, &LogParams::default())
            .await
            .expect("logs"),
        "hello from a ConfigMap\n"
    );
}

#[tokio::test]
async fn deleting_a_running_job_takes_its_pods_and_a_new_one_of_the_same_name_runs() {
    // kubernetes.io, Job: "Deleting a Job will clean up the Pods it created."
    use kube::api::DeleteParams;
    let c = cluster();
    let slow = || {
        common::job("rerun")
            .spec(|s| {
                if let Some(p) = s.template.spec.as_mut() {
                    p.containers[0].command = Some(vec!["sleep".into(), "30".into()]);
                }
            })
            .build()
    };
    c.jobs
        .create(&PostParams::default(), &slow())
        .await
        .expect("created");
    c.drive_until(10, |_| {}, |c| c.phases("rerun") == ["Running"])
        .await;
    for policy in [DeleteParams::background(), DeleteParams::foreground()] {
        c.jobs.delete("rerun", &policy).await.expect("deleted");
        c.drive_until(
            10,
            |_| {},
            |c| c.job("rerun").is_none() && c.job_pods("rerun").is_empty(),
        )
        .await;
        c.jobs
            .create(&PostParams::default(), &slow())
            .await
            .expect("created again");
        c.drive_until(10, |_| {}, |c| c.phases("rerun") == ["Running"])
            .await;
    }
    c.drive_until(60, |_| {}, |c| c.condition("rerun", "Complete").is_some())
        .await;
}

#[tokio::test]
async fn a_pod_quota_holds_back_pods_until_others_finish() {
    // kubernetes.io, "Resource Quotas": pod creation past the quota is refused; the Job
    // controller reports FailedCreate and tries again.
    let c = cluster();
    let job = common::job("wide")
        .spec(|s| {
            s.completions = Some(25);
            s.parallelism = Some(25);
            if let Some(p) = s.template.spec.as_mut() {
                p.containers[0].command = Some(vec!["sleep".into(), "10".into()]);
            }
        })
        .build();
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    c.settle().await;
    assert_eq!(
        c.job_pods("wide").len(),
        20,
        "the seeded quota allows 20 pods"
    );
    let message = c
        .event_message("wide", "FailedCreate")
        .await
        .expect("FailedCreate");
    assert!(
        message.starts_with("Error creating: pods \"wide-")
            && message.ends_with(
                "is forbidden: exceeded quota: demo-quota, requested: pods=1, used: pods=20, \
                 limited: pods=20"
            ),
        "{message}"
    );
    c.drive_until(120, |_| {}, |c| c.condition("wide", "Complete").is_some())
        .await;
    let status = c
        .jobs
        .get("wide")
        .await
        .expect("job")
        .status
        .expect("status");
    assert_eq!(status.succeeded, Some(25));
}

#[tokio::test]
async fn containers_see_configmap_secret_and_field_env_and_mounted_keys() {
    // kubernetes.io, "Configure a Pod to Use a ConfigMap" / "Distribute Credentials Securely
    // Using Secrets" / "Expose Pod Information to Containers Through Environment Variables".
    let c = cluster();
    let job = job_from_yaml(
        r#"
metadata: {name: env-demo}
spec:
  template:
    spec:
      restartPolicy: Never
      volumes:
      - name: secret
        secret: {secretName: app-secret}
      initContainers:
      - name: init
        image: busybox
        command: [echo, "init ran"]
      containers:
      - name: main
        image: busybox
        env:
        - name: LEVEL
          valueFrom: {configMapKeyRef: {name: app-config, key: LOG_LEVEL}}
        - name: USER_NAME
          valueFrom: {secretKeyRef: {name: app-secret, key: username}}
        - name: POD
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        - name: GREETING
          value: "hello $(USER_NAME)"
        command: [sh, -c, 'echo "$LEVEL $USER_NAME $GREETING"; echo $POD; cat /etc/secret/password']
        volumeMounts:
        - {name: secret, mountPath: /etc/secret, readOnly: true}
"#,
    );
    c.jobs
        .create(&PostParams::default(), &job)
        .await
        .expect("created");
    c.drive_until(
        60,
        |_| {},
        |c| c.condition("env-demo", "Complete").is_some(),
    )
    .await;
    let pod = c.job_pods("env-demo").remove(0);
    let name = pod.metadata.name.clone().expect("name");
    let log = c
        .pods
        .logs(&name, &LogParams::default())
        .await
        .expect("logs");
    assert_eq!(log, format!("info demo hello demo\n{name}\ns3cr3t\n"));
    let init = LogParams {
        container: Some("init".into()),
        ..LogParams::default()
    };
    assert_eq!(
        c.pods.logs(&name, &init).await.expect("init logs"),
        "init ran\n"
    );
    let init_status = pod
        .status
        .and_then(|s| s.init_container_statuses)
        .expect("init statuses");
    let terminated = init_status[0]
        .state
        .clone()
        .and_then(|s| s.terminated)
        .expect("terminated");
    assert_eq!(terminated.reason.as_deref(), Some("Completed"));
}
