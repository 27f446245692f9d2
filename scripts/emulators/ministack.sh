#!/usr/bin/env bash
# ministack 1.5.33 (PyPI), an AWS emulator without SWF: every SWF request gets
# `400 {"error": "Unsupported service: swf"}`. The panel's "endpoint that is not SWF".
# Ready once /_ministack/health answers 200.
set -euo pipefail
EMU_NAME=ministack
MINISTACK_VERSION=1.5.33
# shellcheck source=scripts/emulators/lib.sh
. "$(dirname "$0")/lib.sh"

emu_install() {
    emu_venv "${SWFCHECK_PYTHON:-python3}" "$(emu_home)/venv" "ministack==$MINISTACK_VERSION"
}

emu_launch() {
    local scratch
    scratch="$(emu_run_dir)/scratch"
    # Loopback only; state, logs and temporary files in the run's scratch directory.
    export GATEWAY_PORT=$1 BIND_HOST=127.0.0.1 MINISTACK_HOST=127.0.0.1 \
        STATE_DIR="$scratch/state" TMPDIR="$scratch" PERSIST_STATE=0
    emu_exec "$(emu_home)/venv/bin/ministack"
}

emu_ready() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1/_ministack/health" || true)" = 200 ]
}

emu_main "$@"
