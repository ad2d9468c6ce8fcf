#!/usr/bin/env bash
# Starts the given jobconsole binary, copied alone into an empty directory (proving that
# the SPA is embedded), on a free loopback port, waits until it is healthy, runs the
# Playwright smoke test against it, and stops it.
set -euo pipefail
binary=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
cp "$binary" "$work/jobconsole"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
url="http://127.0.0.1:$port"
(cd "$work" && exec ./jobconsole serve --listen "127.0.0.1:$port") >"$work/server.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
deadline=$((SECONDS + 60))
until curl -fsS "$url/healthz" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then echo "jobconsole exited:"; cat "$work/server.log"; exit 1; fi
  if (( SECONDS > deadline )); then echo "jobconsole not healthy after 60s:"; cat "$work/server.log"; exit 1; fi
  sleep 0.2
done
echo "jobconsole (alone in $work) is serving on $url"
cd "$root/frontend"
JOBCONSOLE_URL="$url" npm run e2e -- ${E2E_ARGS:-}
