# Sourced by the shell benchmarks: a work folder with every process they start stopped on exit, and
# a ZooKeeper server with production settings (forceSync=yes) on a free loopback port.

# benchmark_work PREFIX: sets `work` (a new folder /tmp/PREFIX-*) and `pids` (what the EXIT trap
# stops before it removes the folder; add every process started).
benchmark_work() {
    work=$(mktemp -d "/tmp/$1-XXXXXX")
    pids=()
    trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ruok PORT: prints `imok` when the ZooKeeper server on PORT answers.
ruok() { (exec 3<>"/dev/tcp/127.0.0.1/$1" && echo ruok >&3 && timeout 2 cat <&3) 2>/dev/null || true; }

# start_zookeeper HEAP_MB: sets zk_pid and zk_port; its log is $work/zk-*/zk.log.
start_zookeeper() {
    local dir
    dir=$(mktemp -d "$work/zk-XXXX")
    zk_port=$(free_port)
    cat >"$dir/zoo.cfg" <<CFG
tickTime=2000
dataDir=$dir/data
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok
forceSync=yes
CFG
    java "-Xmx${1}m" -XX:+UseSerialGC -XX:-UsePerfData -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp /usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar \
        org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" >"$dir/zk.log" 2>&1 &
    zk_pid=$!
    pids+=("$zk_pid")
    for _ in $(seq 50); do [[ "$(ruok "$zk_port")" == imok ]] && return 0; sleep 0.2; done
    echo "ZooKeeper did not start" >&2
    return 1
}
