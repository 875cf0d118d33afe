#!/usr/bin/env bash
# The libFuzzer targets of Fuzz/ (kept out of CI): builds them with every Swift module instrumented
# (-sanitize=fuzzer), then runs each for a number of iterations over its seed corpus in
# Fixtures/fuzz/<target>/. What a run learns goes to a scratch corpus under /tmp, never into the
# repository; a crash leaves its input in that folder and fails the script.
#
# Usage: scripts/fuzz.sh [--runs N] [TARGET...]     (default: 1000000 runs of every target)
#   e.g. scripts/fuzz.sh --runs 100000 fuzz-accept
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs=1000000
targets=()
while (($#)); do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        fuzz-*) targets+=("$1"); shift ;;
        *) echo "usage: $0 [--runs N] [TARGET...]" >&2; exit 2 ;;
    esac
done
if ((${#targets[@]} == 0)); then
    targets=(fuzz-secret-path fuzz-envelope fuzz-json-bodies fuzz-accept fuzz-space-rule fuzz-jwt fuzz-csr)
fi

scripts/install-deps.sh >/dev/null
swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer
bin="$(swift build -c release --package-path Fuzz --show-bin-path)"
work=$(mktemp -d /tmp/ssfuzz-XXXXXX)
echo "fuzz: $runs runs of each target; scratch corpora and any crash inputs in $work"
failed=()
for target in "${targets[@]}"; do
    mkdir -p "$work/$target"
    # SWIFT_BACKTRACE=enable=no: otherwise Swift's backtracer takes the trap and libFuzzer never
    # writes the crashing input.
    started=$SECONDS
    if SWIFT_BACKTRACE=enable=no "$bin/$target" -runs="$runs" -artifact_prefix="$work/$target/crash-" \
        -print_final_stats=1 "$work/$target" "Fixtures/fuzz/$target" >"$work/$target.log" 2>&1; then
        outcome="no crash"
    else
        outcome="CRASHED (log: $work/$target.log)"
        failed+=("$target")
    fi
    done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log" | tail -1)
    coverage=$(grep -o 'cov: [0-9]*' "$work/$target.log" | tail -1)
    printf '  %-18s %10s runs in %4d s, %s, corpus %d inputs: %s\n' "$target" "${done_runs:-?}" \
        $((SECONDS - started)) "${coverage:-cov: ?}" "$(find "$work/$target" -type f ! -name 'crash-*' | wc -l)" \
        "$outcome"
done
if ((${#failed[@]} > 0)); then
    echo "fuzz: crashes in ${failed[*]}; inputs and logs kept in $work" >&2
    exit 1
fi
rm -rf "$work"
echo "fuzz: done, no crash"
