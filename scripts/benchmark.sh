#!/usr/bin/env bash
# The storage benchmark: the Swift ZooKeeper storage against the raw ZooKeeper C client doing the
# same operations at the same concurrency, on a ZooKeeper server it starts itself. A release build
# of the Benchmarks package (kept out of the default build and out of CI), then the figures.
#
# Usage: scripts/benchmark.sh [--count N] [--large-count N] [--in-flight N] [--zookeeper host:port]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
swift build -c release --package-path Benchmarks --product storage-benchmark
exec Benchmarks/.build/release/storage-benchmark "$@"
