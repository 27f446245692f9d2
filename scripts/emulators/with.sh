#!/usr/bin/env bash
# Runs a command against a fresh instance of an endpoint and always stops it afterwards
# (on success, failure, Ctrl-C or SIGTERM). The command sees the URL in $ENDPOINT; the exit
# status is the command's.
#
# Usage: scripts/emulators/with.sh NAME [--] COMMAND [ARG...]
#   NAME: moto-5.2.5, moto-5.2.1, fakecloud, localstack, ministack (a script NAME.sh here)
# e.g.   scripts/emulators/with.sh fakecloud -- sh -c 'target/release/swfcheck run --endpoint "$ENDPOINT"'
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
[ $# -ge 1 ] || usage
name=$1
shift
[ "${1:-}" = "--" ] && shift
[ $# -ge 1 ] || usage
script="$here/$name.sh"
case "$name" in
lib | with | moto | */*) script="" ;;
esac
if [ -z "$script" ] || [ ! -x "$script" ]; then
    echo "with.sh: no endpoint '$name' (one of: moto-5.2.5 moto-5.2.1 fakecloud localstack ministack)" >&2
    exit 2
fi

# An instance that did not start is not ours to stop: when one already runs (another
# with.sh, a start by hand), start refuses and that instance is left alone.
trap 'exit 130' INT
trap 'exit 143' TERM
ENDPOINT=$("$script" start) || { echo "with.sh: $name did not start" >&2; exit 2; }
# From here on, whatever happens, the instance is stopped.
# shellcheck disable=SC2317 # invoked by the trap
stop() { "$script" stop || true; }
trap stop EXIT
export ENDPOINT
status=0
"$@" || status=$?
exit "$status"
