#!/usr/bin/env bash
# LocalStack core 2026.3.0 as a plain process, without Docker (its SWF is moto-ext behind
# LocalStack's gateway). For runs by hand: about 12 minutes to install the first time.
# Facts from ../shared/EMULATORS.md: Python 3.12+ (on 3.11 it stops with "No component plugins
# found"); cbor2 < 6 and pyOpenSSL 24.2.1 pinned after the install; the hypercorn gateway; SWF
# ready when /_localstack/health says so; SIGTERM may hang in "Stopping all services", so the
# stop SIGKILLs after a grace period. Python: $SWFCHECK_PYTHON312, else python3.13/python3.12 on
# PATH, else the newest 3.12+ that pyenv has.
set -euo pipefail
EMU_NAME=localstack
LOCALSTACK_VERSION=2026.3.0
EMU_START_TIMEOUT=${EMU_START_TIMEOUT:-240}
EMU_STOP_GRACE=${EMU_STOP_GRACE:-15}
# shellcheck source=scripts/emulators/lib.sh
. "$(dirname "$0")/lib.sh"

# Prints a Python interpreter of version 3.12 or newer.
python312() {
    local candidate
    local candidates=()
    [ -n "${SWFCHECK_PYTHON312:-}" ] && candidates+=("$SWFCHECK_PYTHON312")
    candidates+=(python3.14 python3.13 python3.12 python3)
    if command -v pyenv >/dev/null; then
        local root
        root=$(pyenv root)
        while IFS= read -r candidate; do
            candidates+=("$candidate/bin/python3")
        done < <(find "$root/versions" -mindepth 1 -maxdepth 1 -name '3.1[2-9]*' 2>/dev/null | sort -rV)
    fi
    for candidate in "${candidates[@]}"; do
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    emu_die "LocalStack $LOCALSTACK_VERSION needs Python 3.12 or newer; none found (set SWFCHECK_PYTHON312=/path/to/python3.12)"
}

emu_install() {
    emu_venv "$(python312)" "$(emu_home)/venv" \
        "localstack-core[runtime]==$LOCALSTACK_VERSION" -- 'cbor2<6' 'pyopenssl==24.2.1'
}

emu_launch() {
    local scratch
    scratch="$(emu_run_dir)/scratch"
    mkdir -p "$scratch/fs" "$scratch/volume"
    export GATEWAY_SERVER=hypercorn \
        GATEWAY_LISTEN="127.0.0.1:$1" LOCALSTACK_HOST="127.0.0.1:$1" \
        SERVICES=swf EAGER_SERVICE_LOADING=1 DNS_ADDRESS=0 DISABLE_EVENTS=1 \
        SKIP_SSL_CERT_DOWNLOAD=1 \
        FILESYSTEM_ROOT="$scratch/fs" LOCALSTACK_VOLUME_DIR="$scratch/volume"
    emu_exec "$(emu_home)/venv/bin/python" -m localstack.runtime.main
}

emu_ready() {
    curl -s --max-time 5 "$1/_localstack/health" 2>/dev/null |
        grep -qE '"swf": *"(available|running)"'
}

emu_main "$@"
