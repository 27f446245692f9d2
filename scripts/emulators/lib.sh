# shellcheck shell=bash
# The machinery every endpoint script of scripts/emulators/ shares: install into a directory of
# its own, start on a free loopback port, wait until ready, print the URL, stop by pid.
#
# An endpoint script sets EMU_NAME, defines emu_install (idempotent), emu_launch PORT (ends by
# exec'ing the server through emu_exec, stdout and stderr go to the log) and emu_ready URL
# (0 once the endpoint answers as it should), optionally EMU_START_TIMEOUT / EMU_STOP_GRACE,
# then calls `emu_main "$@"`.
#
# Directories: everything lives under $SWFCHECK_EMULATORS_DIR (default: target/emulators of
# this checkout), one directory per endpoint: its installation, and run/ with the pid file,
# the URL, the log and the server's scratch files while it runs.
set -euo pipefail

emu_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EMU_DIR=${SWFCHECK_EMULATORS_DIR:-$emu_repo/target/emulators}
EMU_START_TIMEOUT=${EMU_START_TIMEOUT:-60}
EMU_STOP_GRACE=${EMU_STOP_GRACE:-10}

emu_log() { printf '%s: %s\n' "$EMU_NAME" "$*" >&2; }
emu_die() {
    emu_log "error: $*"
    exit 1
}

emu_usage() {
    cat >&2 <<EOF
usage: $(basename "$0") install | start | stop | status | url

  install  install $EMU_NAME into \$SWFCHECK_EMULATORS_DIR/$EMU_NAME (idempotent; default dir: $EMU_DIR)
  start    install if needed, start it on a free 127.0.0.1 port, wait until it is ready,
           print its URL on stdout (pid file, log and URL in $EMU_DIR/$EMU_NAME/run/)
  stop     stop the instance \`start\` started (SIGTERM, then SIGKILL after ${EMU_STOP_GRACE} s)
  status   exit 0 and print the URL when it runs, exit 1 otherwise
  url      the URL of the running instance

Or run a command against a fresh instance that is always stopped afterwards:
  scripts/emulators/with.sh $EMU_NAME -- COMMAND   (the URL is in \$ENDPOINT)
Timeouts (seconds): EMU_START_TIMEOUT=$EMU_START_TIMEOUT, EMU_STOP_GRACE=$EMU_STOP_GRACE.
EOF
}

emu_home() { printf '%s/%s' "$EMU_DIR" "$EMU_NAME"; }
emu_run_dir() { printf '%s/run' "$(emu_home)"; }

# A free TCP port on 127.0.0.1 (the kernel's choice; the server may still lose a race for it,
# which emu_start retries).
emu_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The identity of a live process: its start time in clock ticks (field 22 of /proc/PID/stat),
# so that a pid file never makes us signal an unrelated process that reused the pid. Fails for
# a process that is gone or a zombie (dead, not yet reaped).
emu_proc_start() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    # shellcheck disable=SC2086 # word splitting of the fields is the point
    set -- $stat
    [ "$1" != Z ] || return 1
    printf '%s' "${20}"
}

# Runs the server in a session of its own (so that stopping it also stops its children),
# replacing the calling subshell: the pid emu_start recorded is the server's.
emu_exec() { exec setsid "$@"; }

# A POST of SWF's ListDomains with a SigV4-shaped Authorization header (nothing here checks the
# signature; moto routes by the credential's service name). Prints the HTTP status, 000 for none.
emu_swf_probe() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST \
        -H 'Content-Type: application/x-amz-json-1.0' \
        -H 'X-Amz-Target: SimpleWorkflowService.ListDomains' \
        -H 'X-Amz-Date: 20260101T000000Z' \
        -H 'Authorization: AWS4-HMAC-SHA256 Credential=swfcheck/20260101/us-east-1/swf/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000' \
        --data '{"registrationStatus":"REGISTERED"}' "$1/" || true
}

# Holds an exclusive lock on the endpoint's directory while FUNCTION runs, so that two scripts
# never install into it at once (the lock is held by a subshell: the server never inherits it).
emu_locked() {
    local home lock
    home=$(emu_home)
    mkdir -p "$home"
    lock="$home/.lock"
    (
        flock -w 3600 9 || emu_die "another install into $home holds $lock for an hour"
        "$@"
    ) 9>"$lock"
}

# A venv at DIR from PYTHON holding exactly the pip requirements given, each list of
# requirements installed in its own pip call ("--" separates the calls). Skipped when DIR was
# completed with the same PYTHON and requirements before; otherwise made from scratch.
emu_venv() {
    local python=$1 dir=$2
    shift 2
    local want stamp="$dir/.swfcheck-installed"
    command -v "$python" >/dev/null || emu_die "no Python interpreter '$python' (set SWFCHECK_PYTHON to one)"
    want="$("$python" -c 'import sys; print(sys.version.split()[0])') $*"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dir/bin/python" ]; then
        return 0
    fi
    emu_log "installing into $dir: $*"
    rm -rf "$dir"
    "$python" -m venv "$dir" || emu_die "$python -m venv $dir failed"
    local batch=()
    local arg
    for arg in "$@" --; do
        if [ "$arg" = "--" ]; then
            if [ "${#batch[@]}" -gt 0 ]; then
                "$dir/bin/pip" install --quiet --disable-pip-version-check "${batch[@]}" >&2 ||
                    emu_die "pip install ${batch[*]} failed (the registry is reachable? see above)"
            fi
            batch=()
        else
            batch+=("$arg")
        fi
    done
    printf '%s\n' "$want" >"$stamp"
}

emu_running_pid() {
    local run pid start
    run=$(emu_run_dir)
    [ -f "$run/pid" ] || return 1
    read -r pid start <"$run/pid" || return 1
    [ -n "${pid:-}" ] && [ "$(emu_proc_start "$pid" 2>/dev/null)" = "${start:-}" ] || return 1
    printf '%s' "$pid"
}

# Stops the server of PID (its whole session): SIGTERM, then SIGKILL after EMU_STOP_GRACE s.
emu_kill() {
    local pid=$1 start waited=0
    start=$(emu_proc_start "$pid") || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    while [ "$(emu_proc_start "$pid" 2>/dev/null)" = "$start" ]; do
        if [ "$waited" -ge $((EMU_STOP_GRACE * 10)) ]; then
            emu_log "still running ${EMU_STOP_GRACE} s after SIGTERM: SIGKILL to pid $pid"
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

emu_stop() {
    local run pid
    run=$(emu_run_dir)
    if pid=$(emu_running_pid); then
        emu_kill "$pid"
        emu_log "stopped (pid $pid)"
    else
        emu_log "not running"
    fi
    rm -f "$run/pid" "$run/url"
    # The server's scratch files (LocalStack's filesystem root, ministack's state); the log stays.
    rm -rf "$run/scratch"
}

emu_tail_log() {
    local log
    log="$(emu_run_dir)/server.log"
    [ -s "$log" ] || return 0
    echo "---- last lines of $log ----" >&2
    tail -n 25 "$log" >&2
    echo "----" >&2
}

emu_start() {
    local run url pid port attempt deadline
    run=$(emu_run_dir)
    if pid=$(emu_running_pid); then
        emu_die "already running (pid $pid) at $(cat "$run/url" 2>/dev/null): stop it first with $(basename "$0") stop"
    fi
    emu_locked emu_install
    mkdir -p "$run"
    rm -rf "$run/scratch"
    mkdir -p "$run/scratch"
    for attempt in 1 2 3; do
        port=$(emu_free_port)
        url="http://127.0.0.1:$port"
        # stdin closed, output to the log: the caller's $(...) never waits on the server.
        (emu_launch "$port") </dev/null >"$run/server.log" 2>&1 &
        pid=$!
        printf '%s %s\n' "$pid" "$(emu_proc_start "$pid" || echo gone)" >"$run/pid"
        # Should this script die from here on, the server it started goes with it.
        trap 'emu_kill '"$pid"'; rm -f "'"$run"'/pid"' EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        deadline=$((SECONDS + EMU_START_TIMEOUT))
        while :; do
            if emu_ready "$url"; then
                printf '%s\n' "$url" >"$run/url"
                trap - EXIT INT TERM
                emu_log "ready at $url (pid $pid, log $run/server.log)"
                printf '%s\n' "$url"
                return 0
            fi
            if ! emu_proc_start "$pid" >/dev/null; then
                wait "$pid" 2>/dev/null || true
                if grep -qiE 'address (already )?in use|errno 98' "$run/server.log" && [ "$attempt" -lt 3 ]; then
                    emu_log "lost port $port to another process; trying another"
                    continue 2
                fi
                emu_tail_log
                emu_die "the server exited before it was ready (log: $run/server.log)"
            fi
            if [ "$SECONDS" -ge "$deadline" ]; then
                emu_tail_log
                emu_die "not ready after ${EMU_START_TIMEOUT} s at $url (raise EMU_START_TIMEOUT; log: $run/server.log)"
            fi
            sleep 0.25
        done
    done
    emu_die "could not get a free port in 3 attempts"
}

emu_main() {
    case "${1:-}" in
    install) emu_locked emu_install ;;
    start) emu_start ;;
    stop) emu_stop ;;
    status | url)
        local pid
        if pid=$(emu_running_pid); then
            cat "$(emu_run_dir)/url"
        else
            [ "$1" = status ] && emu_log "not running"
            [ "$1" = url ] && emu_die "not running"
            return 1
        fi
        ;;
    -h | --help | help)
        emu_usage
        ;;
    *)
        emu_usage
        exit 2
        ;;
    esac
}
