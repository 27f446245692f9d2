#!/usr/bin/env bash
# Runs a client against `swfcheck serve` on a free loopback port: the serve's URL is the
# client command's last argument.
# Usage: tests/clients/run.sh SWFCHECK_BINARY COMMAND [ARGS...]
#   tests/clients/run.sh target/release/swfcheck .venv/bin/python tests/clients/lifecycle.py   # boto3
#   tests/clients/run.sh target/release/swfcheck bash tests/clients/cli.sh .venv/bin/aws         # AWS CLI v1
#   tests/clients/run.sh target/release/swfcheck node tests/clients/js/lifecycle.mjs             # JS SDK v3
#   tests/clients/run.sh target/release/swfcheck tests/clients/rust/target/release/swfcheck-client-rust
set -euo pipefail
swfcheck="$1"
shift
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
"$@" "http://$addr"
