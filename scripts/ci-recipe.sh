#!/usr/bin/env bash
# Runs the commands of docs/ci.md as written, locally, the way GitHub Actions and GitLab would:
# the one-time baseline/snapshot recording, then every shard of the matrix, then the merge job.
# The commands are read out of docs/ci.md, so the page cannot drift from what works.
#
# Every job gets a fresh endpoint, as a CI job does: ENDPOINT_CMD starts one on {port}
# (default: the embedded reference endpoint; .ci/run passes moto_server).
#
# Usage: [ENDPOINT_CMD='moto_server -H 127.0.0.1 -p {port}'] scripts/ci-recipe.sh
# Needs target/release/swfcheck (cargo build --release).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
doc="$root/docs/ci.md"
bin="$root/target/release"
[ -x "$bin/swfcheck" ] || { echo "ci-recipe: build first: cargo build --release" >&2; exit 2; }
export PATH="$bin:$PATH"

work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

default_cmd='swfcheck serve --addr 127.0.0.1:{port}'
endpoint_cmd=${ENDPOINT_CMD:-$default_cmd}

# Starts a fresh endpoint on a free port; sets SWF_ENDPOINT and server_pid.
start_endpoint() {
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ${endpoint_cmd//\{port\}/$port} >"$work/endpoint.log" 2>&1 &
    server_pid=$!
    export SWF_ENDPOINT="http://127.0.0.1:$port"
    for _ in $(seq 1 150); do
        curl -s -o /dev/null "$SWF_ENDPOINT/" && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    cat "$work/endpoint.log" >&2
    echo "ci-recipe: the endpoint did not start: $endpoint_cmd" >&2
    exit 2
}

stop_endpoint() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}
echo "ci-recipe: endpoint command '$endpoint_cmd', working in $work"

# The commands, in the order the page gives them.
bootstrap=$(grep -E '^swfcheck run .*--write-baseline' "$doc")
mapfile -t github < <(grep -E '^ +run: swfcheck ' "$doc" | sed -E 's/^ +run: //')
mapfile -t gitlab < <(grep -E '^ +- swfcheck ' "$doc" | sed -E 's/^ +- //')
[ -n "$bootstrap" ] && [ "${#github[@]}" -eq 2 ] && [ "${#gitlab[@]}" -eq 2 ] || {
    echo "ci-recipe: docs/ci.md no longer has the commands this script expects" >&2
    exit 2
}

# Runs one job's command against a fresh endpoint.
run() {
    start_endpoint
    echo "+ $*"
    local status=0
    (cd "$work/repo" && eval "$@") || status=$?
    stop_endpoint
    return "$status"
}

mkdir -p "$work/repo/ci"
# Recording exits 1 while the endpoint diverges: the baseline and snapshots are written either way.
status=0
run "$bootstrap" >"$work/bootstrap.log" 2>&1 || status=$?
[ "$status" -le 1 ] && [ -s "$work/repo/ci/swf-baseline.json" ] || { cat "$work/bootstrap.log"; exit 1; }
tail -n 2 "$work/bootstrap.log"

echo "ci-recipe: GitHub Actions matrix"
for shard in 1 2 3 4; do
    SHARD=$shard SHARDS=4 run "${github[0]}" >"$work/gh-$shard.log" 2>&1 ||
        { cat "$work/gh-$shard.log"; echo "ci-recipe: shard $shard failed" >&2; exit 1; }
    tail -n 1 "$work/gh-$shard.log"
done
(cd "$work/repo" && echo "+ ${github[1]}" && eval "${github[1]}")
for f in swfcheck.xml swfcheck.html; do
    [ -s "$work/repo/$f" ] || { echo "ci-recipe: the merge job wrote no $f" >&2; exit 1; }
done
total=$(grep -c '<testcase' "$work/repo/swfcheck.xml")
echo "ci-recipe: merged JUnit holds $total test cases"

echo "ci-recipe: GitLab parallel jobs"
rm -f "$work/repo"/swfcheck-*.json "$work/repo"/swfcheck.*
for node in 1 2 3 4; do
    CI_NODE_INDEX=$node CI_NODE_TOTAL=4 run "${gitlab[0]}" >"$work/gl-$node.log" 2>&1 ||
        { cat "$work/gl-$node.log"; echo "ci-recipe: node $node failed" >&2; exit 1; }
done
(cd "$work/repo" && echo "+ ${gitlab[1]}" && eval "${gitlab[1]}")
again=$(grep -c '<testcase' "$work/repo/swfcheck.xml")
[ "$again" -eq "$total" ] || { echo "ci-recipe: GitLab merge has $again cases, GitHub's $total" >&2; exit 1; }
echo "ci-recipe: both recipes ran; $total test cases each"
