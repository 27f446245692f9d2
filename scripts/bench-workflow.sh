#!/usr/bin/env bash
# Workflow throughput of the embedded reference endpoint vs moto_server 5.2.1, same driver
# (examples/workflow_bench.rs), same machine, one run: executions per second of
# start → decide (ScheduleActivityTask) → activity (poll, complete) → decide (complete).
# Usage: scripts/bench-workflow.sh [SECONDS] [LOOPS]   (defaults 10 s, 8 concurrent loops)
# Needs: Python 3 with pip (installs moto[server]==5.2.1 in .venv-bench).
# Exit status 3: moto_server could not be installed (scripts/bench.sh then skips this item).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
loops="${2:-8}"
. scripts/bench/moto-venv.sh
cargo build --release --quiet --bin swfcheck --example workflow_bench
bin="${CARGO_TARGET_DIR:-target}/release/swfcheck"
driver="${CARGO_TARGET_DIR:-target}/release/examples/workflow_bench"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pids=()
out=$(mktemp)
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -f "$out" "$out.run" "$out.lines"' EXIT
# Fresh servers: no earlier load's executions in them.
"$bin" serve --addr 127.0.0.1:0 >"$out" 2>/dev/null &
pids+=($!)
moto_port=$(free_port)
"$moto_venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$out" ] && curl -s "http://127.0.0.1:$moto_port/" >/dev/null 2>&1 && break; sleep 0.2; done
swf_url="http://$(head -n 1 "$out")"
moto_url="http://127.0.0.1:$moto_port"

echo "driver: $driver URL --loops $loops --seconds $seconds (each loop on its own task lists)"
rate() { # url -> exec/s; the driver's own lines are kept in $tmp_lines
    "$driver" "$1" --loops "$loops" --seconds "$seconds" >"$out.run" 2>&1 || { cat "$out.run" >&2; return 1; }
    grep -v '^workflow-bench:' "$out.run" >>"$out.lines"
    awk '/^workflow-bench:/ {print $4}' "$out.run"
}
: >"$out.lines"
s_rate=$(rate "$swf_url")
m_rate=$(rate "$moto_url")
sed 's/^/  /' "$out.lines"
printf '%-28s %14s %14s %10s\n' "workflow start->complete" "swfcheck ex/s" "moto ex/s" "ratio"
ratio=$(awk -v a="$s_rate" -v b="$m_rate" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "0" }')
printf '%-28s %14s %14s %9sx\n' "executions per second" "$s_rate" "$m_rate" "$ratio"
