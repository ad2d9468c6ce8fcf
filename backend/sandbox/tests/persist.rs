//! `--state FILE`: a restart loses nothing.

mod common;

use common::{client, job};
use k8s_openapi::api::batch::v1::Job;
use kube::api::{Api, PostParams};
use sandbox::{Clock, Sandbox, SandboxOptions, Tuning};

#[tokio::test]
async fn a_restart_with_the_state_file_keeps_every_object() {
    let dir = std::env::temp_dir().join(format!("sandbox-state-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("state.json");
    // No controllers: resourceVersions must stay exactly as saved.
    let quiet = || Tuning {
        run_controllers: false,
        ..Tuning::default()
    };
    let options = || SandboxOptions {
        clock: Clock::manual(chrono::Utc::now()),
        seed: true,
        state_file: Some(path.clone()),
    };
    let first = Sandbox::new_with(options(), quiet()).expect("first");
    let jobs: Api<Job> = Api::namespaced(client(&first, "admin"), "demo-project");
    let created = jobs
        .create(&PostParams::default(), &job("kept").build())
        .await
        .expect("create");
    first.save_state().expect("save");
    assert!(
        !dir.join("state.json.tmp").exists(),
        "the temporary file is renamed away"
    );
    drop(first);

    let second = Sandbox::new_with(options(), quiet()).expect("second");
    let jobs: Api<Job> = Api::namespaced(client(&second, "admin"), "demo-project");
    let kept = jobs.get("kept").await.expect("kept after restart");
    assert_eq!(kept.metadata.uid, created.metadata.uid);
    assert_eq!(
        kept.metadata.resource_version,
        created.metadata.resource_version
    );
    // New writes continue past the restored resourceVersion.
    let next = jobs
        .create(&PostParams::default(), &job("next").build())
        .await
        .expect("create");
    let rv = |j: &Job| {
        j.metadata
            .resource_version
            .as_deref()
            .unwrap_or("0")
            .parse::<u64>()
            .unwrap_or(0)
    };
    assert!(rv(&next) > rv(&kept));
    let _ = std::fs::remove_dir_all(&dir);
}
