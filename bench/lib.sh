# Shared by bench/*.sh: compiles main + bench sources (-Pbench, test scope) into a separate build
# dir and sets $CP to the runtime classpath. Never part of the default build.
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_BUILD=${NETUNE_BENCH_BUILD:-/tmp/netune-bench-build}
bench_build() {
    (cd "$bench_root" && mvn -q -B -Pbench -Dnetune.buildDir="$BENCH_BUILD" -DskipTests \
        -Dmdep.outputFile="$BENCH_BUILD/bench.classpath" -Dmdep.includeScope=test \
        test-compile dependency:build-classpath) >&2 \
        || { echo "bench: build failed (if others' sources are mid-edit, retry or set NETUNE_BENCH_BUILD and run from a git worktree)" >&2; return 1; }
    CP="$BENCH_BUILD/test-classes:$BENCH_BUILD/classes:$(cat "$BENCH_BUILD/bench.classpath")"
}
