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

# Starts a SimServer (bench/simulated.sh, bench/sharded.sh) for $1 virtual hosts on ${2:-$1}
# loopback ports, with a fresh client key, in a new directory $work; sets $server_pid. Both are
# removed on exit. Every virtual host port is a listening socket in the server and every in-flight
# host a socket in the controller: this process's soft fd limit is raised to its hard limit (the
# machine's settings are not touched).
sim_server() {
    ulimit -n "$(ulimit -Hn)"
    work=$(mktemp -d /tmp/netune-sim.XXXXXX)
    server_pid=
    trap sim_cleanup EXIT
    # SIM_KEYS: the client key's type, and so the host key's: ed25519 (what the container fleet
    # negotiates, the default) or ecdsa (P-256, the figures before 2026-12-01 evening)
    case ${SIM_KEYS:-ed25519} in
        ed25519) ssh-keygen -q -t ed25519 -N '' -C netune-sim -f "$work/id_sim" ;;
        ecdsa) ssh-keygen -q -t ecdsa -b 256 -N '' -C netune-sim -f "$work/id_sim" ;;
        *) echo "SIM_KEYS must be ed25519 or ecdsa" >&2; exit 2 ;;
    esac
    # The server stands in for the fleet's hosts, yet shares this machine's 2 CPUs with the
    # controller: C1 only, as the controller runs (C2 compiling MINA SSHD cost the server about 40 %
    # of its CPU in a run of 3,000 hosts). SERVER_OPTS adds or overrides JVM options (e.g. a flight
    # recording, or -XX:TieredStopAtLevel=4 for full tiered compilation).
    # shellcheck disable=SC2086 # SERVER_OPTS is a list of JVM options
    java -Xmx3g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${SERVER_OPTS:-} -cp "$CP" dev.netune.bench.SimServer "$1" "$bench_root/src/test/resources/bench" \
        "$work/id_sim.pub" "$work" "${2:-$1}" 2> "$work/server.log" &
    server_pid=$!
    for _ in $(seq 1 600); do
        [[ -f $work/ports ]] && break
        kill -0 "$server_pid" || { cat "$work/server.log" >&2; exit 1; }
        sleep 0.2
    done
    grep 'virtual hosts' "$work/server.log" >&2
}
sim_cleanup() { [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }

# user+system CPU of a process so far, in ms (clock ticks from /proc)
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
