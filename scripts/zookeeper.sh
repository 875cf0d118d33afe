#!/usr/bin/env bash
# A local ZooKeeper server for development, on 127.0.0.1 only, without systemd.
#
# Usage: scripts/zookeeper.sh {start|stop|status}
#   SECRET_STORE_ZK_DIR        data folder, config, log and pid file (default: <repo>/.zookeeper)
#   SECRET_STORE_ZK_PORT       client port (default: 2181)
#   SECRET_STORE_ZK_CLASSPATH  the server's class path (default: Debian's zookeeper package)
#
# start is a no-op when our server is already up; status exits 0 when running, 3 when stopped.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${SECRET_STORE_ZK_DIR:-$root/.zookeeper}"
port="${SECRET_STORE_ZK_PORT:-2181}"
config="$dir/zoo.cfg"
pid_file="$dir/zookeeper.pid"
log_file="$dir/zookeeper.log"

# say, fail, classpath, zookeeper_config, four_letter_word and pid_from_file.
tag=zookeeper
source "$root/scripts/lib/processes.sh"

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# The pid from the pid file, if that process is alive and is our server (a recycled pid is not).
server_pid() { pid_from_file "$pid_file" "QuorumPeerMain*$config"; }

# True once the server answers ruok and has loaded its database: it answers imok a moment before
# it serves requests ("This ZooKeeper instance is not currently serving requests").
ready() {
    [[ "$(four_letter_word "$port" ruok)" == imok ]] && [[ "$(four_letter_word "$port" srvr)" == *"Mode: "* ]]
}

write_config() {
    mkdir -p "$dir/data"
    {
        echo "# Written by scripts/zookeeper.sh: a standalone development server on loopback."
        zookeeper_config "$dir/data" "$port"
        echo "maxCnxns=0"
    } >"$config"
}

start() {
    local pid deadline running_port
    if pid="$(server_pid)"; then
        running_port="$(sed -n 's/^clientPort=//p' "$config")"
        if [[ "$running_port" != "$port" ]]; then
            fail "already running from $dir on port $running_port (pid $pid): stop it first"
        fi
        if ready; then
            say "already running on 127.0.0.1:$port (pid $pid): imok"
            return 0
        fi
    else
        rm -f "$pid_file"
        if port_in_use; then
            say "port $port on 127.0.0.1 is already in use by another process:" >&2
            ss -Htlnp "sport = :$port" >&2 2>/dev/null || true
            fail "stop it, or choose another port with SECRET_STORE_ZK_PORT"
        fi
        command -v java >/dev/null 2>&1 || fail "java not found: run scripts/install-deps.sh"
        [[ -f "${classpath%%:*}" ]] || fail "${classpath%%:*} not found: run scripts/install-deps.sh"
        write_config
        # setsid: a session of its own, so closing this terminal or Ctrl-C here does not reach it.
        setsid java -Xmx256m \
            -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
            -Dorg.slf4j.simpleLogger.showDateTime=true \
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ" \
            -cp "$classpath" org.apache.zookeeper.server.quorum.QuorumPeerMain "$config" \
            >"$log_file" 2>&1 </dev/null &
        pid=$!
        echo "$pid" >"$pid_file"
    fi

    deadline=$((SECONDS + 30))
    until ready; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$pid_file"
            tail -n 20 "$log_file" >&2 || true
            if grep -q 'Address already in use' "$log_file" 2>/dev/null; then
                fail "port $port on 127.0.0.1 is already in use by another process"
            fi
            fail "the server exited during startup; log: $log_file"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 20 "$log_file" >&2 || true
            fail "no imok from 127.0.0.1:$port within 30 s (pid $pid still running; log: $log_file)"
        fi
        sleep 0.2
    done
    say "imok from 127.0.0.1:$port (pid $pid, data in $dir/data, log $log_file)"
}

stop() {
    local pid deadline
    if ! pid="$(server_pid)"; then
        rm -f "$pid_file"
        say "not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while server_pid >/dev/null && ((SECONDS < deadline)); do
        sleep 0.1
    done
    if server_pid >/dev/null; then
        say "no exit 10 s after SIGTERM: sending SIGKILL to $pid"
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 5))
        while server_pid >/dev/null && ((SECONDS < deadline)); do
            sleep 0.1
        done
    fi
    server_pid >/dev/null && fail "pid $pid survived SIGKILL"
    rm -f "$pid_file"
    say "stopped (pid $pid)"
}

status() {
    local pid
    if pid="$(server_pid)"; then
        say "running on 127.0.0.1:$port (pid $pid, ruok: $(four_letter_word "$port" ruok || echo 'no answer'))"
        return 0
    fi
    say "stopped"
    return 3
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *)
        echo "usage: $0 {start|stop|status}" >&2
        exit 2
        ;;
esac
