#!/usr/bin/env bash
# The benchmarks: a release build of the Benchmarks package (kept out of the default build and out
# of CI), then the figures.
#
#   storage (default): the Swift ZooKeeper storage against the raw ZooKeeper C client doing the
#                      same operations at the same concurrency, on a ZooKeeper server it starts.
#   identity:          permission checks, token verification, password login, and grants written
#                      to a ZooKeeper it starts, by one and by two instances.
#
# Usage: scripts/benchmark.sh [storage] [--count N] [--large-count N] [--in-flight N] [--zookeeper host:port]
#        scripts/benchmark.sh identity [--users N] [--groups N] [--acls N] [--checks N] [--grants N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
benchmark=storage
if [[ "${1:-}" == storage || "${1:-}" == identity ]]; then
    benchmark=$1
    shift
fi
swift build -c release --package-path Benchmarks --product "$benchmark-benchmark"
exec "Benchmarks/.build/release/$benchmark-benchmark" "$@"
