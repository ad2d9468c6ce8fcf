#!/usr/bin/env bash
# kubectl against the standalone sandbox: the acceptance list of issue 3.
#
# Usage: backend/sandbox/tests/kubectl.sh
#   SANDBOX_CMD  command that starts the sandbox; the script appends
#                `--listen 127.0.0.1:PORT --write-kubeconfig FILE`
#                (default: `target/debug/jobconsole sandbox`; for the crate's example:
#                SANDBOX_CMD=target/debug/examples/standalone)
#   KUBECTL      kubectl binary (default: kubectl). Works with Debian's kubernetes-client
#                1.20 and with current kubectl.
#   PORT         port to listen on (default: a free one)
#
# Exits non-zero on the first failure; waits on conditions with deadlines; always stops
# the server it started.
set -euo pipefail

SANDBOX_CMD=${SANDBOX_CMD:-target/debug/jobconsole sandbox}
KUBECTL=${KUBECTL:-kubectl}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
WORK=$(mktemp -d)
export KUBECONFIG="$WORK/kubeconfig"
SERVER_PID=""
WATCH_PID=""

cleanup() {
    [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null || true
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    [ -n "$SERVER_PID" ] && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -20 "$WORK/server.log" >&2; exit 1; }
pass() { echo "ok: $*"; }

# wait_for DESCRIPTION SECONDS COMMAND...: runs COMMAND until it succeeds or the deadline.
wait_for() {
    local what=$1 secs=$2; shift 2
    local deadline=$((SECONDS + secs))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || fail "timed out waiting for $what"
        sleep 0.2
    done
}

k() { "$KUBECTL" "$@"; }

# shellcheck disable=SC2086 # SANDBOX_CMD is a command line
$SANDBOX_CMD --listen "127.0.0.1:$PORT" --write-kubeconfig "$KUBECONFIG" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for "the kubeconfig" 60 test -s "$KUBECONFIG"
wait_for "the API server" 60 k get --raw /readyz
pass "sandbox up on port $PORT ($("$KUBECTL" version --client 2>/dev/null | head -1))"

cat >"$WORK/job.yaml" <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
  namespace: demo-project
  labels:
    app: x
spec:
  completions: 4
  parallelism: 2
  backoffLimit: 4
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
EOF

out=$(k create -f "$WORK/job.yaml") || fail "create -f: $out"
[ "$out" = "job.batch/pi created" ] || fail "create -f said: $out"
pass "create -f"

out=$(k get jobs -n demo-project) || fail "get jobs"
echo "$out" | grep -Eq '^NAME +.*COMPLETIONS' || fail "get jobs header: $out"
echo "$out" | grep -Eq '^pi +' || fail "get jobs lists pi: $out"
pass "get jobs"

out=$(k get jobs -n demo-project -o yaml) || fail "get -o yaml"
echo "$out" | grep -q 'kind: List' || fail "-o yaml kind: $out"
echo "$out" | grep -q 'batch.kubernetes.io/controller-uid' || fail "-o yaml selector"
echo "$out" | grep -q 'backoffLimit: 4' || fail "-o yaml backoffLimit"
pass "get jobs -o yaml"

out=$(k get jobs -n demo-project -l app=x -o name) || fail "get -l"
[ "$out" = "job.batch/pi" ] || fail "-l app=x gave: $out"
out=$(k get jobs -n demo-project -l app=y -o name 2>&1) || fail "get -l app=y"
[ -z "$out" ] || fail "-l app=y gave: $out"
pass "get jobs -l"

out=$(k describe job pi -n demo-project) || fail "describe"
echo "$out" | grep -Eq '^Name: +pi' || fail "describe name: $out"
echo "$out" | grep -Eq '^Completions: +4' || fail "describe completions: $out"
pass "describe job"

# get -w sees a change.
k get jobs -n demo-project -w >"$WORK/watch.out" 2>&1 &
WATCH_PID=$!
wait_for "the watch to list pi" 20 grep -q '^pi ' "$WORK/watch.out"
out=$(k patch job pi -n demo-project --type=merge -p '{"spec":{"suspend":true}}') || fail "patch: $out"
echo "$out" | grep -q 'job.batch/pi patched' || fail "patch said: $out"
[ "$(k get job pi -n demo-project -o jsonpath='{.spec.suspend}')" = "true" ] || fail "suspend not set"
pass "patch --type=merge"
wait_for "the watch to see the change" 20 test "$(grep -c '^pi ' "$WORK/watch.out")" -ge 2
kill "$WATCH_PID" 2>/dev/null || true
WATCH_PID=""
pass "get jobs -w sees a change"

out=$(k auth can-i create jobs -n demo-project --as project-regular) || fail "can-i demo: $out"
[ "$out" = "yes" ] || fail "can-i demo said: $out"
if out=$(k auth can-i create jobs -n other-project --as project-regular); then
    fail "can-i other-project said yes: $out"
fi
[ "$out" = "no" ] || fail "can-i other said: $out"
pass "auth can-i"

if out=$(k --as project-regular get jobs -n other-project 2>&1); then
    fail "project-regular listed other-project: $out"
fi
want='Error from server (Forbidden): jobs.batch is forbidden: User "project-regular" cannot list resource "jobs" in API group "batch" in the namespace "other-project"'
[ "$out" = "$want" ] || fail "forbidden wording: $out"
pass "Forbidden with Kubernetes' wording"

if out=$(k --context project-viewer delete job pi -n demo-project 2>&1); then
    fail "project-viewer deleted a job"
fi
echo "$out" | grep -q 'cannot delete resource "jobs"' || fail "viewer delete: $out"
pass "per-user contexts"

out=$(k delete job pi -n demo-project) || fail "delete: $out"
[ "$out" = 'job.batch "pi" deleted' ] || fail "delete said: $out"
wait_for "pi to be gone" 20 bash -c "! '$KUBECTL' get job pi -n demo-project"
if k get pods -n demo-project -l job-name=pi -o name | grep -q .; then
    fail "pods of pi remain after delete"
fi
pass "delete job (and its pods)"

echo "all kubectl checks passed"
