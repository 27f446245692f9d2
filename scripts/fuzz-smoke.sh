#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (default 60 s each).
# Usage: scripts/fuzz-smoke.sh [SECONDS]   (from anywhere; installs cargo-fuzz if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz-smoke: installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi
if rustup toolchain list | grep -q '^nightly'; then
    toolchain=(+nightly)
    sanitizer=()
else
    echo "fuzz-smoke: no nightly toolchain: running on stable without a sanitizer"
    toolchain=(+stable)
    sanitizer=(-s none)
fi

cargo run --quiet --example fuzz_corpus -- fuzz/corpus/parse_request
mkdir -p fuzz/corpus/structured_request

for target in $(cargo "${toolchain[@]}" fuzz list); do
    echo "fuzz-smoke: $target for ${seconds}s"
    log=$(mktemp)
    if ! cargo "${toolchain[@]}" fuzz run "${sanitizer[@]}" "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz-smoke: $target FAILED (crash inputs in fuzz/artifacts/$target/)" >&2
        rm -f "$log"
        exit 1
    fi
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed "s/^/fuzz-smoke: $target /" || true
    echo "fuzz-smoke: $target corpus: $(find "fuzz/corpus/$target" -type f | wc -l) files"
    rm -f "$log"
done
echo "fuzz-smoke: every target ran ${seconds}s without a crash"
