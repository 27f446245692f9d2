#!/usr/bin/env bash
# Records the baseline CI holds an endpoint of the panel to: the whole suite twice, each time
# against a fresh instance; a check whose verdicts differ between the two is recorded
# "unstable" (it then matches any verdict: src/outcome/baseline.rs). The baseline keeps the flags
# both runs were made with (a run compared with it prints them and says when its own differ).
#
# Usage: scripts/emulators/record-baseline.sh NAME OUT.json LABEL
#   e.g. scripts/emulators/record-baseline.sh moto-5.2.5 fixtures/baselines/moto-5.2.5.json "moto_server 5.2.5"
# SWFCHECK_RUN_ARGS: more arguments for both runs (none for moto: the default flags give stable
# verdicts on an endpoint that is not thread-safe; fakecloud: "--jobs 1", as CI runs it).
# Needs target/release/swfcheck (cargo build --release) and the endpoint installed
# (scripts/emulators/NAME.sh install).
set -euo pipefail
[ $# -eq 3 ] || { sed -n '6,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
name=$1 out=$2 label=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for attempt in 1 2; do
    echo "record-baseline: $name, recording $attempt of 2" >&2
    # Exit 1 (divergences) is what a panel endpoint gives; 2 or more means it could not run.
    status=0
    "$here/with.sh" "$name" -- sh -c "exec target/release/swfcheck run --endpoint \"\$ENDPOINT\" ${SWFCHECK_RUN_ARGS:-} \
        --write-baseline '$work/$attempt.json' --baseline-label '$label'" >"$work/$attempt.txt" 2>&1 || status=$?
    if [ "$status" -gt 1 ] || [ ! -s "$work/$attempt.json" ]; then
        cat "$work/$attempt.txt" >&2
        echo "record-baseline: recording $attempt of $name could not run (exit $status)" >&2
        exit 2
    fi
done
python3 - "$work/1.json" "$work/2.json" "$out" <<'PY'
import json, sys
first, second = (json.load(open(p)) for p in sys.argv[1:3])
a, b = first["verdicts"], second["verdicts"]
if a.keys() != b.keys():
    sys.exit("record-baseline: the two recordings ran different checks")
if first.get("flags") != second.get("flags"):
    sys.exit("record-baseline: the two recordings were made with different flags")
merged = {k: (v if b[k] == v else "unstable") for k, v in a.items()}
unstable = sum(v == "unstable" for v in merged.values())
out = {"endpoint": first["endpoint"], "verdicts": merged}
# What the runs were made with: their flags, and whether (and why) each went one case at a time.
for key in ("flags", "one_at_a_time"):
    if first.get(key) is not None:
        out[key] = first[key]
with open(sys.argv[3], "w") as f:
    json.dump(out, f, indent=2, sort_keys=True)
    f.write("\n")
print(f"record-baseline: {len(merged)} checks, {unstable} unstable (differed between the two recordings) -> {sys.argv[3]}")
PY
