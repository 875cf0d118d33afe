#!/usr/bin/env bash
# Instructions per request (kept out of CI): the release server runs under valgrind's callgrind
# (this machine has no hardware counters for `perf stat`), on a ZooKeeper server it starts. After a
# warm-up, each kind of request is sent N times over one keep-alive connection while callgrind
# counts; the figure is the server's instructions for the whole batch divided by N, broken down by
# Swift module (from the symbols' mangled names) and by shared library. Counts do not move with the
# machine's load, so later changes compare without the noise of wall-clock benchmarks.
#
# Usage: scripts/instructions-benchmark.sh [--requests N] [--server-binary PATH] [--keep FOLDER]
#                                          [--server-arg ARG]...
# Defaults: 200 requests of each kind, the release build, the audit trail to a file. --keep copies
# each kind's function listing (callgrind_annotate) into FOLDER; each --server-arg is passed to the
# server (e.g. --server-arg --no-audit).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

requests=200 server_binary="" keep="" server_args=()
while (($#)); do
    case "$1" in
        --requests) requests=$2; shift 2 ;;
        --keep) keep=$2; mkdir -p "$keep"; shift 2 ;;
        --server-arg) server_args+=("$2"); shift 2 ;;
        --server-binary) server_binary=$2; shift 2 ;;
        *) echo "usage: $0 [--requests N] [--server-binary PATH] [--keep FOLDER] [--server-arg ARG]..." >&2
           exit 2 ;;
    esac
done
scripts/install-deps.sh >/dev/null
# ensure_command COMMAND PACKAGE.
source scripts/lib/packages.sh
ensure_command valgrind valgrind
if [[ -z "$server_binary" ]]; then
    swift build -c release --product secret-store
    server_binary="$PWD/.build/release/secret-store"
fi

# benchmark_work PREFIX (sets work and pids), free_port, start_zookeeper HEAP_MB (zk_port);
# wait_healthy LOG BASE_URL, login_token BASE_URL (the bootstrap superuser, benchmark-password).
source scripts/lib/benchmark-zookeeper.sh
source scripts/lib/benchmark-server.sh
benchmark_work ssinstructions
start_zookeeper 256
port=$(free_port)
# Debian 12's valgrind 3.19 cannot read the DWARF 5 the Swift toolchain writes, so the server runs
# from a copy without debug sections (the symbol table, which names every function, stays). And
# valgrind 3.19 writes into the signal mask sigsuspend(2) is given, which libdispatch keeps in
# read-only memory: a preloaded sigsuspend passes a copy.
objcopy --strip-debug "$server_binary" "$work/secret-store"
cat >"$work/sigsuspend.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, (long)(_NSIG / 8));
}
C
gcc -O2 -shared -fPIC -o "$work/sigsuspend.so" "$work/sigsuspend.c"
# Instrumentation starts off (startup, with its key generation, runs on valgrind's core alone) and
# is switched on for each measured batch.
LD_PRELOAD="$work/sigsuspend.so" SWIFT_BACKTRACE=enable=no SECRET_STORE_BOOTSTRAP_PASSWORD=benchmark-password \
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.out.%p" \
    "$work/secret-store" --host 127.0.0.1 --port "$port" \
    --https-port "$(free_port)" --tls-dir "$work/tls" --zookeeper "127.0.0.1:$zk_port" \
    --password-rounds 1000 --log-level warning --audit-log "$work/audit.log" "${server_args[@]}" \
    >"$work/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
base="http://127.0.0.1:$port"
wait_healthy "$work/server.log" "$base"
token=$(login_token "$base")

value=$(head -c 768 /dev/urandom | base64 -w 0 | head -c 1024)
printf '{"value":"%s"}' "$value" >"$work/value.json"
auth=(-H "Authorization: token=$token")
for i in 1 2 3 4 5; do
    curl -sf -o /dev/null "${auth[@]}" -X PUT -H 'Content-Type: application/json' \
        --data-binary "@$work/value.json" "$base/secrets/v1/secret/default/bench/resolve/s$i"
done
curl -sf -o /dev/null "${auth[@]}" -X PUT -H 'Content-Type: application/json' \
    --data-binary "@$work/value.json" "$base/secrets/v1/secret/default/bench/one"
printf '{"space":"/bench/resolve/service","secrets":["bench/resolve/s1","bench/resolve/s2","bench/resolve/s3","bench/resolve/s4","bench/resolve/s5"]}' \
    >"$work/resolve.json"

# send KIND: N requests of one kind over one connection, each expected to succeed (the answers,
# which hold values, go to /dev/null).
send() {
    local urls=() i
    case "$1" in
        get)
            for ((i = 0; i < requests; i++)); do urls+=("$base/secrets/v1/secret/default/bench/one"); done
            curl -sf "${auth[@]}" "${urls[@]}" >/dev/null ;;
        put)
            for ((i = 0; i < requests; i++)); do urls+=("$base/secrets/v1/secret/default/bench/new/$2-$i"); done
            curl -sf "${auth[@]}" -X PUT -H 'Content-Type: application/json' \
                --data-binary "@$work/value.json" "${urls[@]}" >/dev/null ;;
        resolve)
            for ((i = 0; i < requests; i++)); do urls+=("$base/secrets/v1/resolve/default"); done
            curl -sf "${auth[@]}" -X POST -H 'Content-Type: application/json' \
                --data-binary "@$work/resolve.json" "${urls[@]}" >/dev/null ;;
    esac
}

echo "instructions per request: release server under callgrind, $requests requests of each kind"
echo "over one connection after a warm-up; audit trail to a file${server_args[*]:+; server options: ${server_args[*]}};"
echo "$(date -u +%F), $(uname -m)"
for kind in get put resolve; do
    send "$kind" warm
    callgrind_control --instr=on "$server_pid" >/dev/null 2>&1
    callgrind_control --zero "$server_pid" >/dev/null 2>&1
    send "$kind" measured
    callgrind_control --dump="$kind" "$server_pid" >/dev/null 2>&1
    callgrind_control --instr=off "$server_pid" >/dev/null 2>&1
    dump=$(ls -t "$work"/callgrind.out.* | head -1)
    callgrind_annotate --inclusive=no --threshold=100 "$dump" >"$work/$kind.txt"
    python3 scripts/lib/callgrind-modules.py "$kind" "$requests" "$work/$kind.txt"
    if [[ -n "$keep" ]]; then cp "$work/$kind.txt" "$keep/"; fi
done
