#!/usr/bin/env bash
# Do the printed reproductions reproduce? Runs the suite once against a fresh moto_server
# (--jobs 1: moto's SWF is not thread-safe), takes the N largest groups of its JSON report, runs
# each group's printed command (`swfcheck run --case ID ... -v`) against the same moto, and
# compares the example case's verdicts and group (kind, answer) with the first run's. A replay
# meets what the first run left on the endpoint; it says so in its notes, shown here.
#
# Usage: scripts/reproduce-groups.sh [SWFCHECK] [N]
#   SWFCHECK  the binary (default target/release/swfcheck)
#   N         how many groups (default 20)
# moto: MOTO_SERVER=/path/to/moto_server (a venv's), else scripts/emulators/moto-5.2.5.sh
# installs and starts one. Work files go to $OUT (default target/reproduce-groups).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
swfcheck=$(realpath "${1:-$here/../target/release/swfcheck}")
n=${2:-20}
out=${OUT:-$here/../target/reproduce-groups}
rm -rf "$out"
mkdir -p "$out"

if [ -n "${MOTO_SERVER:-}" ]; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    "$MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$out/moto.log" 2>&1 &
    moto_pid=$!
    # Only the server this script started is stopped, by its pid.
    trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT
    endpoint="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do
        if curl -s -o /dev/null "$endpoint"; then break; fi
        sleep 0.2
    done
    version=$("$(dirname "$MOTO_SERVER")/python" -c 'import moto; print(moto.__version__)' 2>/dev/null || echo "?")
else
    endpoint=$("$here/emulators/moto-5.2.5.sh" start)
    trap '"$here/emulators/moto-5.2.5.sh" stop || true' EXIT
    version=5.2.5
fi

echo "reproduce-groups: the suite against moto_server $version at $endpoint (--jobs 1)" >&2
status=0
"$swfcheck" run --endpoint "$endpoint" --jobs 1 --report "json=$out/run.json" >"$out/run.txt" 2>"$out/run.err" || status=$?
echo "reproduce-groups: the run exited $status; $(grep -c . "$out/run.txt") lines in $out/run.txt" >&2

python3 - "$swfcheck" "$n" "$out" <<'EOF'
import json, subprocess, sys
swfcheck, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
run = json.load(open(f"{out}/run.json"))
groups = run["groups"][:n]

def verdicts(report, case):
    return {r["id"]: r["verdict"] for r in report["cases"] if (r.get("case_id") or r["id"]) == case}

def group_of(report, rid):
    for g in report["groups"]:
        if rid in g["ids"]:
            return (g["kind"], g["answer"])
    return None

same = 0
print(f"{'#':>2} {'checks':>6}  {'kind':<22} {'example':<62} exit  verdicts")
for i, g in enumerate(groups, 1):
    case = g["example"]
    path = f"{out}/replay-{i}.json"
    command = g["reproduce_case"].replace("swfcheck", swfcheck, 1) + f" --report json={path}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    try:
        replay = json.load(open(path))
    except (OSError, ValueError):
        print(f"{i:>2} {g['checks']:>6}  {g['kind']:<22} {case:<62} {done.returncode:>4}  NO REPORT: {done.stdout[-300:]}")
        continue
    before, after = verdicts(run, case), verdicts(replay, case)
    changed = {k: (before[k], after.get(k)) for k in before if before[k] != after.get(k)}
    first = next(iter(before))
    regroup = group_of(run, first) != group_of(replay, first) and before[first] != "pass"
    verdict = "same" if not changed and not regroup else f"DIFFER {changed}" + (" (another group)" if regroup else "")
    same += verdict == "same"
    print(f"{i:>2} {g['checks']:>6}  {g['kind']:<22} {case:<62} {done.returncode:>4}  {verdict}")
    for note in replay.get("notes", []):
        print(f"   note: {note[:220]}")
print(f"reproduce-groups: {same} of {len(groups)} reproductions gave the example case's verdicts and group again")
EOF
