#!/usr/bin/env bash
# Runs the Jobs API integration tests the way they run against a real cluster
# (JOBCONSOLE_TEST_KUBECONFIG + JOBCONSOLE_TEST_TOKEN): the console reaches the cluster
# through a kubeconfig over HTTPS, and the tests authenticate with a bearer token. The
# cluster here is `jobconsole sandbox` (a separate process, HTTPS, its own CA), standing in
# for a real one; point the variables at a real cluster to run the same tests there.
set -euo pipefail
binary=$(realpath "${1:-target/debug/jobconsole}")
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
JOBCONSOLE_SANDBOX_CLOCK_SPEED=5 "$binary" sandbox --listen "127.0.0.1:$port" \
  --write-kubeconfig "$work/kubeconfig" >"$work/sandbox.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
deadline=$((SECONDS + 60))
until [[ -s "$work/kubeconfig" ]] && grep -q 'token:' "$work/kubeconfig"; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/sandbox.log"; exit 1; }
  (( SECONDS < deadline )) || { echo "no kubeconfig after 60 s"; cat "$work/sandbox.log"; exit 1; }
  sleep 0.2
done
# The kubeconfig's current context (admin) is the console's identity; the tests act as
# project-regular (operator in demo-project) with its bearer token.
token=$(awk '/- name: project-regular/ {found=1} found && /token:/ {print $2; exit}' "$work/kubeconfig")
[[ -n "$token" ]] || { echo "no project-regular token in the kubeconfig"; exit 1; }
JOBCONSOLE_TEST_KUBECONFIG="$work/kubeconfig" JOBCONSOLE_TEST_TOKEN="$token" \
  JOBCONSOLE_TEST_PROJECT=demo-project \
  cargo test -p jobconsole --locked --test jobs --test malformed
