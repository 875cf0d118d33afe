#!/usr/bin/env bash
# The TLS benchmark (kept out of CI), side by side in one run on this machine, against a ZooKeeper
# it starts with production settings (forceSync=yes) and release secret-store servers:
#
#   1. Authenticated GET of a 1 KiB secret with keep-alive over HTTPS and over plain HTTP (wrk, the
#      same server, alternating runs), and the HTTPS/HTTP ratio.
#   2. New TLS handshakes per second (wrk with `Connection: close`: one handshake per request) with
#      an ECDSA P-256 and an RSA 2048 server key, next to new plain-HTTP connections.
#   3. CA: certificates signed per second (POST /ca/api/v2/sign of one CSR; each issue is recorded
#      in ZooKeeper before the answer).
#
# Usage: scripts/tls-benchmark.sh [--server-binary PATH] [--duration S] [--connections N] [--rounds N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# start_server, login_token, wrk_run, benchmark_options (needs server_binary, work, pids, duration).
source scripts/lib/benchmark-server.sh
server_binary="" duration=10 connections=64 rounds=2
benchmark_options "$@"

# benchmark_work PREFIX (sets work and pids), free_port, ruok, start_zookeeper HEAP_MB (zk_pid, zk_port).
source scripts/lib/benchmark-zookeeper.sh
benchmark_work sstls
start_zookeeper 512


echo "TLS benchmark: $(nproc) cores, wrk ${duration} s a run, ZooKeeper forceSync=yes, $(date -u +%F)"
echo "server: $server_binary"

# 1. GET of a 1 KiB secret, keep-alive, over HTTP and HTTPS from one server.
start_server store --zookeeper "127.0.0.1:$zk_port" --zk-root /tls-bench --security-mode permissive
until curl -sf -o "$work/ca.pem" "127.0.0.1:$port/ca/dcos-ca.crt"; do sleep 0.2; done
until curl -sf --cacert "$work/ca.pem" -o /dev/null "https://127.0.0.1:$https_port/ping"; do sleep 0.2; done
token=$(login_token --cacert "$work/ca.pem" "https://127.0.0.1:$https_port")
value=$(head -c 1024 /dev/zero | tr '\0' x)
curl -sf --cacert "$work/ca.pem" -X PUT -H "Authorization: token=$token" -H 'Content-Type: application/json' \
    "https://127.0.0.1:$https_port/secrets/v1/secret/default/bench/one-kib" -d "{\"value\":\"$value\"}" >/dev/null
echo ""
echo "1. authenticated GET of a 1 KiB secret, keep-alive, $connections connections"
http_total=0 https_total=0
for round in $(seq "$rounds"); do
    wrk_run "plain HTTP (round $round)" "http://127.0.0.1:$port/secrets/v1/secret/default/bench/one-kib" \
        --connections "$connections" --threads 2 -H "Authorization: token=$token"
    http_total=$(python3 -c "print($http_total + $rate)")
    wrk_run "HTTPS, TLS 1.3 (round $round)" "https://127.0.0.1:$https_port/secrets/v1/secret/default/bench/one-kib" \
        --connections "$connections" --threads 2 -H "Authorization: token=$token"
    https_total=$(python3 -c "print($https_total + $rate)")
done
python3 -c "print(f'  HTTPS / HTTP: {$https_total / $http_total:.0%} (target: at least 80%)')"

# 3. The CA signing one CSR again and again (before the other servers start, on this one).
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/csr.key" \
    -out "$work/csr.pem" -subj /CN=bench.example 2>/dev/null
python3 - "$work/csr.pem" >"$work/sign.lua" <<'PY'
import json, sys
body = json.dumps({"certificate_request": open(sys.argv[1]).read(), "hosts": ["bench.example"]})
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print("wrk.body = " + json.dumps(body))
PY
echo ""
echo "3. CA: POST /ca/api/v2/sign of one P-256 CSR (each issue recorded in ZooKeeper), 16 connections"
wrk_run "certificates signed" "https://127.0.0.1:$https_port/ca/api/v2/sign" \
    --connections 16 --threads 2 -H "Authorization: token=$token" --script "$work/sign.lua"
issued=$(curl -sf --cacert "$work/ca.pem" -X POST -H "Authorization: token=$token" \
    -H 'Content-Type: application/json' "https://127.0.0.1:$https_port/ca/api/v2/certificates" -d '{}' |
    python3 -c 'import sys, json; print(len(json.load(sys.stdin)["result"]["certificates"]))')
echo "  certificates recorded by the CA: $issued"

# 2. New handshakes per second, by server key type (operator files, in-memory storage).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ec.key" -out "$work/ec.crt" \
    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/rsa.key" -out "$work/rsa.crt" \
    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
echo ""
echo "2. new connections per second (Connection: close, GET /ping), 16 connections"
for key in ec rsa; do
    start_server "handshake-$key" --storage memory --unseal-mode custom \
        --tls-cert "$work/$key.crt" --tls-key "$work/$key.key"
    label=$([[ $key == ec ]] && echo "ECDSA P-256" || echo "RSA 2048")
    if [[ $key == ec ]]; then
        wrk_run "plain HTTP (no handshake)" "http://127.0.0.1:$port/ping" \
            --connections 16 --threads 2 -H "Connection: close"
    fi
    wrk_run "HTTPS handshakes, $label server key" "https://127.0.0.1:$https_port/ping" \
        --connections 16 --threads 2 -H "Connection: close"
done
