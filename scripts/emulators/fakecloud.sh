#!/usr/bin/env bash
# fakecloud's SWF: the front of tests/emulators/fakecloud (the published crates fakecloud-swf and
# fakecloud-core =0.51.0, AGPL-3.0, linked only as a test target), built with its committed
# Cargo.lock into $SWFCHECK_EMULATORS_DIR/fakecloud/target. Ready once ListDomains answers 200.
set -euo pipefail
EMU_NAME=fakecloud
EMU_START_TIMEOUT=${EMU_START_TIMEOUT:-30}
# shellcheck source=scripts/emulators/lib.sh
. "$(dirname "$0")/lib.sh"

front="$emu_repo/tests/emulators/fakecloud"

emu_binary() { printf '%s/target/release/swfcheck-fakecloud-front' "$(emu_home)"; }

emu_install() {
    command -v cargo >/dev/null || emu_die "cargo is not on PATH (https://rustup.rs)"
    # cargo decides whether anything changed: a no-op when the binary is up to date.
    cargo build --release --locked --quiet --manifest-path "$front/Cargo.toml" \
        --target-dir "$(emu_home)/target" >&2 || emu_die "cargo build of $front failed"
}

emu_launch() { emu_exec "$(emu_binary)" --addr "127.0.0.1:$1"; }

emu_ready() { [ "$(emu_swf_probe "$1")" = 200 ]; }

emu_main "$@"
