#!/usr/bin/env bash
# Renders an HTML report (swfcheck run --report html=PATH) in headless Chromium: writes a
# screenshot and the rendered DOM, and fails unless the DOM holds the matrix and the
# traceability table.
# Usage: scripts/html-screenshot.sh REPORT.html OUT.png   (the DOM goes to OUT.png.dom.html)
# Needs: chromium (Debian: apt-get install chromium); CHROMIUM=/path/to/binary overrides it.
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 REPORT.html OUT.png" >&2
    exit 2
fi
report="$1"
png="$2"
dom="$png.dom.html"
chromium="${CHROMIUM:-chromium}"
command -v "$chromium" >/dev/null || { echo "html-screenshot: $chromium not found (apt-get install chromium)" >&2; exit 2; }
[ -f "$report" ] || { echo "html-screenshot: no such file: $report" >&2; exit 2; }
url="file://$(realpath "$report")"
mkdir -p "$(dirname "$png")"
png="$(realpath "$png")"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --user-data-dir="$profile" --window-size=1400,1800)

rm -f "$png"
timeout 120 "$chromium" "${flags[@]}" --screenshot="$png" "$url" >/dev/null 2>&1 || true
timeout 120 "$chromium" "${flags[@]}" --dump-dom "$url" >"$dom" 2>/dev/null || true

status=0
[ -s "$png" ] || { echo "html-screenshot: no screenshot written to $png" >&2; status=1; }
for id in matrix traceability; do
    grep -q "id=\"$id\"" "$dom" || { echo "html-screenshot: the rendered DOM has no id=\"$id\" ($dom)" >&2; status=1; }
done
[ "$status" -eq 0 ] && echo "html-screenshot: $png ($(wc -c <"$png") bytes), DOM in $dom"
exit "$status"
