#!/usr/bin/env bash
# Issue 6's acceptance flow with curl, as project-regular, against a running console:
# create the seeds' pi Job from YAML, see it Running then Completed 4/4, its 4 Pods,
# one Pod's log = π to 2000 digits, the merged Job log, rerun → 2 records, suspend /
# resume, export → import under a new name, delete → Job and Pods gone.
#
#   scripts/api-acceptance.sh                  # starts target/debug/jobconsole on the sandbox
#   JOBCONSOLE_URL=http://127.0.0.1:8080 scripts/api-acceptance.sh   # against `make run`
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [[ -f "$work/server.log" ]] && tail -n 20 "$work/server.log" >&2; exit 1; }
pass() { echo "ok: $*"; }

url="${JOBCONSOLE_URL:-}"
if [[ -z "$url" ]]; then
  binary="${1:-$root/${CARGO_TARGET_DIR:-target}/debug/jobconsole}"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  url="http://127.0.0.1:$port"
  JOBCONSOLE_SANDBOX_CLOCK_SPEED=${JOBCONSOLE_SANDBOX_CLOCK_SPEED:-4} \
    "$binary" serve --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 60))
  until curl -fsS "$url/healthz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || fail "jobconsole exited"
    (( SECONDS < deadline )) || fail "jobconsole not healthy after 60 s"
    sleep 0.2
  done
fi
api="$url/api/v1/clusters/sandbox/projects/demo-project"
jar="$work/cookies"

# Sign in as project-regular: a session cookie, and the CSRF token changes must echo.
csrf=$(curl -fsS -c "$jar" -H 'content-type: application/json' \
  -d '{"username":"project-regular","password":"P@88w0rd"}' "$url/api/v1/login" | jq -r .csrfToken)
[[ -n "$csrf" && "$csrf" != null ]] || fail "sign-in"
get() { curl -sS -b "$jar" "$@"; }
change() { local method=$1; shift; curl -sS -b "$jar" -H "x-csrf-token: $csrf" -X "$method" "$@"; }
# wait_for DESCRIPTION SECONDS COMMAND...: until COMMAND succeeds, or fail.
wait_for() {
  local what=$1 limit=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    (( SECONDS < deadline )) || fail "timed out waiting for $what"
    sleep 0.1
  done
}
status_of() { get "$api/jobs?search=$1" | jq -r --arg n "$1" '.items[] | select(.name == $n) | .status'; }
status_is() { [[ "$(status_of "$1")" == "$2" ]]; }
status_in() { [[ " $2 " == *" $(status_of "$1") "* ]]; }

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
code=$(change POST -o "$work/created.json" -w '%{http_code}' -H 'content-type: application/yaml' \
  --data-binary @"$work/pi.yaml" "$api/jobs")
[[ "$code" == 201 ]] || fail "create pi: $code $(cat "$work/created.json")"
pass "created pi from YAML"
wait_for "pi Running" 60 status_is pi Running
pass "the list shows pi Running"
wait_for "pi Completed" 120 status_is pi Completed
row=$(get "$api/jobs?search=pi" | jq -c '.items[] | select(.name == "pi")')
[[ "$(jq -r '"\(.succeeded)/\(.completions)"' <<<"$row")" == 4/4 ]] || fail "pi not 4/4: $row"
pass "pi Completed 4/4"

get "$api/jobs/pi/pods" >"$work/pods.json"
[[ "$(jq '[.items[] | select(.phase == "Succeeded")] | length' "$work/pods.json")" == 4 ]] ||
  fail "pods: $(cat "$work/pods.json")"
pass "pods shows 4 Succeeded"
pod=$(jq -r '.items[0].name' "$work/pods.json")
get "$api/pods/$pod/logs" >"$work/pi.out"
cmp -s "$work/pi.out" "$root/backend/sandbox/src/kubelet/fixtures/pi-2000.txt" ||
  fail "logs of $pod are not π to 2000 digits"
pass "logs of $pod are π to 2000 digits"
get "$api/jobs/pi/logs" >"$work/merged.out"
[[ $(wc -l <"$work/merged.out") -eq 4 ]] || fail "merged log: $(head -c 300 "$work/merged.out")"
for p in $(jq -r '.items[].name' "$work/pods.json"); do
  grep -q "^\[$p\] 3\.14159" "$work/merged.out" || fail "no line of $p in the merged log"
done
pass "jobs/pi/logs interleaves all four Pods, each line prefixed"

code=$(change POST -o "$work/rerun.json" -w '%{http_code}' "$api/jobs/pi/rerun")
[[ "$code" == 200 ]] || fail "rerun: $code $(cat "$work/rerun.json")"
get "$api/jobs/pi/records" >"$work/records.json"
[[ "$(jq '.items | length' "$work/records.json")" == 2 ]] || fail "records: $(cat "$work/records.json")"
[[ "$(jq -r '.items[1].status' "$work/records.json")" == completed ]] || fail "first run: $(cat "$work/records.json")"
pass "rerun: records show 2 runs, the first completed"

[[ "$(change POST -o /dev/null -w '%{http_code}' "$api/jobs/pi/suspend")" == 200 ]] || fail "suspend"
wait_for "pi Suspended" 30 status_is pi Suspended
pass "suspend → Suspended"
[[ "$(change POST -o /dev/null -w '%{http_code}' "$api/jobs/pi/resume")" == 200 ]] || fail "resume"
wait_for "pi Running" 30 status_in pi "Running Completed"
pass "resume → $(status_of pi)"

get -H 'accept: application/yaml' "$api/jobs/pi" >"$work/export.yaml"
! grep -Eq 'uid:|resourceVersion:|managedFields|controller-uid|^status:' "$work/export.yaml" ||
  fail "the export is not clean: $(cat "$work/export.yaml")"
sed 's/^  name: pi$/  name: pi-copy/' "$work/export.yaml" >"$work/copy.yaml"
change POST -H 'content-type: application/yaml' --data-binary @"$work/copy.yaml" "$api/imports" >"$work/import.json"
[[ "$(jq -r '.items[0].result' "$work/import.json")" == created ]] || fail "import: $(cat "$work/import.json")"
status_in pi-copy "Pending Running Completed" || fail "pi-copy is not listed"
pass "export as YAML → import as pi-copy"

for job in pi pi-copy; do
  pods=$(get "$api/jobs/$job/pods" | jq -r '.items[].name')
  [[ "$(change DELETE -o /dev/null -w '%{http_code}' "$api/jobs/$job")" == 200 ]] || fail "delete $job"
  [[ "$(get -o /dev/null -w '%{http_code}' "$api/jobs/$job")" == 404 ]] || fail "$job still there"
  for p in $pods; do
    gone() { [[ "$(get -o /dev/null -w '%{http_code}' "$api/pods/$1/logs")" == 404 ]]; }
    wait_for "pod $p deleted" 30 gone "$p"
  done
done
pass "delete → the Jobs and their Pods are gone"
echo "api acceptance: all passed"
