#!/usr/bin/env bash
# JMH benchmarks of the gather parsers and the planner on a synthetic 96-CPU, 4-NIC x 24-queue
# host (src/jmh/java/dev/netune/bench/Host96.java). Modest iterations: 3 x 1 s warm-up,
# 5 x 1 s measurement, 1 fork. Extra arguments go to JMH (e.g. bench/jmh.sh -f 3 nicParse).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
java -cp "$CP" dev.netune.bench.Host96
java -cp "$CP" org.openjdk.jmh.Main -rf text -rff "$BENCH_BUILD/jmh-result.txt" "${@:-ParseAndPlanBench}"
echo "results: $BENCH_BUILD/jmh-result.txt"
