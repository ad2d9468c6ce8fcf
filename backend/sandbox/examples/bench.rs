//! Scale benchmark (not a timed test): loads 10,000 Jobs and 40,000 Pods into a seeded
//! sandbox and reports memory (RSS) and list/watch latency through the HTTP router.
//!
//! `cargo run --release -p jobconsole-sandbox --example bench [-- JOBS PODS_PER_JOB]`

use std::time::{Duration, Instant};

use axum::body::Body;
use futures::StreamExt;
use http_body_util::BodyExt;
use sandbox::{Sandbox, SandboxOptions};
use serde_json::{Value, json};
use tower::ServiceExt;

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn job(ns: &str, name: &str) -> Value {
    json!({
        "metadata": {"name": name, "namespace": ns, "labels": {"app": name, "bench": "yes"},
                     "annotations": {"kubesphere.io/alias-name": "benchmark job"}},
        "spec": {"completions": 4, "parallelism": 2, "backoffLimit": 4, "template": {"spec": {
            "restartPolicy": "Never",
            "containers": [{"name": "pi", "image": "perl:5.34.0",
                            "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
                            "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}],
        }}},
    })
}

fn pod(ns: &str, job: &Value, index: usize) -> Value {
    let name = job["metadata"]["name"].as_str().unwrap_or_default();
    let uid = job["metadata"]["uid"].clone();
    let mut labels = job["spec"]["template"]["metadata"]["labels"].clone();
    labels["app"] = json!(name);
    json!({
        "metadata": {"name": format!("{name}-{index}"), "namespace": ns, "labels": labels,
            "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": name, "uid": uid,
                                 "controller": true, "blockOwnerDeletion": true}]},
        "spec": job["spec"]["template"]["spec"].clone(),
    })
}

async fn get(sb: &Sandbox, token: &str, uri: &str) -> (Duration, usize, Value) {
    let start = Instant::now();
    let req = http::Request::get(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap_or_default();
    let Ok(resp) = sb.router().oneshot(req).await;
    let bytes = resp
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let took = start.elapsed();
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (took, bytes.len(), v)
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let jobs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let pods_per_job: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4);
    let before = rss_mib();
    // Storage and API only: no controllers syncing the 10,000 benchmark Jobs.
    let tuning = sandbox::Tuning {
        run_controllers: false,
        ..sandbox::Tuning::default()
    };
    let sb = Sandbox::new_with(SandboxOptions::default(), tuning)
        .unwrap_or_else(|e| panic!("sandbox: {e}"));
    let store = sb.store();
    let token = sb.user_token("admin").unwrap_or_default().to_owned();
    let jobs_r = sandbox::resources::known("jobs.batch");
    let pods_r = sandbox::resources::known("pods");
    let namespaces = ["bench-a", "bench-b", "bench-c"];
    for ns in namespaces {
        store
            .create_raw(
                sandbox::resources::known("namespaces"),
                "",
                json!({"metadata": {"name": ns}}),
                false,
            )
            .unwrap_or_else(|e| panic!("namespace: {e}"));
    }

    let start = Instant::now();
    for i in 0..jobs {
        let ns = namespaces[i % namespaces.len()];
        let created = store
            .create_raw(jobs_r, ns, job(ns, &format!("job-{i:05}")), false)
            .unwrap_or_else(|e| panic!("job {i}: {e}"));
        for p in 0..pods_per_job {
            store
                .create_raw(pods_r, ns, pod(ns, &created, p), false)
                .unwrap_or_else(|e| panic!("pod {i}/{p}: {e}"));
        }
    }
    let load = start.elapsed();
    let pods_total = store
        .list_raw(pods_r, None, &Default::default())
        .map(|l| l.items.len())
        .unwrap_or_default();
    println!(
        "loaded {jobs} jobs and {pods_total} pods in {:.2?} ({:.0} objects/s)",
        load,
        (jobs + pods_total) as f64 / load.as_secs_f64()
    );
    println!(
        "RSS: {:.0} MiB before, {:.0} MiB after loading",
        before,
        rss_mib()
    );

    for (what, uri) in [
        ("list all jobs", "/apis/batch/v1/jobs".to_owned()),
        ("list all pods", "/api/v1/pods".to_owned()),
        (
            "list jobs in one namespace",
            "/apis/batch/v1/namespaces/bench-a/jobs".to_owned(),
        ),
        (
            "list pods of one job (label selector, all pods scanned)",
            "/api/v1/namespaces/bench-a/pods?labelSelector=job-name%3Djob-00003".to_owned(),
        ),
        (
            "list pods, page of 500",
            "/api/v1/pods?limit=500".to_owned(),
        ),
        (
            "list pods by field selector (all pods scanned)",
            "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-9".to_owned(),
        ),
        (
            "get one job",
            "/apis/batch/v1/namespaces/bench-a/jobs/job-00003".to_owned(),
        ),
    ] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..5 {
            let (t, n, _) = get(&sb, &token, &uri).await;
            times.push(t);
            size = n;
        }
        times.sort();
        println!(
            "{what}: median {:.2?}, best {:.2?} ({:.1} MiB)",
            times[2],
            times[0],
            size as f64 / 1024.0 / 1024.0
        );
    }

    // Watch latency: time from a write to the event arriving on an HTTP watch stream.
    let rv = store.resource_version();
    let req = http::Request::get(format!(
        "/apis/batch/v1/namespaces/bench-a/jobs?watch=true&resourceVersion={rv}"
    ))
    .header("authorization", format!("Bearer {token}"))
    .body(Body::empty())
    .unwrap_or_default();
    let Ok(resp) = sb.router().oneshot(req).await;
    let mut body = resp.into_body().into_data_stream();
    let mut lat = Vec::new();
    for i in 0..200 {
        let start = Instant::now();
        store
            .create_raw(
                jobs_r,
                "bench-a",
                job("bench-a", &format!("watched-{i}")),
                false,
            )
            .unwrap_or_else(|e| panic!("watched job: {e}"));
        match tokio::time::timeout(Duration::from_secs(5), body.next()).await {
            Ok(Some(Ok(_chunk))) => lat.push(start.elapsed()),
            other => panic!("watch event did not arrive: {other:?}"),
        }
    }
    lat.sort();
    println!(
        "watch (HTTP): write-to-event latency median {:.2?}, p99 {:.2?} over {} events",
        lat[lat.len() / 2],
        lat[lat.len() * 99 / 100],
        lat.len()
    );

    // A watch from resourceVersion 0 (synthetic ADDED for every pod) — what a fresh
    // reflector costs.
    let start = Instant::now();
    let mut raw = store
        .watch_raw(pods_r, None, None)
        .unwrap_or_else(|e| panic!("watch: {e}"));
    let initial = raw.initial_len();
    while raw.next_initial().is_some() {}
    println!(
        "watch from rv 0 over {initial} pods: all initial events parsed in {:.2?}",
        start.elapsed()
    );
    println!("RSS at the end: {:.0} MiB", rss_mib());
}
