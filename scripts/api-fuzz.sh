#!/usr/bin/env bash
# Hostile input from the API's own description (kept out of CI): starts a ZooKeeper server and a
# secret-store with its audit trail on, logs in as the bootstrap superuser, creates a few objects
# for the description's examples to find, and runs schemathesis (PyPI, in a virtualenv under
# .build/) over every operation of docs/openapi.json. Then it reads the audit trail, which holds one
# line per request the server answered, and prints how many requests were sent and their statuses.
# Fails if schemathesis found a failure or if any answer was a 5xx other than 503.
#
# Usage: scripts/api-fuzz.sh [--max-examples N] [--seed N] [--workers N] [--server-binary PATH]
#                            [-- SCHEMATHESIS RUN OPTIONS...]
# Defaults: 100 examples per operation and phase, seed 1, 2 workers, the release build of the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

max_examples=100 seed=1 workers=2 server_binary="" extra=()
while (($#)); do
    case "$1" in
        --max-examples) max_examples=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --workers) workers=$2; shift 2 ;;
        --server-binary) server_binary=$2; shift 2 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "usage: $0 [--max-examples N] [--seed N] [--workers N] [--server-binary PATH] [-- OPTIONS...]" >&2
           exit 2 ;;
    esac
done

scripts/install-deps.sh >/dev/null
schemathesis_version=4.32.5
venv=.build/schemathesis-$schemathesis_version
if [[ ! -x "$venv/bin/schemathesis" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$schemathesis_version"
fi
if [[ -z "$server_binary" ]]; then
    swift build -c release --product secret-store
    server_binary="$PWD/.build/release/secret-store"
fi

# benchmark_work PREFIX (sets work and pids), free_port, start_zookeeper HEAP_MB (zk_port);
# start_server NAME ARGS (port, server_pid), wait_healthy LOG BASE_URL, login_token BASE_URL.
source scripts/lib/benchmark-zookeeper.sh
source scripts/lib/benchmark-server.sh
benchmark_work ssapifuzz
start_zookeeper 256
start_server server --zookeeper "127.0.0.1:$zk_port" --audit-log "$work/audit.log" --log-level error
# Over HTTPS, where every route is served (over plain HTTP the default permissive mode redirects /).
base="https://127.0.0.1:$https_port"
wait_healthy "$work/server.log" -k "$base"
token=$(login_token -k "$base")

# The objects the description's examples name, so that examples reach more than 404.
call() { curl -sSfk -o /dev/null -H "Authorization: token=$token" -H 'Content-Type: application/json' "$@"; }
call -X PUT "$base/acs/api/v1/users/alice" -d '{"description":"Alice","password":"alice-password-1"}'
call -X PUT "$base/acs/api/v1/groups/operators" -d '{"description":"Operators"}'
call -X PUT "$base/acs/api/v1/groups/operators/users/alice"
call -X PUT "$base/acs/api/v1/acls/dcos:secrets:default:%252Fapp%252F*" -d '{"description":"app secrets"}'
call -X PUT "$base/acs/api/v1/acls/dcos:secrets:default:%252Fapp%252F*/users/alice/read"
call -X PUT "$base/secrets/v1/secret/default/app/db" -d '{"value":"example"}'
before=$(grep -c '"type":"audit"' "$work/audit.log" || true)

cat >"$work/schemathesis.toml" <<'TOML'
# 503 is a documented answer (sealed, storage or audit trail unavailable); every other 5xx fails.
[checks.not_a_server_error]
expected-statuses = ["2xx", "3xx", "4xx", "503"]
TOML
echo "api-fuzz: schemathesis $schemathesis_version against $base, $max_examples examples per operation, seed $seed"
# Every check but positive_data_acceptance, which expects any request the schemas allow to succeed:
# JSON Schema cannot say what makes a CSR, an OpenPGP key, an unseal share or a rekey nonce valid,
# and those answer 400 as the description says. Schemathesis reuses the ids answers list, so it
# finds the `superusers` group and `dcos:superuser`; the calls that can take the run's own token's
# power away with them run after the others, and the stateful phase, which chains calls on such
# ids, runs last. Once the token has lost its power the calls left answer 403.
powers='^(deleteUser|deleteGroup|removeGroupMember|deleteACL|revokeUser|revokeGroup)$'
runs=(
    "--phases examples,coverage,fuzzing --exclude-operation-id-regex $powers"
    "--phases examples,coverage,fuzzing --include-operation-id-regex $powers"
    "--phases stateful"
)
status=0
repository=$PWD
for run in "${runs[@]}"; do
    # In the work folder, where schemathesis keeps its .schemathesis cache.
    # shellcheck disable=SC2086 # each run's options are split on purpose
    (cd "$work" && "$repository/$venv/bin/schemathesis" --config-file schemathesis.toml run \
        "$repository/docs/openapi.json" --url "$base" --tls-verify false -H "Authorization: token=$token" \
        --checks all --exclude-checks positive_data_acceptance $run --max-examples "$max_examples" \
        --seed "$seed" --workers "$workers" --request-timeout 30 "${extra[@]}") || status=$?
done

python3 - "$work/audit.log" "$before" <<'PYEOF' || status=1
import collections, json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if '"type":"audit"' in l][int(sys.argv[2]):]
statuses = collections.Counter(line["status"] for line in lines)
print(f"api-fuzz: the server answered {len(lines)} requests: "
      + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
bad = sum(n for s, n in statuses.items() if s >= 500 and s != 503)
print(f"api-fuzz: 5xx other than 503: {bad}")
sys.exit(1 if bad else 0)
PYEOF
exit "$status"
