#!/usr/bin/env bash
# The capacity benchmark (kept out of CI): what the store-wide budget and the upload budget protect,
# side by side in one run, on ZooKeeper servers it starts (forceSync=yes) and secret-store servers
# of the given build.
#
#   1. ZooKeeper's survival: rounds of 64 concurrent 1 MiB uploads into a ZooKeeper with a small
#      heap, with no store budget and with the sizing rule's budget (a fifth of the heap).
#   2. The server's peak resident size (VmHWM) under 64 concurrent 1 MiB uploads, binary and JSON
#      with every character escaped, with no upload budget and with the default one.
#
# Usage: scripts/capacity-benchmark.sh [--server-binary PATH] [--heap MB] [--rounds N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

server_binary="" heap=256 rounds=4
while (($#)); do
    case "$1" in
        --server-binary) server_binary=$2; shift 2 ;;
        --heap) heap=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) echo "usage: $0 [--server-binary PATH] [--heap MB] [--rounds N]" >&2; exit 2 ;;
    esac
done
scripts/install-deps.sh >/dev/null
if [[ -z "$server_binary" ]]; then
    swift build -c release --product secret-store
    server_binary="$PWD/.build/release/secret-store"
fi

# benchmark_work PREFIX (sets work and pids), free_port, ruok, start_zookeeper HEAP_MB (zk_pid, zk_port).
source scripts/lib/benchmark-zookeeper.sh
benchmark_work sscap

# start_server ARGS...: sets srv_pid, srv_port and token.
start_server() {
    srv_port=$(free_port)
    SECRET_STORE_BOOTSTRAP_PASSWORD=capacity-benchmark-password "$server_binary" --zookeeper "127.0.0.1:$zk_port" \
        --port "$srv_port" --zk-root "/bench$RANDOM" "$@" >"$work/server-$srv_port.log" 2>&1 &
    srv_pid=$!
    pids+=("$srv_pid")
    for _ in $(seq 100); do curl -sf "127.0.0.1:$srv_port/ping" >/dev/null && break; sleep 0.2; done
    token=$(curl -sf -X POST -H 'Content-Type: application/json' "127.0.0.1:$srv_port/acs/api/v1/auth/login" \
        -d '{"uid":"bootstrapuser","password":"capacity-benchmark-password"}' |
        python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
    for _ in $(seq 120); do
        curl -sf -H "Authorization: token=$token" "127.0.0.1:$srv_port/secrets/v1/seal-status/default" |
            grep -q '"sealed":false' && return 0
        sleep 0.5
    done
    echo "the server did not unseal" >&2
    return 1
}

# upload_rounds FILE CONTENT_TYPE: rounds of 64 concurrent PUTs; prints the status counts.
upload_rounds() {
    local file=$1 type=$2 codes="$work/codes-$RANDOM" n=0 clients
    for round in $(seq "$rounds"); do
        clients=()
        for _ in $(seq 64); do
            n=$((n + 1))
            curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H "Authorization: token=$token" \
                -H "Content-Type: $type" --data-binary "@$file" \
                "127.0.0.1:$srv_port/secrets/v1/secret/default/bench/r$round-$n" >>"$codes" &
            clients+=($!)
        done
        wait "${clients[@]}" || true
        kill -0 "$zk_pid" 2>/dev/null || break
    done
    sort "$codes" | uniq -c | awk '{printf "%s×%s ", $1, $2}'
}

head -c 1048576 /dev/urandom >"$work/binary"
python3 -c 'import sys; sys.stdout.write("{\"value\":\"" + "\\u00e9" * 524288 + "\"}")' >"$work/escaped.json"

echo "== ZooKeeper with a ${heap} MB heap under rounds of 64 concurrent 1 MiB uploads (forceSync=yes)"
budget=$((heap * 1048576 / 5))
for store_budget in 1099511627776 "$budget"; do
    start_zookeeper "$heap"
    start_server --max-store-bytes "$store_budget"
    answers=$(upload_rounds "$work/binary" application/octet-stream)
    alive=$([[ "$(ruok "$zk_port")" == imok ]] && echo alive || echo "DEAD ($(grep -c OutOfMemoryError "$work"/zk-*/zk.log | paste -sd+ | bc) OOM lines)")
    label=$([[ $store_budget == "$budget" ]] && echo "budget $((budget / 1048576)) MiB" || echo "no budget")
    printf '%-16s answers: %s ZooKeeper: %s\n' "$label" "$answers" "$alive"
    kill "$srv_pid" "$zk_pid" 2>/dev/null || true
    wait "$srv_pid" "$zk_pid" 2>/dev/null || true
done

echo "== secret-store peak resident size under 64 concurrent 1 MiB uploads (ZooKeeper heap 2 GB)"
for upload_budget in 1099511627776 default; do
    for kind in binary json; do
        start_zookeeper 2048
        args=(--max-store-bytes 1073741824)
        [[ $upload_budget == default ]] || args+=(--max-upload-memory "$upload_budget")
        start_server "${args[@]}"
        if [[ $kind == binary ]]; then
            answers=$(upload_rounds "$work/binary" application/octet-stream)
        else
            answers=$(upload_rounds "$work/escaped.json" application/json)
        fi
        peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$srv_pid/status")
        label=$([[ $upload_budget == default ]] && echo "default budget" || echo "no budget")
        printf '%-15s %-7s peak RSS %4d MB  answers: %s\n' "$label" "$kind" "$peak" "$answers"
        kill "$srv_pid" "$zk_pid" 2>/dev/null || true
        wait "$srv_pid" "$zk_pid" 2>/dev/null || true
    done
done
