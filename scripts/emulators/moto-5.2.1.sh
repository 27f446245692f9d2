#!/usr/bin/env bash
# moto_server 5.2.1: scripts/emulators/moto.sh with MOTO_VERSION=5.2.1.
set -euo pipefail
MOTO_VERSION=5.2.1 exec "$(dirname "$0")/moto.sh" "$@"
