//! The storage API the controllers use, driven directly (no HTTP).

use futures::StreamExt;
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Namespace, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use sandbox::store::{DeleteOptions, Deleted, ListParams, WatchEvent};
use sandbox::{Clock, Error, Sandbox, SandboxOptions};

fn sandbox() -> Sandbox {
    let sb = Sandbox::new(SandboxOptions {
        clock: Clock::real(),
        seed: false,
        state_file: None,
    })
    .expect("sandbox");
    sb.store()
        .create(&Namespace {
            metadata: ObjectMeta {
                name: Some("ns".into()),
                ..ObjectMeta::default()
            },
            ..Namespace::default()
        })
        .expect("namespace");
    sb
}

fn pod(name: &str) -> Pod {
    Pod {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some("ns".into()),
            labels: Some([("app".to_owned(), name.to_owned())].into()),
            ..ObjectMeta::default()
        },
        spec: Some(k8s_openapi::api::core::v1::PodSpec {
            containers: vec![k8s_openapi::api::core::v1::Container {
                name: "main".into(),
                image: Some("busybox".into()),
                ..Default::default()
            }],
            ..Default::default()
        }),
        ..Pod::default()
    }
}

#[test]
fn create_get_update_conflict_delete() {
    let sb = sandbox();
    let store = sb.store();
    let created = store.create(&pod("a")).expect("create");
    assert!(created.metadata.uid.is_some());
    let rv = created.metadata.resource_version.clone();
    assert!(rv.is_some());
    let got: Pod = store.get("ns", "a").expect("get");
    assert_eq!(got.metadata.uid, created.metadata.uid);

    let mut changed = got.clone();
    changed
        .metadata
        .labels
        .get_or_insert_default()
        .insert("x".into(), "y".into());
    let updated = store.update(&changed).expect("update");
    assert_ne!(updated.metadata.resource_version, rv);
    // The old resourceVersion now conflicts.
    let err = store.update(&changed).expect_err("stale");
    assert!(matches!(err, Error::Conflict { .. }), "{err}");

    let modified = store
        .modify_status::<Pod>("ns", "a", |p| {
            p.status.get_or_insert_default().phase = Some("Running".into());
            Ok(())
        })
        .expect("modify status");
    assert_eq!(
        modified.status.and_then(|s| s.phase).as_deref(),
        Some("Running")
    );

    let list = store
        .list::<Pod>(Some("ns"), &ListParams::labels("app=a"))
        .expect("list");
    assert_eq!(list.items.len(), 1);
    let deleted = store
        .delete::<Pod>("ns", "a", &DeleteOptions::default())
        .expect("delete");
    assert!(matches!(deleted, Deleted::Gone(_)));
    assert!(matches!(
        store.get::<Pod>("ns", "a"),
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn watch_replays_from_a_resource_version() {
    let sb = sandbox();
    let store = sb.store();
    store.create(&pod("a")).expect("a");
    let rv = store
        .list::<Pod>(None, &ListParams::default())
        .expect("list")
        .resource_version;
    let mut watch = store.watch::<Pod>(None, Some(rv)).expect("watch");
    store.create(&pod("b")).expect("b");
    store
        .delete::<Pod>("ns", "a", &DeleteOptions::default())
        .expect("delete a");
    let first = watch.next().await.expect("event");
    assert!(matches!(first, WatchEvent::Added(p) if p.metadata.name.as_deref() == Some("b")));
    let second = watch.next().await.expect("event");
    assert!(matches!(second, WatchEvent::Deleted(p) if p.metadata.name.as_deref() == Some("a")));
    store.compact();
    assert!(matches!(
        store.watch::<Pod>(None, Some(rv)),
        Err(Error::Gone { .. })
    ));
}

#[test]
fn orphan_propagation_strips_owner_references() {
    let sb = sandbox();
    let store = sb.store();
    let job = store
        .create(&Job {
            metadata: ObjectMeta {
                name: Some("j".into()),
                namespace: Some("ns".into()),
                ..ObjectMeta::default()
            },
            spec: Some(k8s_openapi::api::batch::v1::JobSpec {
                template: k8s_openapi::api::core::v1::PodTemplateSpec {
                    spec: pod("t").spec.map(|mut s| {
                        s.restart_policy = Some("Never".into());
                        s
                    }),
                    ..Default::default()
                },
                ..Default::default()
            }),
            ..Job::default()
        })
        .expect("job");
    let mut p = pod("p");
    p.metadata.owner_references = Some(vec![OwnerReference {
        api_version: "batch/v1".into(),
        kind: "Job".into(),
        name: "j".into(),
        uid: job.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }]);
    store.create(&p).expect("pod");
    store
        .delete::<Job>("ns", "j", &DeleteOptions::orphan())
        .expect("delete");
    let p: Pod = store.get("ns", "p").expect("pod stays");
    assert!(p.metadata.owner_references.is_none());
}

#[test]
fn foreground_deletion_waits_for_blocking_dependents() {
    let sb = sandbox();
    let store = sb.store();
    let owner = store.create(&pod("owner")).expect("owner pod");
    let mut dep = pod("dep");
    dep.metadata.finalizers = Some(vec!["example.com/hold".into()]);
    dep.metadata.owner_references = Some(vec![OwnerReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        name: "owner".into(),
        uid: owner.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }]);
    store.create(&dep).expect("dependent");
    let answer = store
        .delete::<Pod>("ns", "owner", &DeleteOptions::foreground())
        .expect("delete");
    assert!(matches!(answer, Deleted::Pending(_)));
    // The dependent is being deleted, but its finalizer holds it, and so the owner waits.
    let held: Pod = store.get("ns", "dep").expect("dependent held");
    assert!(held.metadata.deletion_timestamp.is_some());
    let waiting: Pod = store.get("ns", "owner").expect("owner waits");
    assert!(
        waiting
            .metadata
            .finalizers
            .unwrap_or_default()
            .contains(&"foregroundDeletion".to_owned())
    );
    store
        .modify::<Pod>("ns", "dep", |p| {
            p.metadata.finalizers = None;
            Ok(())
        })
        .expect("release");
    assert!(store.get::<Pod>("ns", "dep").is_err());
    assert!(matches!(
        store.get::<Pod>("ns", "owner"),
        Err(Error::NotFound { .. })
    ));
}
