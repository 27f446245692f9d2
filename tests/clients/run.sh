#!/usr/bin/env bash
# Runs tests/clients/lifecycle.py (boto3) against `swfcheck serve` on a free loopback port.
# Usage: tests/clients/run.sh PYTHON SWFCHECK_BINARY
set -euo pipefail
python="$1"
swfcheck="$2"
here=$(dirname "$0")
out=$(mktemp)
"$swfcheck" serve --addr 127.0.0.1:0 --poll-timeout 2s >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do
    [ -s "$out" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "clients: swfcheck serve exited" >&2; exit 1; }
    sleep 0.1
done
addr=$(head -n 1 "$out")
[ -n "$addr" ] || { echo "clients: swfcheck serve printed no address" >&2; exit 1; }
"$python" "$here/lifecycle.py" "http://$addr"
