# Sourced by the bench scripts: makes sure .venv-bench holds moto[server]==5.2.1, or exits 3
# (scripts/bench.sh then skips the item with the message printed here).
moto_venv=.venv-bench
if [ ! -x "$moto_venv/bin/moto_server" ]; then
    moto_log=$(mktemp)
    if ! { python3 -m venv "$moto_venv" && "$moto_venv/bin/pip" install --quiet 'moto[server]==5.2.1'; } >"$moto_log" 2>&1; then
        tail -n 5 "$moto_log" >&2
        echo "bench: cannot install moto[server]==5.2.1 into $moto_venv (no venv module or no package index?)" >&2
        rm -f "$moto_log"
        exit 3
    fi
    rm -f "$moto_log"
fi
