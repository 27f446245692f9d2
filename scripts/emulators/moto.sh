#!/usr/bin/env bash
# moto_server (PyPI `moto[server]`), version $MOTO_VERSION (default 5.2.5), in a venv of its own.
# moto-5.2.5.sh and moto-5.2.1.sh call this with their version. Ready once SWF's ListDomains
# answers 200. See scripts/emulators/README.md.
set -euo pipefail
MOTO_VERSION=${MOTO_VERSION:-5.2.5}
EMU_NAME="moto-$MOTO_VERSION"
# shellcheck source=scripts/emulators/lib.sh
. "$(dirname "$0")/lib.sh"

emu_install() {
    # moto 5.2 supports Python 3.9+: the machine's python3 does.
    emu_venv "${SWFCHECK_PYTHON:-python3}" "$(emu_home)/venv" "moto[server]==$MOTO_VERSION"
}

emu_launch() {
    emu_exec "$(emu_home)/venv/bin/moto_server" -H 127.0.0.1 -p "$1"
}

emu_ready() { [ "$(emu_swf_probe "$1")" = 200 ]; }

emu_main "$@"
