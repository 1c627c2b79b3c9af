#!/usr/bin/env bash
# A simulated fleet too large for one controller, split with --shard I/N over several controller
# processes and merged with `netune report merge`:
#   bench/sharded.sh [HOSTS [SHARDS]]     default: 100000 10; FORKS=50 PARALLEL=2 PORTS=10000 CONNECT_TIMEOUT=30
# One SimServer serves HOSTS virtual hosts on PORTS loopback ports (this machine's fd limit and
# ephemeral port range allow some 10,000s of listening sockets, not 100,000): beyond the first
# round of ports the virtual hosts on a port are told apart by the login user (root, v1, v2, ...),
# see SimServer. Each shard is the real CLI (`plan --shard I/N --format json`, the flags ./netune
# uses), PARALLEL shards at a time (on one machine more only share the same cores; on several
# machines or a CI matrix all N would run at once). Prints each shard's wall time, CPU and host
# count, the whole run's wall time, and the merged report's host count and summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
hosts=${1:-100000}
shards=${2:-10}
FORKS=${FORKS:-50}
PARALLEL=${PARALLEL:-2}
PORTS=${PORTS:-10000}
CONNECT_TIMEOUT=${CONNECT_TIMEOUT:-30} # as bench/simulated.sh (SimFleet): a loaded machine is slow to hand-shake
profile="$bench_root/profiles/web-server.yaml"

bench_build
sim_server "$hosts" "$PORTS"
inventory=$(java -cp "$CP" dev.netune.bench.SimFleet inventory "$hosts" "$FORKS" "$work" "$profile" "$work/id_sim")

echo "sharded simulated fleet: $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ), $hosts hosts, $shards shards," \
    "$PARALLEL at a time, --forks $FORKS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %7s %9s %9s %11s %6s\n' shard hosts "wall ms" "cpu ms" "cpu ms/host" failed
run_shard() {
    local i=$1 t0 t1 rc=0
    t0=$(date +%s%N)
    # CPU of the controller (children of this subshell) comes from /usr/bin/time
    /usr/bin/time -f '%U %S' -o "$work/shard-$i.time" \
        java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$CP" dev.netune.cli.Main plan \
        -i "$inventory" -p "$profile" --shard "$i/$shards" --forks "$FORKS" --connect-timeout "$CONNECT_TIMEOUT" --format json \
        > "$work/shard-$i.json" 2> "$work/shard-$i.err" || rc=$?
    t1=$(date +%s%N)
    # plan exits 1 when a host failed (e.g. a connect timeout on an overloaded machine): the
    # report still counts it; only a shard without a report is a failure of the run
    if ! grep -q '"summary"' "$work/shard-$i.json"; then
        echo "shard $i/$shards exited $rc without a report:" >&2; head -5 "$work/shard-$i.err" >&2; return 1
    fi
    local n cpu bad
    n=$(grep -o '"hosts" *: *[0-9]*' "$work/shard-$i.json" | tail -1 | grep -o '[0-9]*$')
    # the last line: /usr/bin/time first notes a non-zero exit on a line of its own
    cpu=$(tail -n1 "$work/shard-$i.time" | awk '{printf "%d", ($1 + $2) * 1000}')
    bad=$(grep -o '"\(failed\|unreachable\)" *: *[0-9]*' "$work/shard-$i.json" | grep -o '[0-9]*$' | paste -sd+ | bc)
    printf '%-7s %7d %9d %9d %11.2f %6d\n' "$i/$shards" "$n" $(((t1 - t0) / 1000000)) "$cpu" \
        "$(awk -v c="$cpu" -v n="$n" 'BEGIN {print c / n}')" "$bad"
}
sc0=$(cpu_ms "$server_pid")
t0=$(date +%s%N)
running=0
failed=0
for i in $(seq 1 "$shards"); do
    run_shard "$i" &
    running=$((running + 1))
    if ((running >= PARALLEL)); then wait -n || failed=1; running=$((running - 1)); fi
done
while ((running > 0)); do wait -n || failed=1; running=$((running - 1)); done
[[ $failed -eq 0 ]] || { echo "a shard failed" >&2; exit 1; }
t1=$(date +%s%N)
sc1=$(cpu_ms "$server_pid")
m0=$(date +%s%N)
rc=0
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$CP" dev.netune.cli.Main report merge \
    "$work"/shard-*.json > "$work/merged.json" || rc=$?
m1=$(date +%s%N)
# merge exits 2 for changes, 1 when a shard reported failed hosts (counted in the summary)
grep -q '"summary"' "$work/merged.json" || { echo "report merge exited $rc" >&2; exit 1; }
summary=$(tr -d ' \n' < "$work/merged.json" | grep -o '"summary":{[^}]*}' | tail -1)
shard_cpu=$(tail -qn1 "$work"/shard-*.time | awk '{s += $1 + $2} END {printf "%d", s * 1000}')
sleep 2.5 # let the server print its counters
echo "all shards: $(((t1 - t0) / 1000000)) ms wall, controllers $shard_cpu ms CPU" \
    "($(awk -v c="$shard_cpu" -v n="$hosts" 'BEGIN {printf "%.2f", c / n}') ms/host), server $((sc1 - sc0)) ms CPU" \
    "($(awk -v c=$((sc1 - sc0)) -v n="$hosts" 'BEGIN {printf "%.2f", c / n}') ms/host)"
echo "merge: $(((m1 - m0) / 1000000)) ms, $(du -h "$work/merged.json" | cut -f1) merged report, $summary"
grep -o '[0-9]* connection(s), [0-9]* execution(s)' "$work/server.log" | tail -1 | sed 's/^/server counted: /'
