#!/usr/bin/env bash
# Renders docs/grafana/secretstore-dashboard.png, the picture of docs/grafana/secretstore-dashboard.json
# in docs/metrics.md, from a real run (kept out of CI): a ZooKeeper and a secret-store started here,
# a short varied load with a ZooKeeper freeze and a seal/unseal in it (scripts/dashboard/drive.py),
# GET /metrics scraped every 2 s, and the dashboard's panels evaluated from those scrapes and drawn
# with matplotlib (scripts/dashboard/render.py): Grafana is not packaged for Debian 12.
#
# Usage: scripts/dashboard-picture.sh [--server-binary PATH] [--seconds N] [--out FILE] [--keep-scrapes FILE]
# (--keep-scrapes saves the scrapes, to render again with scripts/dashboard/render.py.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

server_binary="" seconds=240 out="docs/grafana/secretstore-dashboard.png" keep=""
while (($#)); do
    case "$1" in
        --server-binary) server_binary=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --keep-scrapes) keep=$2; shift 2 ;;
        *) echo "usage: $0 [--server-binary PATH] [--seconds N] [--out FILE] [--keep-scrapes FILE]" >&2; exit 2 ;;
    esac
done
scripts/install-deps.sh >/dev/null
if [[ -z "$server_binary" ]]; then
    swift build --product secret-store
    server_binary="$(swift build --show-bin-path)/secret-store"
fi

# benchmark_work PREFIX (sets work and pids), free_port, ruok, start_zookeeper HEAP_MB (zk_pid, zk_port).
source scripts/lib/benchmark-zookeeper.sh
benchmark_work ssdash
start_zookeeper 256

password=dashboard-picture-password
port=$(free_port)
SECRET_STORE_BOOTSTRAP_PASSWORD=$password "$server_binary" --host 127.0.0.1 --port "$port" \
    --https-port "$(free_port)" --tls-dir "$work/tls" --zookeeper "127.0.0.1:$zk_port" --zk-root /dashboard \
    --zk-session-timeout 4 --zk-operation-timeout 2 --max-store-bytes 8388608 --password-rounds 1000 \
    --metrics-unauthenticated --log-level warning >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
    [[ "$(curl -s "127.0.0.1:$port/secrets/v1/health")" == *'"sealed":false'* ]] && break
    sleep 0.2
done
curl -sf "127.0.0.1:$port/secrets/v1/health" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q matplotlib
echo "driving the server for $seconds s..."
python3 scripts/dashboard/drive.py --base "http://127.0.0.1:$port" --password "$password" \
    --zookeeper-pid "$zk_pid" --seconds "$seconds" --out "$work/scrapes.jsonl"
"$work/venv/bin/python" scripts/dashboard/render.py docs/grafana/secretstore-dashboard.json "$work/scrapes.jsonl" \
    "$out" --title "one instance, $seconds s of synthetic load (rendered from real scrapes, see docs/metrics.md)"
if [[ -n "$keep" ]]; then cp "$work/scrapes.jsonl" "$keep"; fi
echo "wrote $out"
