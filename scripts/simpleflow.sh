#!/usr/bin/env bash
# simpleflow's own deciders and workers against `swfcheck serve` (issue 22): each workflow of
# tests/clients/simpleflow/sfcheck_flows.py runs with `simpleflow standalone` (a decider process
# and an activity worker process, each forking a child per task), and its close status is then
# read through the SWF API (tests/clients/simpleflow/close_status.py, boto3) once it is closed.
# Usage: scripts/simpleflow.sh [SWFCHECK_BINARY]   (default target/release/swfcheck)
# Needs python3 with venv and pip: installs tests/clients/simpleflow/pins.txt (simpleflow==0.36.0
# and what it needs, pinned) into target/simpleflow-venv once. Each run is bounded by `timeout`.
# Prints `simpleflow: N of M workflows closed as expected`; exit 0 only when N = M.
# SIMPLEFLOW_ONLY="Nap Tree" runs only those workflows (class names); SIMPLEFLOW_TIMEOUT, seconds each.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
swfcheck="${1:-$root/target/release/swfcheck}"
flows="$root/tests/clients/simpleflow"
venv="$root/target/simpleflow-venv"
limit="${SIMPLEFLOW_TIMEOUT:-90}" # seconds per workflow
[ -x "$swfcheck" ] || { echo "simpleflow: no swfcheck binary at $swfcheck (cargo build --release)" >&2; exit 2; }
if ! "$venv/bin/python" -c 'import simpleflow' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$flows/pins.txt"
fi

out=$(mktemp -d)
pids=()
cleanup() { # every process this script started, by id; a workflow's whole process group
    for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$out"
}
trap cleanup EXIT
"$swfcheck" serve --addr 127.0.0.1:0 >"$out/serve" &
pids+=($!)
for _ in $(seq 1 100); do
    [ -s "$out/serve" ] && break
    kill -0 "${pids[0]}" 2>/dev/null || { echo "simpleflow: swfcheck serve exited" >&2; exit 1; }
    sleep 0.1
done
addr=$(head -n 1 "$out/serve")
[ -n "$addr" ] || { echo "simpleflow: swfcheck serve printed no address" >&2; exit 1; }
echo "simpleflow: $("$venv/bin/simpleflow" --version 2>/dev/null || echo simpleflow) against http://$addr"

export AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=simpleflow AWS_SECRET_ACCESS_KEY=simpleflow
export AWS_ENDPOINT_URL_SWF="http://$addr" PYTHONPATH="$flows" SWF_DOMAIN=simpleflow
"$venv/bin/python" "$flows/close_status.py" domain "$SWF_DOMAIN"

# CLASS  EXPECTED_CLOSE_STATUS  [close_status.py options]
workflows=(
    "Fanout COMPLETED"
    "Nap COMPLETED"
    "Bookmarks COMPLETED"
    "Relay COMPLETED --runs 3"
    "Tree COMPLETED --children 1"
    "Doorbell COMPLETED"
    "Doomed FAILED"
)
good=0 ran=0
for line in "${workflows[@]}"; do
    read -r class status options <<<"$line"
    [ -z "${SIMPLEFLOW_ONLY:-}" ] || [[ " $SIMPLEFLOW_ONLY " == *" $class "* ]] || continue
    id="sfcheck-$class-$RANDOM$RANDOM"
    ran=$((ran + 1))
    echo "== $class (expected $status)"
    # timeout runs the command in a process group of its own and signals the whole group.
    timeout -k 5 "$limit" "$venv/bin/simpleflow" standalone --workflow-id "$id" \
        "sfcheck_flows.$class" >"$out/$class.log" 2>&1 &
    pids+=($!)
    # The verdict is the close status, read once the execution (and any run it continued as) is
    # closed. simpleflow's decider and worker then take up to a poll (60 s) to stop after
    # SIGTERM, so the run's processes are killed instead of awaited.
    # shellcheck disable=SC2086 # options are words
    if "$venv/bin/python" "$flows/close_status.py" check "$SWF_DOMAIN" "$id" "$status" --wait "$limit" $options; then
        good=$((good + 1))
    else
        tail -n 40 "$out/$class.log" | sed 's/^/  | /'
    fi
    kill -KILL -- "-${pids[-1]}" 2>/dev/null || true
    wait "${pids[-1]}" 2>/dev/null || true
done
echo "simpleflow: $good of $ran workflows closed as expected"
[ "$good" -eq "$ran" ]
