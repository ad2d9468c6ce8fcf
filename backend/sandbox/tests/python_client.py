#!/usr/bin/env python3
"""The official Python client (`pip install kubernetes`) lists and watches Jobs against the
standalone sandbox.

Environment: SANDBOX_CMD (default `target/debug/jobconsole sandbox`; the script appends
`--listen 127.0.0.1:PORT --write-kubeconfig FILE`). Exits non-zero on failure and always
stops the server it started.
"""

import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time

from kubernetes import client, config, watch

DEADLINE = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, seconds=DEADLINE):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - the server may not be up yet
            pass
        time.sleep(0.2)
    raise SystemExit(f"FAIL: timed out waiting for {what}")


def job(name, labels):
    return client.V1Job(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1JobSpec(
            template=client.V1PodTemplateSpec(
                spec=client.V1PodSpec(
                    restart_policy="Never",
                    containers=[client.V1Container(name="main", image="busybox", command=["echo", "hi"])],
                )
            )
        ),
    )


def main():
    cmd = shlex.split(os.environ.get("SANDBOX_CMD", "target/debug/jobconsole sandbox"))
    with tempfile.TemporaryDirectory() as work:
        kubeconfig = os.path.join(work, "kubeconfig")
        port = free_port()
        log = open(os.path.join(work, "server.log"), "w")
        server = subprocess.Popen(
            cmd + ["--listen", f"127.0.0.1:{port}", "--write-kubeconfig", kubeconfig],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for("the kubeconfig", lambda: os.path.getsize(kubeconfig) > 0)
            config.load_kube_config(config_file=kubeconfig)
            batch = client.BatchV1Api()
            wait_for("the API server", lambda: batch.list_namespaced_job("demo-project") is not None)

            batch.create_namespaced_job("demo-project", job("py-a", {"app": "py"}))
            batch.create_namespaced_job("demo-project", job("py-b", {"app": "other"}))
            listed = batch.list_namespaced_job("demo-project", label_selector="app=py")
            names = [j.metadata.name for j in listed.items]
            assert names == ["py-a"], names
            assert listed.items[0].spec.backoff_limit == 6, listed.items[0].spec
            rv = listed.metadata.resource_version
            print("ok: list with a label selector")

            # Changes after the list, replayed by a watch from its resourceVersion.
            batch.patch_namespaced_job("py-a", "demo-project", {"spec": {"suspend": True}})
            batch.delete_namespaced_job("py-a", "demo-project", propagation_policy="Background")
            # The Job controller also updates the Job's status meanwhile, so watch until the
            # deletion and check the suspension and the deletion were both replayed in order.
            seen = []
            w = watch.Watch()
            for event in w.stream(
                batch.list_namespaced_job,
                "demo-project",
                label_selector="app=py",
                resource_version=rv,
                timeout_seconds=10,
            ):
                obj = event["object"]
                seen.append((event["type"], obj.metadata.name, bool(obj.spec.suspend)))
                if event["type"] == "DELETED":
                    w.stop()
            assert seen and seen[-1][:2] == ("DELETED", "py-a"), seen
            assert any(t == "MODIFIED" and n == "py-a" and s for t, n, s in seen[:-1]), seen
            assert all(n == "py-a" for _, n, _ in seen), seen
            print("ok: watch from a resourceVersion")

            # Forbidden answers keep Kubernetes' wording.
            config.load_kube_config(config_file=kubeconfig, context="project-regular")
            try:
                client.BatchV1Api().list_namespaced_job("other-project")
                raise SystemExit("FAIL: project-regular listed other-project")
            except client.exceptions.ApiException as e:
                assert e.status == 403, e
                assert 'User \\"project-regular\\" cannot list resource \\"jobs\\"' in e.body or \
                    'User "project-regular" cannot list resource "jobs"' in e.body, e.body
            print("ok: 403 as project-regular")
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    print("all python client checks passed")


if __name__ == "__main__":
    sys.exit(main())
