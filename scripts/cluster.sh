#!/usr/bin/env bash
# A local cluster for development and fault experiments, on 127.0.0.1 only, without systemd: a
# 3-node ZooKeeper ensemble and 3 secret-store instances sharing it (one store, three servers).
#
# Usage: scripts/cluster.sh {start|stop|status}
#   SECRET_STORE_CLUSTER_DIR     configs, data, logs and pid files (default: <repo>/.cluster)
#   SECRET_STORE_CLUSTER_BINARY  the secret-store binary (default: the debug build, built first)
#   SECRET_STORE_ZK_CLASSPATH    the ZooKeeper servers' class path (default: Debian's zookeeper)
#   SECRET_STORE_CLUSTER_ARGS    more options for every secret-store instance (e.g. --orphan-grace 5)
#   SECRET_STORE_CLUSTER_ZK_CFG  more zoo.cfg lines (separated by ';') for nodes started now
#
# Ports: ZooKeeper clients 2281-2283 (quorum 2881-2883, election 3881-3883); secret-store HTTP
# 1341-1343 and HTTPS 1441-1443, security mode permissive. Every process is started by this script
# with its pid in a file it writes itself, and stopped by that pid (checked against its command
# line first). status exits 0 when all six run, 3 otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${SECRET_STORE_CLUSTER_DIR:-$root/.cluster}"
nodes=(1 2 3)
zk_port() { echo $((2280 + $1)); }
http_port() { echo $((1340 + $1)); }
https_port() { echo $((1440 + $1)); }
connect_string="127.0.0.1:2281,127.0.0.1:2282,127.0.0.1:2283"

# say, fail, classpath, zookeeper_config, four_letter_word PORT WORD and pid_from_file FILE PATTERN.
tag=cluster
source "$root/scripts/lib/processes.sh"

# alive NAME PATTERN: the pid in $dir/NAME.pid if that process runs and matches PATTERN.
alive() { pid_from_file "$dir/$1.pid" "$2"; }

# launch NAME COMMAND...: runs COMMAND in a session of its own, its output in $dir/NAME.log; the
# child writes its own pid before it execs (setsid may fork, so $! would not be the server's).
launch() {
    local name=$1
    shift
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/$name.pid" "$@" >"$dir/$name.log" 2>&1 </dev/null &
    local deadline=$((SECONDS + 5))
    until [[ -s "$dir/$name.pid" ]] || ((SECONDS > deadline)); do sleep 0.05; done
}

# halt NAME PATTERN: SIGTERM, up to 15 s, then SIGKILL.
halt() {
    local pid deadline
    pid="$(alive "$1" "$2")" || {
        rm -f "$dir/$1.pid"
        return 0
    }
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 15))
    while alive "$1" "$2" >/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if alive "$1" "$2" >/dev/null; then
        say "$1 did not exit 15 s after SIGTERM: SIGKILL to $pid"
        kill -KILL "$pid" 2>/dev/null || true
        while alive "$1" "$2" >/dev/null; do sleep 0.1; done
    fi
    rm -f "$dir/$1.pid"
    say "stopped $1 (pid $pid)"
}

zk_config() {
    local node=$1
    mkdir -p "$dir/zk$node/data"
    echo "$node" >"$dir/zk$node/data/myid"
    {
        echo "# Written by scripts/cluster.sh: node $node of a 3-node ensemble on loopback."
        zookeeper_config "$dir/zk$node/data" "$(zk_port "$node")"
        printf 'server.%s=127.0.0.1:288%s:388%s\n' 1 1 1 2 2 2 3 3 3
    } >"$dir/zk$node/zoo.cfg"
    if [[ -n "${SECRET_STORE_CLUSTER_ZK_CFG:-}" ]]; then tr ';' '\n' <<<"$SECRET_STORE_CLUSTER_ZK_CFG" >>"$dir/zk$node/zoo.cfg"; fi
}

zk_mode() { four_letter_word "$(zk_port "$1")" srvr | sed -n 's/^Mode: //p'; }

health() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(http_port "$1")/secrets/v1/health" 2>/dev/null; }

start() {
    local node deadline binary
    mkdir -p "$dir"
    chmod 700 "$dir"
    "$root/scripts/install-deps.sh"
    command -v java >/dev/null 2>&1 || fail "java not found: run scripts/install-deps.sh"
    binary="${SECRET_STORE_CLUSTER_BINARY:-}"
    if [[ -z "$binary" ]]; then
        (cd "$root" && swift build --product secret-store)
        binary="$root/.build/debug/secret-store"
    fi

    for node in "${nodes[@]}"; do
        if alive "zk$node" QuorumPeerMain >/dev/null; then continue; fi
        zk_config "$node"
        launch "zk$node" java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
            org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zk$node/zoo.cfg"
    done
    deadline=$((SECONDS + 60))
    for node in "${nodes[@]}"; do
        until [[ -n "$(zk_mode "$node")" ]]; do
            alive "zk$node" QuorumPeerMain >/dev/null || fail "ZooKeeper node $node exited; log: $dir/zk$node.log"
            ((SECONDS < deadline)) || fail "ZooKeeper node $node serves nothing after 60 s; log: $dir/zk$node.log"
            sleep 0.2
        done
        say "ZooKeeper node $node on 127.0.0.1:$(zk_port "$node"): $(zk_mode "$node")"
    done

    if [[ ! -s "$dir/bootstrap-password" ]]; then
        (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/bootstrap-password")
    fi
    # The first instance initialises the store (bootstrap mode makes its OpenPGP key pair, which
    # takes a few seconds); the others then find it initialised and unseal with the same key.
    for node in "${nodes[@]}"; do
        if ! alive "store$node" secret-store >/dev/null; then
            launch "store$node" "$binary" --zookeeper "$connect_string" --zk-root /dcos/secrets \
                --host 127.0.0.1 --port "$(http_port "$node")" --https-port "$(https_port "$node")" \
                --security-mode permissive --tls-dir "$dir/store$node-tls" --bootstrap-uid bootstrapuser \
                --bootstrap-password-file "$dir/bootstrap-password" --audit-log "$dir/store$node-audit.log" \
                --max-store-bytes $((256 * 1048576 / 5)) ${SECRET_STORE_CLUSTER_ARGS:-}
        fi
        deadline=$((SECONDS + 120))
        until [[ "$(health "$node")" == 200 ]]; do
            alive "store$node" secret-store >/dev/null || fail "secret-store $node exited; log: $dir/store$node.log"
            ((SECONDS < deadline)) || fail "secret-store $node not healthy after 120 s; log: $dir/store$node.log"
            sleep 0.5
        done
        say "secret-store $node on http://127.0.0.1:$(http_port "$node") and https://127.0.0.1:$(https_port "$node"): healthy"
    done
    cat <<EOF
cluster: one store on three servers; log in on any of them as 'bootstrapuser', whose password is
         in $dir/bootstrap-password, e.g.
           curl -s -X POST http://127.0.0.1:1341/acs/api/v1/auth/login -H 'Content-Type: application/json' \\
             -d "{\"uid\":\"bootstrapuser\",\"password\":\"\$(cat $dir/bootstrap-password)\"}"
cluster: logs and audit trails in $dir; stop everything with: scripts/cluster.sh stop
EOF
}

stop() {
    local node
    for node in "${nodes[@]}"; do halt "store$node" secret-store; done
    for node in "${nodes[@]}"; do halt "zk$node" QuorumPeerMain; done
    say "stopped"
}

status() {
    local node pid mode running=0
    for node in "${nodes[@]}"; do
        if pid="$(alive "zk$node" QuorumPeerMain)"; then
            mode="$(zk_mode "$node")"
            say "ZooKeeper node $node: pid $pid, 127.0.0.1:$(zk_port "$node"), ${mode:-not serving}"
            running=$((running + 1))
        else
            say "ZooKeeper node $node: stopped"
        fi
    done
    for node in "${nodes[@]}"; do
        if pid="$(alive "store$node" secret-store)"; then
            say "secret-store $node: pid $pid, http://127.0.0.1:$(http_port "$node"), health $(health "$node")"
            running=$((running + 1))
        else
            say "secret-store $node: stopped"
        fi
    done
    ((running == 6)) || return 3
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
