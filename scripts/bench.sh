#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md in one command: builds in release mode, then prints each
# figure next to its goal and the ratio, every ratio measured in one run on this machine.
#
# Usage: scripts/bench.sh [--out FILE]
#   --out FILE     also write everything printed to FILE (nothing is written to the repository)
#   BENCH_QUICK=1  a smoke run for CI (smaller counts, 3 s loads, 5 s fuzzing; < 3 minutes
#                  once built); the full run is the one BENCHMARKS.md records
#
# Needs: cargo; wrk and GNU time (`apt-get install -y wrk time`); curl; python3.
# Optional (skipped with a message when missing): python3 -m venv + pip for moto_server
# (items 3 and 7), a nightly toolchain with cargo-fuzz (item 6).
# Every load is bounded (a duration or a case count); every server started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="${2:?--out needs a file}"; shift 2 ;;
        --out=*) out="${1#--out=}"; shift ;;
        -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$out" ]; then
    : >"$out"
    exec > >(tee -a "$out")
fi

quick="${BENCH_QUICK:-0}"
if [ "$quick" = 1 ]; then
    random=1500          # item 1 and 4: the generated suite + this many random cases
    load_s=3             # wrk and moto loads
    scale=(500 2000 8000)
    fuzz_s=5
    criterion=(--warm-up-time 1 --measurement-time 2)
else
    random=7500          # 2,587 generated + 7,500 random = 10,087 cases
    load_s=10
    scale=(1000 10000 100000)
    fuzz_s=60
    criterion=()
fi
seed=1

# --- tools ------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=("wrk (apt-get install -y wrk)")
[ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null || missing+=("GNU time (apt-get install -y time)")
command -v curl >/dev/null || missing+=("curl (apt-get install -y curl)")
command -v python3 >/dev/null || missing+=("python3")
if [ ${#missing[@]} -gt 0 ]; then
    printf 'bench: missing: %s\n' "${missing[@]}" >&2
    exit 2
fi

section() { printf '\n== %s\n' "$*"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
meets() { # value op goal -> "meets the goal" / "short of the goal"
    awk -v v="$1" -v g="$3" -v op="$2" 'BEGIN {
        ok = (op == ">=") ? (v >= g) : (op == "<=") ? (v <= g) : (v < g)
        print (ok ? "meets the goal" : "SHORT of the goal") }'
}
now_ms() { date +%s%3N; }

section "build (release)"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/swfcheck"
[ -x "$bin" ] || { echo "bench: $bin was not built" >&2; exit 2; }
echo "binary: $bin"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(rustc --version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$quick" = 1 ] && echo "BENCH_QUICK=1: smaller counts; the figures are a smoke test, not the record"

pids=()
tmp=$(mktemp -d)
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# One embedded endpoint for items 1 and 4, started once.
"$bin" serve --addr 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$tmp/serve.out" ] && break; sleep 0.1; done
[ -s "$tmp/serve.out" ] || { cat "$tmp/serve.err" >&2; echo "bench: swfcheck serve did not start" >&2; exit 1; }
url="http://$(head -n 1 "$tmp/serve.out")"
curl -s -o /dev/null "$url/" -H "Content-Type: application/x-amz-json-1.0" \
    -H "X-Amz-Target: SimpleWorkflowService.RegisterDomain" \
    -d '{"name":"bench","workflowExecutionRetentionPeriodInDays":"1"}'

selection=(--suite generated --random "$random" --seed "$seed")
cases=$("$bin" list "${selection[@]}" 2>/dev/null | awk '/ cases in / {print $1}')

# --- 1. harness overhead ----------------------------------------------------------------
section "1. harness overhead: swfcheck run (cases/s) vs wrk (requests/s), same endpoint"
echo "endpoint: swfcheck serve at $url (started once)"
echo "harness: swfcheck run --endpoint URL ${selection[*]} --jobs N  ($cases cases, one request each; wall time of the whole command)"
echo "raw (fixed): wrk -t min(N,2) -cN -d${load_s}s, DescribeDomain of a registered domain (scripts/bench/describe.lua)"
# The same mix: every request of one harness run, replayed round robin by wrk.
"$bin" run --endpoint "$url" "${selection[@]}" --jobs 4 --report "json=$tmp/mix.json" >/dev/null 2>&1 || true
mixed=$(python3 scripts/bench/mix.py "$tmp/mix.json" "$tmp/mix.lua")
echo "raw (mix): the same wrk load replaying the $mixed requests of one harness run (scripts/bench/mix.py)"
printf '%-6s %12s %12s %12s %10s %10s   %s\n' "jobs" "harness c/s" "wrk fixed" "wrk mix" "vs fixed" "vs mix" "goal >= 0.7x (vs fixed)"
for jobs in 1 2 4 8; do
    start=$(now_ms)
    "$bin" run --endpoint "$url" "${selection[@]}" --jobs "$jobs" >"$tmp/run.out" 2>&1 || true
    ms=$(($(now_ms) - start))
    grep -q ' checks: ' "$tmp/run.out" || { cat "$tmp/run.out" >&2; echo "bench: the run did not finish" >&2; exit 1; }
    cps=$(awk -v n="$cases" -v ms="$ms" 'BEGIN { printf "%.0f", n * 1000 / ms }')
    threads=$((jobs < 2 ? jobs : 2))
    rps=$(wrk -t"$threads" -c"$jobs" -d"${load_s}s" -s scripts/bench/describe.lua "$url" |
        awk '/Requests\/sec/ {printf "%.0f", $2}')
    mix=$(wrk -t"$threads" -c"$jobs" -d"${load_s}s" -s "$tmp/mix.lua" "$url" |
        awk '/Requests\/sec/ {printf "%.0f", $2}')
    r=$(ratio "$cps" "$rps")
    printf '%-6s %12s %12s %12s %9sx %9sx   %s\n' "$jobs" "$cps" "${rps:-0}" "${mix:-0}" "$r" \
        "$(ratio "$cps" "$mix")" "$(meets "$r" ">=" 0.7)"
done

# --- 4. memory --------------------------------------------------------------------------
section "4. memory: peak RSS of the $cases-case run (GNU time -v), harness process only"
/usr/bin/time -v "$bin" run --endpoint "$url" "${selection[@]}" --jobs 4 >/dev/null 2>"$tmp/time.out" || true
kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.out")
mb=$(awk -v k="${kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')
echo "command: /usr/bin/time -v $bin run --endpoint URL ${selection[*]} --jobs 4"
echo "peak RSS: $mb MB; goal < 64 MB: $(meets "$mb" "<" 64) ($(ratio "$mb" 64)x the goal)"

# --- 5. scaling -------------------------------------------------------------------------
section "5. scaling: suite time for ${scale[*]} random cases (embedded endpoint per run, --jobs 4)"
printf '%10s %10s %14s %12s\n' "cases" "seconds" "us per case" "peak RSS MB"
first=""
last=""
for n in "${scale[@]}"; do
    start=$(now_ms)
    /usr/bin/time -v "$bin" run --suite generated --case 'random/*' --random "$n" --seed "$seed" --jobs 4 \
        >"$tmp/scale.out" 2>"$tmp/time.out" || true
    ms=$(($(now_ms) - start))
    grep -q ' checks: ' "$tmp/scale.out" || { tail -n 20 "$tmp/time.out" >&2; echo "bench: the $n-case run did not finish" >&2; exit 1; }
    per=$(awk -v n="$n" -v ms="$ms" 'BEGIN { printf "%.1f", ms * 1000 / n }')
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.out")
    printf '%10s %10s %14s %12s\n' "$n" "$(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }')" "$per" \
        "$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')"
    first=${first:-$per}
    last=$per
done
r=$(ratio "$last" "$first")
echo "per-case time at ${scale[-1]} / at ${scale[0]}: ${r}x; linear means <= 1.5x: $(meets "$r" "<=" 1.5)"

# --- 2. parser --------------------------------------------------------------------------
section "2. parser: ns per parse + validate vs serde_json into a derived struct (criterion)"
cargo bench --quiet --bench parse -- "${criterion[@]}" >"$tmp/criterion.out" 2>&1 || {
    tail -n 20 "$tmp/criterion.out" >&2
    echo "bench: cargo bench failed" >&2
    exit 1
}
# criterion: "time:   [low unit mid unit high unit]" after each benchmark's name; mid in ns.
ns() {
    awk -v name="$1" '
        index($0, name) { found = 1 }
        found && /time:/ {
            s = $0; sub(/.*\[/, "", s); split(s, t, " "); v = t[3]; u = t[4]
            if (u == "ps") v /= 1000; else if (u ~ /^(us|µs)$/) v *= 1000; else if (u == "ms") v *= 1000000
            printf "%.1f", v; exit
        }' "$tmp/criterion.out"
}
ours=$(ns "swfcheck parse_request")
serde=$(ns "serde_json::from_slice")
r=$(ratio "$ours" "$serde")
echo "command: cargo bench --bench parse ${criterion[*]}"
echo "parse_request: $ours ns; serde_json derived: $serde ns; ratio ${r}x; goal <= 1.5x: $(meets "$r" "<=" 1.5)"

# Runs a script that compares the embedded endpoint with moto_server for $load_s seconds into
# OUT and prints it; true when it measured (its figures can be read), false when it was
# skipped because moto_server could not be installed (exit 3); any other failure stops the run.
against_moto() {
    local script=$1 out=$2 status=0
    bash "$script" "$load_s" >"$out" 2>&1 || status=$?
    cat "$out"
    case "$status" in
        0) return 0 ;;
        3) echo "(skipped: moto_server could not be installed here; see the message above)"; return 1 ;;
        *) echo "bench: $script failed (exit $status)" >&2; exit 1 ;;
    esac
}

# --- 3. endpoint vs moto ----------------------------------------------------------------
section "3. endpoint vs moto_server: requests/s, same wrk load and request (scripts/bench-endpoint.sh ${load_s})"
if against_moto scripts/bench-endpoint.sh "$tmp/endpoint.out"; then
    awk '$1 == "StartWorkflowExecution" { r = ($3 > 0) ? $2 / $3 : 0
        printf "StartWorkflowExecution ratio %.1fx; goal >= 50x: %s\n", r, (r >= 50) ? "meets the goal" : "SHORT of the goal" }' \
        "$tmp/endpoint.out"
fi

# --- 7. workflow throughput -------------------------------------------------------------
section "7. workflow throughput: executions/s, swfcheck serve vs moto_server (scripts/bench-workflow.sh ${load_s})"
if against_moto scripts/bench-workflow.sh "$tmp/workflow.out"; then
    awk '$1 == "executions" && $2 == "per" { r = $NF + 0
        printf "workflow throughput ratio %.1fx; goal >= 50x: %s\n", r, (r >= 50) ? "meets the goal" : "SHORT of the goal" }' \
        "$tmp/workflow.out"
fi

# --- 6. fuzzing -------------------------------------------------------------------------
section "6. fuzzing: exec/s of each cargo-fuzz target over ${fuzz_s}s (scripts/fuzz-smoke.sh ${fuzz_s})"
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "(skipped: no nightly toolchain; rustup toolchain install nightly)"
elif ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "(skipped: cargo-fuzz is not installed; cargo install cargo-fuzz --locked)"
else
    bash scripts/fuzz-smoke.sh "$fuzz_s" >"$tmp/fuzz.out" 2>&1 || {
        tail -n 30 "$tmp/fuzz.out" >&2
        echo "bench: fuzzing failed" >&2
        exit 1
    }
    grep -E 'average_exec_per_sec|corpus:' "$tmp/fuzz.out" || true
    awk '/parse_request stat::average_exec_per_sec/ { v = $NF
        printf "parse_request with AddressSanitizer: %d exec/s; goal >= 100000: %s (%.2fx the goal)\n", v, (v >= 100000) ? "meets the goal" : "SHORT of the goal", v / 100000 }' \
        "$tmp/fuzz.out"
    # The same target without a sanitizer: the parser's own fuzzing throughput.
    cargo +nightly fuzz run -s none parse_request fuzz/corpus/parse_request -- \
        -max_total_time="$fuzz_s" -rss_limit_mb=2048 -print_final_stats=1 >"$tmp/fuzz-none.out" 2>&1 || {
        tail -n 30 "$tmp/fuzz-none.out" >&2
        echo "bench: fuzzing parse_request without a sanitizer failed" >&2
        exit 1
    }
    awk '/^stat::average_exec_per_sec/ { v = $NF
        printf "parse_request without a sanitizer (-s none): %d exec/s; goal >= 100000: %s (%.2fx the goal)\n", v, (v >= 100000) ? "meets the goal" : "SHORT of the goal", v / 100000 }' \
        "$tmp/fuzz-none.out"
fi

section "done"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
