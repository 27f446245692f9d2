#!/usr/bin/env bash
# Runs the sample SWF application (examples/sample_app, boto3) and its checks.
# Usage: scripts/sample-app.sh [PYTHON] [SWFCHECK_BINARY | --endpoint URL] [-- APP OPTIONS]
#   PYTHON           an interpreter with boto3 (scripts/requirements.txt); default python3
#   SWFCHECK_BINARY  starts `SWFCHECK_BINARY serve` on a free loopback port, runs the app against
#                    it, stops it; default target/release/swfcheck
#   --endpoint URL   runs against an endpoint already up (moto_server, another emulator)
#   APP OPTIONS      passed on, e.g. -- --only timers,counter (see main.py --help)
# Exit status: 0 every check held; non-zero otherwise, each failed check printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python="${1:-python3}"
[ $# -gt 0 ] && shift
target="${1:-$root/target/release/swfcheck}"
[ $# -gt 0 ] && shift
url=""
if [ "$target" = --endpoint ]; then
    [ -n "${1:-}" ] || { echo "sample-app: --endpoint needs a URL" >&2; exit 2; }
    url="$1"
    shift
fi
[ "${1:-}" = -- ] && shift
"$python" -c 'import boto3' 2>/dev/null ||
    { echo "sample-app: $python has no boto3 (pip install -r scripts/requirements.txt)" >&2; exit 2; }

if [ -z "$url" ]; then
    [ -x "$target" ] || { echo "sample-app: no swfcheck binary at $target (cargo build --release)" >&2; exit 2; }
    out=$(mktemp)
    # A short empty poll, so that the app's poll loops notice the stop within a second.
    "$target" serve --addr 127.0.0.1:0 --poll-timeout 1s >"$out" &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
    for _ in $(seq 1 100); do
        [ -s "$out" ] && break
        kill -0 "$pid" 2>/dev/null || { echo "sample-app: swfcheck serve exited" >&2; exit 1; }
        sleep 0.1
    done
    addr=$(head -n 1 "$out")
    [ -n "$addr" ] || { echo "sample-app: swfcheck serve printed no address" >&2; exit 1; }
    url="http://$addr"
fi
echo "sample-app: against $url"
# Fake credentials for local endpoints; the environment's own win (a real endpoint needs them).
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-sample-app}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-sample-app}"
if ! "$python" "$root/examples/sample_app/main.py" "$url" "$@"; then
    echo "sample-app: FAILED: the sample application's checks did not all hold against $url (see above)" >&2
    exit 1
fi
