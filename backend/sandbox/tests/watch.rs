//! Watch through kube-rs: replay from a resourceVersion, 410 Gone after compaction,
//! bookmarks, selector transitions, and kube-runtime's watcher.

mod common;

use std::time::Duration;

use common::{client, job, sandbox};
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::batch::v1::Job;
use kube::api::{
    Api, DeleteParams, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams,
};
use sandbox::{Clock, Sandbox, SandboxOptions, Tuning};
use serde_json::json;

const DEADLINE: Duration = Duration::from_secs(10);

fn name(j: &Job) -> String {
    j.metadata.name.clone().unwrap_or_default()
}

#[tokio::test]
async fn watch_resumes_from_a_resource_version() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let pp = PostParams::default();
    jobs.create(&pp, &job("before").build())
        .await
        .expect("create");
    let rv = jobs
        .list(&ListParams::default())
        .await
        .expect("list")
        .metadata
        .resource_version
        .expect("rv");
    // Changes made while nobody watches are replayed from `rv`, in order.
    jobs.create(&pp, &job("a").build()).await.expect("a");
    jobs.patch(
        "a",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"x": "1"}}})),
    )
    .await
    .expect("patch");
    jobs.delete("before", &DeleteParams::background())
        .await
        .expect("delete");
    let wp = WatchParams::default().disable_bookmarks();
    let mut stream = jobs.watch(&wp, &rv).await.expect("watch").boxed();
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let ev = tokio::time::timeout(DEADLINE, stream.try_next())
            .await
            .expect("event in time")
            .expect("ok")
            .expect("open");
        seen.push(match ev {
            WatchEvent::Added(j) => format!("ADDED {}", name(&j)),
            WatchEvent::Modified(j) => format!("MODIFIED {}", name(&j)),
            WatchEvent::Deleted(j) => format!("DELETED {}", name(&j)),
            other => format!("{other:?}"),
        });
    }
    assert_eq!(seen, ["ADDED a", "MODIFIED a", "DELETED before"]);
    // And it keeps following live changes.
    jobs.create(&pp, &job("live").build()).await.expect("live");
    let ev = tokio::time::timeout(DEADLINE, stream.try_next())
        .await
        .expect("in time")
        .expect("ok");
    assert!(matches!(ev, Some(WatchEvent::Added(j)) if name(&j) == "live"));
}

#[tokio::test]
async fn a_compacted_resource_version_is_410_gone() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let rv = jobs
        .list(&ListParams::default())
        .await
        .expect("list")
        .metadata
        .resource_version
        .expect("rv");
    jobs.create(&PostParams::default(), &job("a").build())
        .await
        .expect("create");
    sb.store().compact();
    let mut stream = jobs
        .watch(&WatchParams::default(), &rv)
        .await
        .expect("watch")
        .boxed();
    let ev = tokio::time::timeout(DEADLINE, stream.try_next())
        .await
        .expect("in time")
        .expect("ok");
    match ev {
        Some(WatchEvent::Error(s)) => {
            assert_eq!((s.code, s.reason.as_str()), (410, "Expired"));
            assert!(
                s.message
                    .starts_with(&format!("too old resource version: {rv} (")),
                "{}",
                s.message
            );
        }
        other => panic!("expected a 410 ERROR event, got {other:?}"),
    }
}

#[tokio::test]
async fn bookmarks_carry_the_latest_resource_version() {
    let sb = Sandbox::new_with(
        SandboxOptions {
            clock: Clock::manual(chrono::Utc::now()),
            seed: true,
            state_file: None,
        },
        Tuning {
            bookmark_interval: Duration::from_millis(100),
            ..Tuning::default()
        },
    )
    .expect("sandbox");
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    let rv = jobs
        .list(&ListParams::default())
        .await
        .expect("list")
        .metadata
        .resource_version
        .expect("rv");
    let mut stream = jobs
        .watch(&WatchParams::default(), &rv)
        .await
        .expect("watch")
        .boxed();
    let ev = tokio::time::timeout(DEADLINE, stream.try_next())
        .await
        .expect("in time")
        .expect("ok");
    match ev {
        Some(WatchEvent::Bookmark(b)) => assert_eq!(b.metadata.resource_version, rv),
        other => panic!("expected a bookmark, got {other:?}"),
    }
}

#[tokio::test]
async fn leaving_a_label_selection_is_a_deleted_event() {
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    jobs.create(
        &PostParams::default(),
        &job("a").labels(&[("app", "x")]).build(),
    )
    .await
    .expect("create");
    let wp = WatchParams::default().labels("app=x").disable_bookmarks();
    let mut stream = jobs.watch(&wp, "0").await.expect("watch").boxed();
    let first = tokio::time::timeout(DEADLINE, stream.try_next())
        .await
        .expect("in time")
        .expect("ok");
    assert!(matches!(first, Some(WatchEvent::Added(j)) if name(&j) == "a"));
    jobs.patch(
        "a",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"app": "y"}}})),
    )
    .await
    .expect("relabel");
    let ev = tokio::time::timeout(DEADLINE, stream.try_next())
        .await
        .expect("in time")
        .expect("ok");
    assert!(matches!(ev, Some(WatchEvent::Deleted(j)) if name(&j) == "a"));
}

#[tokio::test]
async fn kube_runtime_watcher_lists_then_follows() {
    use kube::runtime::watcher::{self, Event};
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    jobs.create(&PostParams::default(), &job("existing").build())
        .await
        .expect("create");
    let mut events = watcher::watcher(jobs.clone(), watcher::Config::default()).boxed();
    let mut init = Vec::new();
    loop {
        match tokio::time::timeout(DEADLINE, events.try_next())
            .await
            .expect("in time")
            .expect("ok")
        {
            Some(Event::InitApply(j)) => init.push(name(&j)),
            Some(Event::InitDone) => break,
            Some(_) => {}
            None => panic!("watcher ended"),
        }
    }
    assert_eq!(init, ["existing"]);
    jobs.create(&PostParams::default(), &job("new").build())
        .await
        .expect("create");
    let ev = tokio::time::timeout(DEADLINE, events.try_next())
        .await
        .expect("in time")
        .expect("ok");
    assert!(matches!(ev, Some(Event::Apply(j)) if name(&j) == "new"));
}

#[tokio::test]
async fn streaming_lists_end_the_initial_events_with_a_bookmark() {
    use kube::runtime::watcher::{self, Event};
    let sb = sandbox();
    let jobs: Api<Job> = Api::namespaced(client(&sb, "admin"), "demo-project");
    jobs.create(&PostParams::default(), &job("existing").build())
        .await
        .expect("create");
    let config = watcher::Config::default().streaming_lists();
    let mut events = watcher::watcher(jobs.clone(), config).boxed();
    let mut init = Vec::new();
    loop {
        match tokio::time::timeout(DEADLINE, events.try_next())
            .await
            .expect("in time")
            .expect("ok")
        {
            Some(Event::InitApply(j)) => init.push(name(&j)),
            Some(Event::InitDone) => break,
            Some(_) => {}
            None => panic!("watcher ended"),
        }
    }
    assert_eq!(init, ["existing"]);
}
