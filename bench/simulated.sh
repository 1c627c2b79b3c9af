#!/usr/bin/env bash
# netune's controller at scale against a simulated fleet (no containers):
#   bench/simulated.sh [N...]            default: 1000 10000; FORKS="50 200" MODES="plan apply"
# One SimServer JVM (Apache MINA SSHD) listens on max(N) loopback ports, one virtual host per
# port, and answers the recorded real outputs in src/test/resources/bench/. Then, for every N,
# --forks and mode, a fresh controller JVM (the flags ./netune uses) runs the engine and reports
# wall time, its own process CPU, heap and threads. plan uses profiles/web-server.yaml (answers
# alternate between a container's and this machine's gather); apply uses
# bench/profiles/sysctl-bench.yaml (a drifted container's gather, then its recorded apply+verify).
# Nothing is changed anywhere: the virtual hosts only replay text.
# CONTROLLER_OPTS adds JVM options to each controller (e.g. -XX:StartFlightRecording=filename=x.jfr),
# CONTROLLER_JAVA is its java (default: java on PATH).
# "server cpu ms" is the SimServer's CPU during the run (it shares the machine's cores).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sizes=("${@:-1000}")
[[ $# -gt 0 ]] || sizes=(1000 10000)
FORKS=${FORKS:-"50 200"}
MODES=${MODES:-"plan apply"}
max=0; for n in "${sizes[@]}"; do ((n > max)) && max=$n; done

bench_build
sim_server "$max"

echo "simulated fleet: $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ), ulimit -n $(ulimit -n), ephemeral ports $(tr '\t' - < /proc/sys/net/ipv4/ip_local_port_range)"
printf '%-5s %6s %5s %9s %9s %9s %9s %8s %7s  %s\n' mode hosts forks "wall ms" "cpu ms" "peak MB" "kept MB" "KB/host" threads statuses
for n in "${sizes[@]}"; do
    for f in $FORKS; do
        for m in $MODES; do
            profile="$bench_root/profiles/web-server.yaml"
            [[ $m == apply ]] && profile="$bench_root/bench/profiles/sysctl-bench.yaml"
            s0=$(grep -o '[0-9]* connection(s), [0-9]* execution(s)' "$work/server.log" | tail -1 || true)
            sc0=$(cpu_ms "$server_pid")
            # shellcheck disable=SC2086 # CONTROLLER_OPTS is a list of options
            "${CONTROLLER_JAVA:-java}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto ${CONTROLLER_OPTS:-} -cp "$CP" dev.netune.bench.SimFleet \
                "$m" "$n" "$f" "$work" "$profile" "$work/id_sim"
            sc1=$(cpu_ms "$server_pid")
            sleep 2.5 # let the server print its counters
            s1=$(grep -o '[0-9]* connection(s), [0-9]* execution(s)' "$work/server.log" | tail -1)
            read -r c0 e0 < <(sed 's/[^0-9 ]//g' <<< "${s0:-0 0}" | awk '{print $1+0, $2+0}')
            read -r c1 e1 < <(sed 's/[^0-9 ]//g' <<< "$s1" | awk '{print $1+0, $2+0}')
            echo "      server counted: $(awk -v d=$((c1 - c0)) -v n="$n" 'BEGIN {printf "%.2f", d / n}') connection(s)/host, $(awk -v d=$((e1 - e0)) -v n="$n" 'BEGIN {printf "%.2f", d / n}') execution(s)/host; server cpu $((sc1 - sc0)) ms ($(awk -v d=$((sc1 - sc0)) -v n="$n" 'BEGIN {printf "%.2f", d / n}') ms/host)"
        done
    done
done
