#!/usr/bin/env bash
# The start command: a development secret-store on https://127.0.0.1:1443 (and plain HTTP on
# 1337, in security mode permissive), backed by a local ZooKeeper (scripts/zookeeper.sh). Prints
# both URLs, the store's root certificate and its SHA-256 fingerprint, and how to log in. Stops
# the server on exit, and the ZooKeeper too if this script started it.
#
# Usage: scripts/run-server.sh [secret-store options, e.g. --log-level debug]
#   SECRET_STORE_PORT        plain HTTP port (default: 1337)
#   SECRET_STORE_HTTPS_PORT  HTTPS port (default: 1443)
#   SECRET_STORE_ZK_PORT     ZooKeeper client port (default: 2181)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

port="${SECRET_STORE_PORT:-1337}"
https_port="${SECRET_STORE_HTTPS_PORT:-1443}"
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
swift build --product secrets

# The bootstrap superuser's password: made once, kept in a file only this user can read, and
# given to the server as a file (never on its command line). The server creates the superuser on
# its first start against this ZooKeeper; later starts keep whatever password it has by then.
state=.secret-store
mkdir -p "$state"
chmod 700 "$state"
if [[ ! -s "$state/bootstrap-password" ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$state/bootstrap-password")
fi

# In the background so that the traps above run as soon as a signal arrives; `wait` keeps this
# script in the foreground until the server exits. The development ZooKeeper has a 256 MB heap:
# the capacity budget is a fifth of it, as docs/operations.md's sizing rule says. The key of the
# certificate the store's CA issues this machine stays in $state/tls (docs/tls.md).
.build/debug/secret-store --zookeeper "127.0.0.1:$zk_port" --zk-root /dcos/secrets \
    --host 127.0.0.1 --port "$port" --https-port "$https_port" --security-mode permissive \
    --tls-dir "$state/tls" --bootstrap-uid bootstrapuser \
    --bootstrap-password-file "$state/bootstrap-password" --max-store-bytes $((256 * 1048576 / 5)) "$@" &
server_pid=$!

# The store makes its CA when it first unseals (the first start also generates a 4096-bit OpenPGP
# key pair, which takes a few seconds): wait for the root certificate, as a client would fetch it.
http_url="http://127.0.0.1:$port"
https_url="https://127.0.0.1:$https_port"
ca_file="$state/dcos-ca.crt"
deadline=$((SECONDS + 120))
until curl -sf -o "$ca_file.new" "$http_url/ca/dcos-ca.crt" && [[ -s "$ca_file.new" ]]; do
    if ! kill -0 "$server_pid" 2>/dev/null || ((SECONDS > deadline)); then
        echo "run-server: the store did not publish its CA certificate; see its log above" >&2
        exit 1
    fi
    sleep 0.5
done
mv "$ca_file.new" "$ca_file"
fingerprint=$(openssl x509 -in "$ca_file" -noout -fingerprint -sha256 | cut -d= -f2)
cat <<EOF
run-server: secret-store on $https_url (HTTPS) and $http_url (plain HTTP; / redirects to HTTPS)
run-server: the store's root certificate is $ca_file
              SHA-256 fingerprint $fingerprint
            (try: curl --cacert $ca_file $https_url/secrets/v1/ping)
run-server: log in as the bootstrap superuser 'bootstrapuser', whose password is in $state/bootstrap-password:
              .build/debug/secrets login --url $https_url --ca-cert $ca_file --uid bootstrapuser \\
                  --password-file $state/bootstrap-password
            or with curl:
              curl -s --cacert $ca_file -X POST $https_url/acs/api/v1/auth/login \\
                   -H 'Content-Type: application/json' \\
                   -d "{\"uid\":\"bootstrapuser\",\"password\":\"\$(cat $state/bootstrap-password)\"}"
run-server: then:
              .build/debug/secrets create app/db-password -v 's3cret'
              .build/debug/secrets get app/db-password
              .build/debug/secrets list
              .build/debug/secrets store seal-status
EOF
wait "$server_pid"
