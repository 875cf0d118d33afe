#!/usr/bin/env bash
# The benchmarks: a release build of the Benchmarks package (kept out of the default build and out
# of CI), then the figures.
#
#   storage (default): the Swift ZooKeeper storage against the raw ZooKeeper C client doing the
#                      same operations at the same concurrency, on a ZooKeeper server it starts.
#   identity:          permission checks, token verification, password login, and grants written
#                      to a ZooKeeper it starts, by one and by two instances.
#   http:              the release secret-store server under wrk (ping, GET and PUT of 1 KiB and
#                      1 MiB secrets, resolve calls of five 1 KiB secrets) against the raw ZooKeeper
#                      C client at the same concurrency, and the server's resident memory with
#                      10,000 secrets stored; ZooKeeper runs with forceSync=yes. --peer etcd also
#                      starts etcd (Debian's etcd-server, installed if missing) and measures its
#                      JSON gateway's GET and PUT of 1 KiB in the same run, with the ratios,
#                      then --peer-rounds (4) rounds of the two PUTs in alternating order (ABBA).
#   tls:               HTTPS against plain HTTP for GET of a 1 KiB secret, new TLS handshakes per
#                      second with ECDSA and RSA server keys, and CA signatures per second
#                      (scripts/tls-benchmark.sh).
#   audit:             GET and PATCH of a 1 KiB secret with the audit trail written to a file,
#                      against the same with --no-audit (scripts/audit-benchmark.sh).
#   audit-line:        the pieces of one audit line (timestamp, HMAC, JSON, the write), each
#                      timed alone on one thread.
#   instructions:      instructions per GET, PUT and resolve of 1 KiB secrets, counted by
#                      callgrind, by module (scripts/instructions-benchmark.sh).
#
# Usage: scripts/benchmark.sh [storage] [--count N] [--large-count N] [--in-flight N] [--zookeeper host:port]
#        scripts/benchmark.sh identity [--users N] [--groups N] [--acls N] [--checks N] [--grants N]
#        scripts/benchmark.sh http [--duration S] [--connections N] [--zookeeper host:port] [--server-binary PATH]
#                                  [--peer etcd] [--peer-rounds N]
#        scripts/benchmark.sh tls [--duration S] [--connections N] [--rounds N] [--server-binary PATH]
#        scripts/benchmark.sh audit [--duration S] [--connections N] [--rounds N] [--server-binary PATH]
#        scripts/benchmark.sh audit-line
#        scripts/benchmark.sh instructions [--requests N] [--server-binary PATH] [--keep FOLDER]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${1:-}" == tls || "${1:-}" == audit || "${1:-}" == instructions ]]; then
    script="scripts/$1-benchmark.sh"
    shift
    exec "$script" "$@"
fi

scripts/install-deps.sh
benchmark=storage
if [[ "${1:-}" == storage || "${1:-}" == identity || "${1:-}" == http || "${1:-}" == audit-line ]]; then
    benchmark=$1
    shift
fi

if [[ "$benchmark" == http ]]; then
    # ensure_command COMMAND PACKAGE.
    source scripts/lib/packages.sh
    ensure_command wrk wrk
    if [[ " $* " == *" --peer etcd "* ]]; then ensure_command etcd etcd-server; fi
    swift build -c release --product secret-store
    swift build -c release --package-path Benchmarks --product http-benchmark
    # A --server-binary given by the caller comes later and wins.
    exec Benchmarks/.build/release/http-benchmark --server-binary "$PWD/.build/release/secret-store" "$@"
fi

swift build -c release --package-path Benchmarks --product "$benchmark-benchmark"
exec "Benchmarks/.build/release/$benchmark-benchmark" "$@"
