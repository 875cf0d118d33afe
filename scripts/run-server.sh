#!/usr/bin/env bash
# The start command: a development secret-store on http://127.0.0.1:1337, backed by a local
# ZooKeeper (scripts/zookeeper.sh). Stops the server on exit, and the ZooKeeper too if this script
# started it.
#
# Usage: scripts/run-server.sh [secret-store options, e.g. --log-level debug]
#   SECRET_STORE_PORT     HTTP port (default: 1337)
#   SECRET_STORE_ZK_PORT  ZooKeeper client port (default: 2181)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

port="${SECRET_STORE_PORT:-1337}"
zk_port="${SECRET_STORE_ZK_PORT:-2181}"
server_pid=""
started_zookeeper=false

cleanup() {
    local status=$? deadline
    trap - EXIT INT TERM
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        deadline=$((SECONDS + 15))
        while kill -0 "$server_pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.1
        done
        if kill -0 "$server_pid" 2>/dev/null; then
            echo "run-server: secret-store ignored SIGTERM for 15 s: sending SIGKILL" >&2
            kill -KILL "$server_pid" 2>/dev/null || true
        fi
        wait "$server_pid" 2>/dev/null || true
    fi
    if $started_zookeeper; then
        scripts/zookeeper.sh stop || true
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/install-deps.sh

if scripts/zookeeper.sh status >/dev/null; then
    echo "run-server: using the ZooKeeper already running on 127.0.0.1:$zk_port"
else
    scripts/zookeeper.sh start
    started_zookeeper=true
fi

swift build --product secret-store

echo "run-server: secret-store on http://127.0.0.1:$port  (try: curl http://127.0.0.1:$port/secrets/v1/ping)"
# In the background so that the traps above run as soon as a signal arrives; `wait` keeps this
# script in the foreground until the server exits.
.build/debug/secret-store --zookeeper "127.0.0.1:$zk_port" --zk-root /dcos/secrets \
    --host 127.0.0.1 --port "$port" "$@" &
server_pid=$!
wait "$server_pid"
