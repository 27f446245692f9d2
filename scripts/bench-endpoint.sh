#!/usr/bin/env bash
# Requests/s of the embedded reference endpoint vs moto_server, same load tool (wrk),
# same machine, one run. Usage: scripts/bench-endpoint.sh [SECONDS]
# Needs: wrk (Debian package), Python 3 with pip (installs moto[server]==5.2.1 in .venv-bench).
# Exit status 3: moto_server could not be installed (scripts/bench.sh then skips this item).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
command -v wrk >/dev/null || { echo "bench-endpoint: install wrk (apt-get install wrk)" >&2; exit 2; }
. scripts/bench/moto-venv.sh
venv=$moto_venv
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/swfcheck"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
out=$(mktemp)
"$bin" serve --addr 127.0.0.1:0 >"$out" 2>/dev/null &
pids+=($!)
moto_port=$(free_port)
"$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$out" ] && curl -s "http://127.0.0.1:$moto_port/" >/dev/null 2>&1 && break; sleep 0.2; done
swf_url="http://$(head -n 1 "$out")"
moto_url="http://127.0.0.1:$moto_port"

call() { # url operation json
  curl -s -o /dev/null -w '%{http_code}' "$1/" -H "Content-Type: application/x-amz-json-1.0" \
    -H "X-Amz-Target: SimpleWorkflowService.$2" \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=BENCH/20260101/us-east-1/swf/aws4_request, SignedHeaders=host, Signature=0" -d "$3"
}
for url in "$swf_url" "$moto_url"; do
  call "$url" RegisterDomain '{"name":"bench","workflowExecutionRetentionPeriodInDays":"1"}' >/dev/null
  call "$url" RegisterWorkflowType '{"domain":"bench","name":"wf","version":"1"}' >/dev/null
  call "$url" StartWorkflowExecution '{"domain":"bench","workflowId":"bench-open","workflowType":{"name":"wf","version":"1"},"taskList":{"name":"tl"},"executionStartToCloseTimeout":"600","taskStartToCloseTimeout":"60","childPolicy":"TERMINATE"}' >/dev/null
done

measure() { # url script -> "rps non2xx"
  local text rps non2xx
  text=$(wrk -t2 -c16 -d"${seconds}s" -s "scripts/bench/$2" "$1" 2>&1)
  rps=$(echo "$text" | awk '/Requests\/sec/ {print $2}')
  non2xx=$(echo "$text" | awk '/Non-2xx/ {print $5}')
  echo "${rps:-0} ${non2xx:-0}"
}
printf '%-32s %14s %14s %10s\n' "operation (wrk -t2 -c16 ${seconds}s)" "swfcheck rps" "moto rps" "ratio"
for op in start:StartWorkflowExecution cancel:RequestCancelWorkflowExecution; do
  script="${op%%:*}.lua"; name="${op#*:}"
  read -r s_rps s_bad < <(measure "$swf_url" "$script")
  read -r m_rps m_bad < <(measure "$moto_url" "$script")
  ratio=$(awk -v a="$s_rps" -v b="$m_rps" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }')
  printf '%-32s %14s %14s %10s\n' "$name" "$s_rps" "$m_rps" "$ratio"
  echo "  non-2xx answers: swfcheck $s_bad, moto $m_bad"
done
