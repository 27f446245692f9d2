#!/usr/bin/env bash
# The panel of issue 20: starts each SWF endpoint nobody here wrote in turn (scripts/emulators/),
# runs swfcheck against it with a JSON report, stops it, then writes docs/emulators.md from the
# reports (scripts/emulators.py).
#
# Usage: scripts/panel.sh [ENDPOINT...]
#   ENDPOINT: moto-5.2.5 moto-5.2.1 fakecloud localstack ministack (the default: all five, in this
#   order; LocalStack's first install takes minutes, see scripts/emulators/README.md)
# Environment:
#   SWFCHECK       the binary (default target/release/swfcheck; build it first: cargo build --release)
#   SWFCHECK_ARGS  more arguments for `swfcheck run` (e.g. '--jobs 4'; word-split)
#   PANEL_OUT      where reports and logs go (default target/panel): NAME.json, NAME.meta.json
#                  (label, exit status, seconds), NAME.stdout, NAME.stderr
#   PANEL_DOC      the page to write (default docs/emulators.md; '-' for stdout, 'none' to skip)
# Exit status: 0 when every endpoint started and the page was written (a run that finds
# divergences is what the panel is for: swfcheck's own exit status is recorded, not judged);
# 1 when an endpoint could not be started or the page could not be written; 2 on bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

swfcheck=${SWFCHECK:-target/release/swfcheck}
out=${PANEL_OUT:-target/panel}
doc=${PANEL_DOC:-docs/emulators.md}
default=(moto-5.2.5 moto-5.2.1 fakecloud localstack ministack)
if [ $# -gt 0 ]; then endpoints=("$@"); else endpoints=("${default[@]}"); fi

label() {
    case "$1" in
    moto-*) echo "moto_server ${1#moto-}" ;;
    fakecloud) echo "fakecloud-swf 0.51.0 (front: tests/emulators/fakecloud)" ;;
    localstack) echo "LocalStack core 2026.3.0 (SWF: moto-ext 5.1.54)" ;;
    ministack) echo "ministack 1.5.33 (an endpoint that is not SWF)" ;;
    *) echo "$1" ;;
    esac
}

for name in "${endpoints[@]}"; do
    case "$name" in
    lib | with | moto | */*) ok="" ;;
    *) if [ -x "scripts/emulators/$name.sh" ]; then ok=yes; else ok=""; fi ;;
    esac
    if [ -z "$ok" ]; then
        echo "panel: no endpoint '$name' (one of: ${default[*]})" >&2
        exit 2
    fi
done
[ -x "$swfcheck" ] || {
    echo "panel: no swfcheck binary at $swfcheck: build it first (cargo build --release) or set SWFCHECK" >&2
    exit 2
}
mkdir -p "$out"

# Writes NAME.meta.json from key=value pairs (values are strings, except exit and seconds).
meta() {
    local file=$1
    shift
    python3 - "$file" "$@" <<'EOF'
import json, sys
meta = {}
for pair in sys.argv[2:]:
    key, _, value = pair.partition("=")
    if key in ("exit",):
        value = int(value)
    elif key == "seconds":
        value = round(float(value), 1)
    meta[key] = value
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(meta, f, indent=1, sort_keys=True)
    f.write("\n")
EOF
}

failed=0
reports=()
summary=()
for name in "${endpoints[@]}"; do
    echo "panel: == $name" >&2
    report="$out/$name.json"
    rm -f "$report" "$out/$name.meta.json"
    started=$EPOCHREALTIME
    status=0
    # with.sh exits 2 when the endpoint does not start; otherwise with swfcheck's status, which
    # the inner shell writes down so that the two cannot be confused.
    # shellcheck disable=SC2016 # $ENDPOINT is expanded by the inner shell, where with.sh sets it
    scripts/emulators/with.sh "$name" -- bash -c '
        status=0
        "$1" run --endpoint "$ENDPOINT" --report "json=$2" ${SWFCHECK_ARGS:-} >"$3.stdout" 2>"$3.stderr" || status=$?
        echo "$status" >"$3.status"
    ' panel "$swfcheck" "$report" "$out/$name" 2>"$out/$name.log" || status=$?
    seconds=$(python3 -c "print($EPOCHREALTIME - $started)")
    if [ -f "$out/$name.status" ]; then
        run_status=$(cat "$out/$name.status")
        rm -f "$out/$name.status"
        meta "$out/$name.meta.json" name="$name" label="$(label "$name")" exit="$run_status" \
            seconds="$seconds" start="scripts/emulators/$name.sh start"
        summary+=("$(printf '%-12s swfcheck exit %s, %5.1f s with start and stop, %s' "$name" "$run_status" "$seconds" \
            "$(tail -n 3 "$out/$name.stdout" | grep -m1 'checks:' | sed 's/^swfcheck: //' || true)")")
        reports+=("$name=$report")
    else
        failed=1
        tail -n 20 "$out/$name.log" >&2
        meta "$out/$name.meta.json" name="$name" label="$(label "$name")" \
            error="did not start (exit $status; see $out/$name.log)" start="scripts/emulators/$name.sh start"
        summary+=("$(printf '%-12s did not start (exit %s): %s' "$name" "$status" "$out/$name.log")")
        reports+=("$name=$report")
    fi
done

echo "panel: results (reports in $out):" >&2
printf '  %s\n' "${summary[@]}" >&2
if [ "$doc" != none ]; then
    python3 scripts/emulators.py --out "$doc" "${reports[@]}" || { echo "panel: scripts/emulators.py failed" >&2; exit 1; }
    [ "$doc" = - ] || echo "panel: wrote $doc" >&2
fi
exit "$failed"
