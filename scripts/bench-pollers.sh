#!/usr/bin/env bash
# Many long polls on the embedded reference endpoint (issue 22, item 6): examples/workflow_bench.rs
# with --pollers: POLLERS decision pollers over LISTS task lists while executions start for SECONDS
# (at most MAX executions), every fourth poll abandoned mid-wait. Reports tasks/s, the most and
# fewest tasks per poller, duplicates and lost tasks; exit non-zero on a duplicate, a loss or a
# poller that got nothing. A fresh `swfcheck serve` (60 s polls, the service's) is started and
# stopped by PID.
# Usage: scripts/bench-pollers.sh [SECONDS] [POLLERS] [LISTS] [MAX]   (defaults 10 s, 64, 16, 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
pollers="${2:-64}"
lists="${3:-16}"
max="${4:-50000}"
cargo build --release --quiet --bin swfcheck --example workflow_bench
bin="${CARGO_TARGET_DIR:-target}/release/swfcheck"
driver="${CARGO_TARGET_DIR:-target}/release/examples/workflow_bench"

out=$(mktemp)
"$bin" serve --addr 127.0.0.1:0 >"$out" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.1; done
url="http://$(head -n 1 "$out")"
echo "driver: $driver $url --pollers $pollers --lists $lists --seconds $seconds --max $max"
"$driver" "$url" --pollers "$pollers" --lists "$lists" --seconds "$seconds" --max "$max"
