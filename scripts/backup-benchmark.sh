#!/usr/bin/env bash
# The backup benchmark (kept out of CI): back up a store of N secrets with `secrets store backup`
# and restore the file into a fresh root with `secrets store restore`, on a ZooKeeper server it
# starts (forceSync=yes); prints the seconds each took and the file's size against the data's.
#
# Usage: scripts/backup-benchmark.sh [--count N] [--size BYTES] [--heap MB]
#                                    [--server-binary PATH] [--secrets-binary PATH]
# Defaults: 10,000 secrets of 1,024 random bytes each, a 512 MB ZooKeeper heap, release builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

count=10000 size=1024 heap=512 server_binary="" secrets_binary=""
while (($#)); do
    case "$1" in
        --count) count=$2; shift 2 ;;
        --size) size=$2; shift 2 ;;
        --heap) heap=$2; shift 2 ;;
        --server-binary) server_binary=$2; shift 2 ;;
        --secrets-binary) secrets_binary=$2; shift 2 ;;
        *) echo "usage: $0 [--count N] [--size BYTES] [--heap MB] [--server-binary PATH] [--secrets-binary PATH]" >&2
           exit 2 ;;
    esac
done
scripts/install-deps.sh >/dev/null
if [[ -z "$server_binary" || -z "$secrets_binary" ]]; then
    swift build -c release --product secret-store
    swift build -c release --product secrets
    server_binary=${server_binary:-$PWD/.build/release/secret-store}
    secrets_binary=${secrets_binary:-$PWD/.build/release/secrets}
fi

# benchmark_work PREFIX (sets work and pids), free_port, ruok, start_zookeeper HEAP_MB (zk_pid, zk_port).
source scripts/lib/benchmark-zookeeper.sh
benchmark_work ssbackup
export SECRETS_CONFIG="$work/cli/config.json"
password=backup-benchmark-password

# start_server ROOT ARGS...: sets srv_pid and srv_port; waits for /ping.
start_server() {
    local root=$1
    shift
    srv_port=$(free_port)
    SECRET_STORE_BOOTSTRAP_PASSWORD=$password "$server_binary" --zookeeper "127.0.0.1:$zk_port" \
        --port "$srv_port" --zk-root "$root" --max-store-bytes $((count * (size + 4096) + 67108864)) \
        --max-secrets $((count + 1000)) --read-timeout 600 "$@" >"$work/server-$srv_port.log" 2>&1 &
    srv_pid=$!
    pids+=("$srv_pid")
    for _ in $(seq 100); do curl -sf "127.0.0.1:$srv_port/ping" >/dev/null && return 0; sleep 0.2; done
    echo "the server did not start" >&2
    return 1
}

login() { echo "$password" | "$secrets_binary" login --url "http://127.0.0.1:$srv_port" --uid bootstrapuser --password-stdin >/dev/null; }

# now: seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

start_zookeeper "$heap"
start_server /bench-source
login
for _ in $(seq 120); do "$secrets_binary" store seal-status -j | grep -q '"sealed" *: *false' && break; sleep 0.5; done

echo "== writing $count secrets of $size random bytes"
token=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$SECRETS_CONFIG")
python3 - "$srv_port" "$token" "$count" "$size" <<'PY'
import http.client, os, sys, threading
port, token, count, size = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
failures = []
def worker(first):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for index in range(first, count, 16):
        connection.request("PUT", f"/secrets/v1/secret/default/bench/{index // 1000}/s{index}", os.urandom(size),
                           {"Authorization": f"token={token}", "Content-Type": "application/octet-stream"})
        response = connection.getresponse()
        response.read()
        if response.status != 201:
            failures.append(response.status)
threads = [threading.Thread(target=worker, args=(first,)) for first in range(16)]
for thread in threads: thread.start()
for thread in threads: thread.join()
if failures:
    sys.exit(f"{len(failures)} writes failed, e.g. {failures[0]}")
PY

file="$work/store.ssbk"
started=$(now)
"$secrets_binary" store backup "$file" >/dev/null
backup_seconds=$(echo "$(now) - $started" | bc)
file_bytes=$(stat -c %s "$file")
kill "$srv_pid"
wait "$srv_pid" 2>/dev/null || true

start_server /bench-target --unseal-mode custom
login
started=$(now)
"$secrets_binary" store restore "$file" >/dev/null
restore_seconds=$(echo "$(now) - $started" | bc)
login
"$secrets_binary" store auto-unseal >/dev/null
listed=$("$secrets_binary" list bench | wc -l)

data_bytes=$((count * size))
printf 'secrets:            %d of %d bytes (%d bytes of values)\n' "$count" "$size" "$data_bytes"
printf 'backup:             %.2f s\n' "$backup_seconds"
printf 'restore:            %.2f s (then %d secrets listed after auto-unseal)\n' "$restore_seconds" "$listed"
printf 'file:               %d bytes, %.2f x the values (envelopes, metadata, paths, identity, CA)\n' \
    "$file_bytes" "$(echo "$file_bytes / $data_bytes" | bc -l)"
