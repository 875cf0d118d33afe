#!/usr/bin/env bash
# The test command (CI runs exactly this through .ci/run): installs missing system packages, fails
# on any formatting diff, builds once, runs the unit tests (in memory, well under a minute), then
# from the same build the end-to-end tests (target SecretStoreEndToEndTests: real ZooKeeper
# servers, gpg, sockets and the two binaries), then fails if a test left a ZooKeeper server or a
# gpg-agent running. Tests start their own ZooKeeper servers and gpg homes through
# SecretStoreTesting, so this script starts none. docs/testing.md says which test goes where.
#
# Usage: scripts/test.sh [Swift Testing options, e.g. --filter ZooKeeper: one run with them instead
# of the two phases]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Marks every process the tests start (they inherit the environment), so the leak check below
# touches only this run's leftovers, never those of another run on the same machine.
SECRET_STORE_TEST_RUN="test-$$-$(date +%s)"
export SECRET_STORE_TEST_RUN

# Runs a phase and prints how long it took.
phase() {
    local name="$1" start=$SECONDS status=0
    shift
    echo "==> $name"
    "$@" || status=$?
    if ((status == 0)); then
        echo "==> $name: done in $((SECONDS - start)) s"
    else
        echo "==> $name: FAILED (exit $status) after $((SECONDS - start)) s" >&2
    fi
    return "$status"
}

# Prints "pid command line" of each ZooKeeper test server, test gpg-agent and secret-store this run started.
leftovers() {
    local proc cmdline
    for proc in /proc/[0-9]*; do
        cmdline="$(tr '\0' ' ' <"$proc/cmdline" 2>/dev/null)" || continue
        case "$cmdline" in
            *java*QuorumPeerMain*/tmp/sszk-* | *gpg-agent*--homedir\ /tmp/ssg-* | */secret-store\ --host\ 127.0.0.1*) ;;
            *) continue ;;
        esac
        tr '\0' '\n' <"$proc/environ" 2>/dev/null | grep -qxF "SECRET_STORE_TEST_RUN=$SECRET_STORE_TEST_RUN" ||
            continue
        echo "${proc#/proc/} $cmdline"
    done
}

leak_check() {
    local leaks pid deadline=$((SECONDS + 5))
    leaks="$(leftovers)"
    # A gpg-agent told to quit by `gpgconf --kill` exits a moment later: give stragglers a grace.
    while [[ -n "$leaks" ]] && ((SECONDS < deadline)); do
        sleep 0.2
        leaks="$(leftovers)"
    done
    [[ -z "$leaks" ]] && return 0
    echo "leak check: the tests left these processes running:" >&2
    echo "$leaks" >&2
    while read -r pid _; do
        kill -KILL "$pid" 2>/dev/null || true
    done <<<"$leaks"
    # Once they are gone (a zombie has an empty command line), remove their folders too.
    deadline=$((SECONDS + 5))
    while read -r pid _; do
        while [[ -n "$(tr -d '\0' <"/proc/$pid/cmdline" 2>/dev/null)" ]] && ((SECONDS < deadline)); do
            sleep 0.1
        done
    done <<<"$leaks"
    grep -oE '/tmp/ss(zk|g)-[A-Za-z0-9_-]+' <<<"$leaks" | sort -u | xargs -r rm -rf
    return 1
}

phase "install-deps" scripts/install-deps.sh
# The open-source dcos CLI, for the end-to-end test of `dcos cluster setup` against the store.
phase "install dcos CLI" scripts/install-dcos-cli.sh .build/dcos-cli
phase "swift format lint" swift format lint --strict --parallel --recursive Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Sources \
    Fuzz/Package.swift Fuzz/Sources
phase "swift build --build-tests" swift build --build-tests

# The suite runs the test bundle itself rather than `swift test`, to bound how many tests run at
# once: unbounded, some 300 tests on two cores start ZooKeeper JVMs, secret-store processes and
# 4096-bit key generations together, and ZooKeeper sessions starve past their timeouts. Four at a
# time takes no longer on these machines, because most tests wait on sockets and processes.
run_tests() {
    "$(swift build --show-bin-path)/SecretStorePackageTests.xctest" --testing-library swift-testing \
        --experimental-maximum-parallelization-width "${SECRET_STORE_TEST_WIDTH:-4}" "$@"
}

test_status=0
if (($# > 0)); then
    phase "swift test $*" run_tests "$@" || test_status=$?
else
    # Unit first: a defect they catch fails the run in a minute, before the long phase starts.
    phase "unit tests" run_tests --skip SecretStoreEndToEndTests || test_status=$?
    phase "end-to-end tests" run_tests --filter SecretStoreEndToEndTests || test_status=$?
fi
echo "==> leak check"
if leak_check; then
    echo "==> leak check: no ZooKeeper server or gpg-agent left running"
else
    test_status=1
fi
exit "$test_status"
