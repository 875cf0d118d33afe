#!/usr/bin/env bash
# The audit trail's cost (kept out of CI), side by side in one run on this machine, against a
# ZooKeeper it starts with production settings (forceSync=yes): two release secret-store servers
# on the same ZooKeeper, one with --no-audit and one writing its trail to a file, under the same wrk
# load in alternating rounds.
#
#   1. Authenticated GET of a 1 KiB secret, keep-alive (target: with the trail, at least 85% of the
#      throughput without it).
#   2. PATCH of a 1 KiB secret (each waits for its intent line and its audit line).
#
# Usage: scripts/audit-benchmark.sh [--server-binary PATH] [--duration S] [--connections N] [--rounds N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# start_server, login_token, wrk_run, benchmark_options (needs server_binary, work, pids, duration).
source scripts/lib/benchmark-server.sh
server_binary="" duration=8 connections=64 rounds=4
benchmark_options "$@"

# benchmark_work PREFIX (sets work and pids), free_port, ruok, start_zookeeper HEAP_MB (zk_pid, zk_port).
source scripts/lib/benchmark-zookeeper.sh
benchmark_work ssaudit
start_zookeeper 512

echo "Audit benchmark: $(nproc) cores, wrk ${duration} s a run, ZooKeeper forceSync=yes, $(date -u +%F)"
echo "server: $server_binary"
value=$(head -c 1024 /dev/zero | tr '\0' x)
declare -A base token pid
for mode in off on; do
    if [[ $mode == off ]]; then
        start_server "audit-$mode" --zookeeper "127.0.0.1:$zk_port" --zk-root "/audit-$mode" \
            --security-mode disabled --no-audit
    else
        start_server "audit-$mode" --zookeeper "127.0.0.1:$zk_port" --zk-root "/audit-$mode" \
            --security-mode disabled --audit-log "$work/audit.log"
    fi
    base[$mode]="http://127.0.0.1:$port"
    pid[$mode]=$server_pid
    until token[$mode]=$(login_token "${base[$mode]}" 2>/dev/null); do sleep 0.2; done
    until curl -sf -X PUT -H "Authorization: token=${token[$mode]}" -H 'Content-Type: application/json' \
        "${base[$mode]}/secrets/v1/secret/default/bench/one-kib" -d "{\"value\":\"$value\"}" >/dev/null; do
        sleep 0.2
    done
done
printf 'wrk.method = "PATCH"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' \
    "$(python3 -c "import json; print(json.dumps(json.dumps({'value': 'y' * 1024})))")" >"$work/patch.lua"

# compare LABEL CONNECTIONS [wrk options...]: alternating rounds, then the on/off ratio.
compare() {
    local label=$1 clients=$2 mode round
    shift 2
    declare -A total=([off]=0 [on]=0)
    echo ""
    echo "$label, $clients connections"
    for round in $(seq "$rounds"); do
        # ABBA: the order alternates, so a drift of this shared machine's speed favours neither.
        order=(off on)
        if ((round % 2 == 0)); then order=(on off); fi
        for mode in "${order[@]}"; do
            server_pid=${pid[$mode]}
            wrk_run "trail $mode (round $round)" "${base[$mode]}/secrets/v1/secret/default/bench/one-kib" \
                --connections "$clients" --threads 2 -H "Authorization: token=${token[$mode]}" "$@"
            total[$mode]=$(python3 -c "print(${total[$mode]} + $rate)")
        done
    done
    python3 -c "print(f'  with the trail / without: {${total[on]} / ${total[off]}:.0%}')"
}

compare "1. authenticated GET of a 1 KiB secret, keep-alive (target: at least 85%)" "$connections"
compare "2. PATCH of a 1 KiB secret (intent line, then audit line)" 16 --script "$work/patch.lua"
echo ""
echo "trail: $(wc -l <"$work/audit.log") lines, $(du -h "$work/audit.log" | cut -f1) on disk"
