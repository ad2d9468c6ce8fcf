#!/usr/bin/env bash
# Issue 4's kubectl acceptance against `jobconsole sandbox`: the seeds' pi Job completes with
# never more than 2 pods running and prints π to 2000 digits; `exit 1` with backoffLimit 2
# fails with BackoffLimitExceeded after 3 pods; nodeSelector disktype=hdd stays Pending with
# FailedScheduling; the seeds' suspended echo Job resumes by patch and completes 2/2;
# ttlSecondsAfterFinished 5 deletes a finished Job.
#
# Usage: backend/sandbox/tests/kubectl-jobs.sh
#   JOBCONSOLE_BIN                  the binary (default: target/debug/jobconsole, built if missing)
#   JOBCONSOLE_SANDBOX_CLOCK_SPEED  how much faster than real time the sandbox runs (default 20)
set -euo pipefail

root="$(cd "$(dirname "$0")/../../.." && pwd)"
bin="${JOBCONSOLE_BIN:-$root/target/debug/jobconsole}"
export JOBCONSOLE_SANDBOX_CLOCK_SPEED="${JOBCONSOLE_SANDBOX_CLOCK_SPEED:-20}"
KUBECTL="${KUBECTL:-kubectl}"
if [[ ! -x "$bin" ]]; then
  (cd "$root" && cargo build -q -p jobconsole)
fi

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export KUBECONFIG="$work/kubeconfig"
"$bin" sandbox --listen "127.0.0.1:$port" --write-kubeconfig "$KUBECONFIG" >"$work/sandbox.log" 2>&1 &
server=$!
poller=""
cleanup() {
  [[ -n "$poller" ]] && kill "$poller" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; echo "--- sandbox log" >&2; tail -n 20 "$work/sandbox.log" >&2 || true; exit 1; }
pass() { echo "ok: $*"; }
k() { "$KUBECTL" -n demo-project "$@"; }

for _ in $(seq 100); do
  [[ -s "$KUBECONFIG" ]] && "$KUBECTL" get --raw /readyz >/dev/null 2>&1 && break
  sleep 0.1
done
"$KUBECTL" get --raw /readyz >/dev/null || fail "the sandbox did not start"

# 1. The pi Job (seeds: perl image, bpi(2000), completions 4, parallelism 2, backoffLimit 4).
cat >"$work/pi.yaml" <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
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
EOF
: >"$work/running"
(
  while true; do
    k get pods -l job-name=pi --field-selector=status.phase=Running --no-headers 2>/dev/null | wc -l >>"$work/running"
    sleep 0.05
  done
) &
poller=$!
k create -f "$work/pi.yaml" >/dev/null
k wait --for=condition=complete job/pi --timeout=120s >/dev/null || fail "pi did not complete"
kill "$poller" 2>/dev/null || true
poller=""
most="$(sort -n "$work/running" | tail -n 1)"
[[ "$most" -le 2 ]] || fail "pi ran $most pods at once"
completed="$(k get pods -l job-name=pi --no-headers | awk '$3 == "Completed"' | wc -l)"
[[ "$completed" -eq 4 ]] || fail "pi has $completed Completed pods, want 4: $(k get pods -l job-name=pi)"
pass "pi complete: 4 Completed pods, at most $most running at once"
pod="$(k get pods -l job-name=pi -o jsonpath='{.items[0].metadata.name}')"
k logs "$pod" >"$work/pi.out"
cmp -s "$work/pi.out" "$root/backend/sandbox/src/kubelet/fixtures/pi-2000.txt" || fail "logs of $pod are not π to 2000 digits"
pass "kubectl logs $pod prints π to 2000 digits"
describe="$(k describe job pi)"
grep -q "Pods Statuses:.*4 Succeeded" <<<"$describe" || fail "describe shows no pod statuses: $describe"
grep -q "SuccessfulCreate" <<<"$describe" && grep -q "Completed" <<<"$describe" || fail "describe shows no events: $describe"
pass "describe job pi shows the pod statuses and the events"

# 2. exit 1 with backoffLimit 2: Failed, BackoffLimitExceeded, 3 failed pods.
cat >"$work/fails.yaml" <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: fails
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "exit 1"]
EOF
k create -f "$work/fails.yaml" >/dev/null
k wait --for=condition=failed job/fails --timeout=120s >/dev/null || fail "fails did not fail"
reason="$(k get job fails -o jsonpath='{.status.conditions[?(@.type=="Failed")].reason}')"
[[ "$reason" == "BackoffLimitExceeded" ]] || fail "reason $reason"
failed="$(k get pods -l job-name=fails --field-selector=status.phase=Failed --no-headers | wc -l)"
[[ "$failed" -eq 3 ]] || fail "$failed failed pods, want 3"
pass "exit 1, backoffLimit 2: Failed (BackoffLimitExceeded) with 3 failed pods"

# 3. nodeSelector disktype=hdd: Pending with FailedScheduling.
cat >"$work/hdd.yaml" <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: hdd
spec:
  template:
    spec:
      restartPolicy: Never
      nodeSelector: {disktype: hdd}
      containers:
      - name: main
        image: busybox
        command: ["echo", "never"]
EOF
k create -f "$work/hdd.yaml" >/dev/null
message=""
for _ in $(seq 100); do
  message="$(k get events --field-selector reason=FailedScheduling -o jsonpath='{.items[*].message}')"
  [[ -n "$message" ]] && break
  sleep 0.1
done
[[ "$message" == "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."* ]] || fail "FailedScheduling: '$message'"
phase="$(k get pods -l job-name=hdd -o jsonpath='{.items[0].status.phase}')"
[[ "$phase" == "Pending" ]] || fail "hdd pod is $phase"
pass "nodeSelector disktype=hdd: Pending, FailedScheduling: $message"

# 4. The seeds' suspended echo Job, resumed by patch, completes 2/2.
cat >"$work/echo.yaml" <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: job-echo
  namespace: default
  labels:
    job-name: job-echo
spec:
  suspend: true
  ttlSecondsAfterFinished: 100
  backoffLimit: 4
  completions: 2
  parallelism: 2
  template:
    spec:
      containers:
        - command:
            - echo
            - Hello, Job
          image: busybox:latest
          imagePullPolicy: Always
          name: echo
          resources: { }
      restartPolicy: Never
EOF
"$KUBECTL" apply -f "$work/echo.yaml" >/dev/null
sleep 0.5
pods="$("$KUBECTL" -n default get pods -l job-name=job-echo --no-headers 2>/dev/null | wc -l)"
[[ "$pods" -eq 0 ]] || fail "the suspended job has $pods pods"
"$KUBECTL" -n default patch job job-echo --type=merge -p '{"spec":{"suspend":false}}' >/dev/null
"$KUBECTL" -n default wait --for=condition=complete job/job-echo --timeout=60s >/dev/null || fail "job-echo did not complete"
completions="$("$KUBECTL" -n default get job job-echo --no-headers | awk '{print $3}')"
[[ "$completions" == "2/2" ]] || fail "job-echo completions $completions"
pass "suspended echo Job resumed by patch: $completions"

# 5. ttlSecondsAfterFinished: 5 → gone.
cat >"$work/ttl.yaml" <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: short-lived
spec:
  ttlSecondsAfterFinished: 5
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["echo", "bye"]
EOF
k create -f "$work/ttl.yaml" >/dev/null
k wait --for=condition=complete job/short-lived --timeout=60s >/dev/null || fail "short-lived did not complete"
k wait --for=delete job/short-lived --timeout=60s >/dev/null || fail "short-lived was not deleted"
left="$(k get pods -l job-name=short-lived --no-headers 2>/dev/null | wc -l)"
[[ "$left" -eq 0 ]] || fail "short-lived left $left pods"
pass "ttlSecondsAfterFinished 5: the Job and its pods are gone"

echo "all kubectl Job checks passed (clock speed ${JOBCONSOLE_SANDBOX_CLOCK_SPEED}x)"
