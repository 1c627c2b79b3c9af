#!/usr/bin/env bash
# netune against N real sshd hosts (containers) vs the OpenSSH protocol floor.
#
#   bench/fleet.sh N [REPS]        (default N=10, REPS=5; needs the image scripts/test.sh builds)
#   ANSIBLE=0 bench/fleet.sh 20    (leaves out Ansible check mode, the slow part, for a quick run)
#   RTT_MS=20 ANSIBLE=0 bench/fleet.sh 20
#                                  (each connection through bench/delay-proxy.py: a 20 ms round trip
#                                   to every host, for netune, the floors and Ansible alike)
#   BASELINE_JAR=old/netune.jar bench/fleet.sh 20
#                                  (adds a plan and an apply of that build, taking turns with this
#                                   one: two builds compared in the same run, on a machine whose
#                                   speed drifts between runs)
#
# Starts N containers of netune/sshd-test:latest (with Ansible: netune/sshd-test-python3, the same
# host with python3), ports published on 127.0.0.1 only, one client key generated for the run,
# known_hosts written from each container's ed25519 host key;
# writes an inventory, then alternates, REPS times:
#   reset -> netune plan          | OpenSSH floor: 1 connection/host, `cat` the 4 sysctls
#   reset -> Ansible check mode   | (ansible.posix.sysctl, forks=N, pipelining; on netune/sshd-test-python3)
#   reset -> floor apply          | OpenSSH: write the 4 sysctls + the sysctl.d file, read back
#   reset -> netune apply --yes   | (leaves the fleet converged)
#   netune drift (converged)      | OpenSSH floor read on the converged fleet
# Every floor runs twice: with the key exchange, host key and cipher netune negotiated ("same
# algorithms") and with OpenSSH's defaults (9.x: the post-quantum sntrup761x25519 exchange,
# several times the cost of curve25519). The algorithms each side negotiated are read from the
# sshd logs (LogLevel DEBUG during the warm-up round: "kex: algorithm: ...") and printed.
# "reset" puts the 4 sysctls back to drifted values with docker exec (never through SSH).
# Only per-network-namespace net.* sysctls inside the containers are touched.
# SSH connections and exec requests per host are counted from each container's sshd log
# ("Accepted publickey", "Starting session: command") during one counted warm-up round; sshd then
# goes back to LogLevel VERBOSE (SIGHUP) for the timed rounds. Containers are removed on exit.
set -euo pipefail

N=${1:-10}
REPS=${2:-5}
FORKS=${FORKS:-50}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
image=netune/sshd-test:latest
prefix="netune-bench-$$"
log() { printf 'fleet: %s\n' "$*" >&2; }

ANSIBLE=${ANSIBLE:-1}
if [[ $ANSIBLE != 0 ]]; then
    if ! command -v ansible-playbook >/dev/null; then
        log "ansible-playbook not installed (apt-get install ansible): Ansible left out"; ANSIBLE=0
    else
        # Ansible's modules run in python3 on the hosts: the same host image with python3 added
        # (built once and cached; the other steps never start python)
        image=netune/sshd-test-python3:latest
        "$here/testhosts/container/build-image.sh" --python3
    fi
fi
docker image inspect "$image" >/dev/null 2>&1 \
    || { log "image $image missing: run scripts/test.sh (or testhosts/container/build-image.sh) first"; exit 1; }

# Build the jar if needed, then run a private copy so a rebuild during the run changes nothing.
"$here/netune" --version >/dev/null
work=$(mktemp -d /tmp/netune-fleet.XXXXXX)
cp "$here/target/netune.jar" "$work/netune.jar"
[[ -z ${BASELINE_JAR:-} ]] || cp "$BASELINE_JAR" "$work/baseline.jar"
# class-data sharing as the launchers use it for commands that reach hosts (src/dist/lib/netune-cds.sh):
# an archive trained by the first such command, here one plan of the fleet before the timed rounds;
# dumped for the copy, since Java 17 ties an archive to the jar's path
# JVM_FLAGS: the launchers' JIT and GC flags unless given (e.g. JVM_FLAGS=-XX:+UseSerialGC for full tiered compilation)
read -r -a jvm_flags <<< "${JVM_FLAGS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
netune() { java "${jvm_flags[@]}" -Xshare:auto -XX:SharedArchiveFile="$work/netune.jsa" -Xlog:cds*=off \
    -jar "$work/netune.jar" "$@"; }
baseline() { java "${jvm_flags[@]}" -Xshare:auto -XX:SharedArchiveFile="$work/baseline.jsa" -Xlog:cds*=off \
    -jar "$work/baseline.jar" "$@"; }
containers=()
cleanup() {
    [[ -z ${DELAY_PID:-} ]] || kill "$DELAY_PID" 2>/dev/null || true
    if ((${#containers[@]})); then
        docker rm -f "${containers[@]}" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ssh-keygen -q -t ed25519 -N '' -C netune-bench -f "$work/id_ed25519"
pub=$(cat "$work/id_ed25519.pub")

log "starting $N containers"
t0=$(date +%s)
for i in $(seq 1 "$N"); do
    name="$prefix-$i"
    # VERBOSE makes sshd log each exec ("Starting session: command ..."), which is what we count.
    docker run -d --name "$name" --security-opt systempaths=unconfined --cap-add NET_ADMIN \
        -e AUTHORIZED_KEY="$pub" -p 127.0.0.1::22 --entrypoint /bin/sh "$image" \
        -c 'echo "LogLevel DEBUG1" > /etc/ssh/sshd_config.d/00-bench.conf; exec /usr/local/sbin/netune-entrypoint' \
        >/dev/null
    containers+=("$name")
done
: > "$work/known_hosts"; : > "$work/ports"
for i in $(seq 1 "$N"); do
    name="$prefix-$i"
    for _ in $(seq 1 300); do
        docker logs "$name" 2>&1 | grep -q 'Server listening on .* port 22' && break
        sleep 0.2
    done
    port=$(docker port "$name" 22/tcp | sed -n 's/^127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -1)
    read -r ktype kdata _ < <(docker exec "$name" cat /etc/ssh/ssh_host_ed25519_key.pub)
    printf '[127.0.0.1]:%s %s %s\n' "$port" "$ktype" "$kdata" >> "$work/known_hosts"
    printf '%s %s\n' "$port" "$name" >> "$work/ports"
done
log "containers ready in $(( $(date +%s) - t0 ))s"
# RTT_MS: a network round trip between the controller and each host (bench/delay-proxy.py relays
# every connection on loopback, each byte delayed RTT_MS/2 each way); every tool goes through it
RTT_MS=${RTT_MS:-0}
rtt_note=
if [[ $RTT_MS != 0 ]]; then
    mapfile -t host_ports < <(cut -d' ' -f1 "$work/ports")
    coproc DELAY { exec python3 "$here/bench/delay-proxy.py" "$(awk -v r="$RTT_MS" 'BEGIN { print r / 2 }')" \
        "${host_ports[@]}"; }
    declare -A relayed
    while read -r -u "${DELAY[0]}" target listen; do
        [[ $target == ready ]] && break
        relayed[$target]=$listen
    done
    [[ ${#relayed[@]} == "$N" ]] || { log "the delay proxy did not start"; exit 1; }
    : > "$work/known_hosts.relayed"; : > "$work/ports.relayed"
    while read -r port name; do
        printf '%s %s\n' "${relayed[$port]}" "$name" >> "$work/ports.relayed"
    done < "$work/ports"
    while read -r hostport ktype kdata; do
        port=${hostport#\[127.0.0.1\]:}
        printf '[127.0.0.1]:%s %s %s\n' "${relayed[$port]}" "$ktype" "$kdata" >> "$work/known_hosts.relayed"
    done < "$work/known_hosts"
    mv "$work/ports.relayed" "$work/ports"; mv "$work/known_hosts.relayed" "$work/known_hosts"
    log "every connection goes through a ${RTT_MS} ms round trip (bench/delay-proxy.py, pid $DELAY_PID)"
    rtt_note=", a round trip of ${RTT_MS} ms to each host (bench/delay-proxy.py)"
fi

cat > "$work/bench.yaml" <<'EOF'
name: bench
sysctl:
  net.core.somaxconn: 8192
  net.ipv4.ip_local_port_range: "10000 65000"
  net.ipv4.tcp_tw_reuse: 1
  net.ipv4.tcp_fin_timeout: 15
EOF
{
    printf 'defaults:\n  user: root\n  identityFile: %s\n  knownHosts: %s\n' "$work/id_ed25519" "$work/known_hosts"
    printf 'groups:\n  bench:\n    profiles: [bench.yaml]\n    hosts:\n'
    i=0
    while read -r port name; do
        i=$((i + 1)); printf '      h%03d: {address: 127.0.0.1, port: %s}\n' "$i" "$port"
    done < "$work/ports"
} > "$work/inventory.yaml"

javac -cp "$work/netune.jar" -d "$work/bench-classes" "$here/src/jmh/java/dev/netune/bench/GatherScript.java" \
    "$here/src/jmh/java/dev/netune/bench/Timeline.java"
java -cp "$work/netune.jar:$work/bench-classes" dev.netune.bench.GatherScript "$work/bench.yaml" > "$work/gather.sh"

keys="/proc/sys/net/core/somaxconn /proc/sys/net/ipv4/ip_local_port_range /proc/sys/net/ipv4/tcp_tw_reuse /proc/sys/net/ipv4/tcp_fin_timeout"
read_cmd="cat $keys"
write_cmd="echo 8192 > /proc/sys/net/core/somaxconn && echo '10000 65000' > /proc/sys/net/ipv4/ip_local_port_range \
&& echo 1 > /proc/sys/net/ipv4/tcp_tw_reuse && echo 15 > /proc/sys/net/ipv4/tcp_fin_timeout \
&& printf 'net.core.somaxconn = 8192\nnet.ipv4.ip_local_port_range = 10000 65000\nnet.ipv4.tcp_tw_reuse = 1\nnet.ipv4.tcp_fin_timeout = 15\n' > /etc/sysctl.d/99-zz-netune.conf \
&& cat $keys"
reset_cmd="echo 4096 > /proc/sys/net/core/somaxconn; printf '32768\t60999\n' > /proc/sys/net/ipv4/ip_local_port_range; \
echo 2 > /proc/sys/net/ipv4/tcp_tw_reuse; echo 60 > /proc/sys/net/ipv4/tcp_fin_timeout; rm -f /etc/sysctl.d/99-zz-netune.conf"
reset_fleet() {
    cut -d' ' -f2 "$work/ports" | xargs -P "$N" -I{} docker exec {} sh -c "$reset_cmd"
}
log "training the class-data-sharing archive with one plan and one apply (as the launchers' first host command and first apply do)"
# shellcheck source=src/dist/lib/netune-cds.sh
. "$here/src/dist/lib/netune-cds.sh"
train() { # NAME: a plan of the drifted fleet, then an apply (the rounds reset the fleet before each step)
    netune_cds_train java "$work/$1.jar" "$work/$1.jsa" hosts "${jvm_flags[@]}" \
        -jar "$work/$1.jar" plan -i "$work/inventory.yaml" > /dev/null 2>&1 || true
    netune_cds_train java "$work/$1.jar" "$work/$1.jsa" writes "${jvm_flags[@]}" \
        -jar "$work/$1.jar" apply --yes -i "$work/inventory.yaml" > /dev/null 2>&1 || true
}
reset_fleet
train netune
[[ -z ${BASELINE_JAR:-} ]] || { reset_fleet; train baseline; }
if [[ $ANSIBLE != 0 ]]; then
    {
        printf '[bench]\n'
        i=0
        while read -r port name; do
            i=$((i + 1)); printf 'h%03d ansible_host=127.0.0.1 ansible_port=%s\n' "$i" "$port"
        done < "$work/ports"
        printf '[bench:vars]\nansible_user=root\nansible_ssh_private_key_file=%s\n' "$work/id_ed25519"
        printf "ansible_ssh_common_args='-o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes'\n" "$work/known_hosts"
    } > "$work/hosts.ini"
    cat > "$work/check.yaml" <<'EOF'
- hosts: bench
  gather_facts: false
  tasks:
    - ansible.posix.sysctl: {name: "{{ item.key }}", value: "{{ item.value }}", sysctl_set: true, reload: false,
                             sysctl_file: /etc/sysctl.d/99-zz-netune.conf}
      loop: "{{ {'net.core.somaxconn': '8192', 'net.ipv4.ip_local_port_range': '10000 65000',
                 'net.ipv4.tcp_tw_reuse': '1', 'net.ipv4.tcp_fin_timeout': '15'} | dict2items }}"
EOF
fi
ansible_check() {
    ANSIBLE_PIPELINING=1 ANSIBLE_FORKS="$N" ANSIBLE_SSH_CONTROL_PATH_DIR="$work/cp.$$.$RANDOM" \
        ansible-playbook -i "$work/hosts.ini" --check "$work/check.yaml" > "$work/ansible.out" 2>&1 \
        || { log "ansible-playbook failed"; tail -n 20 "$work/ansible.out" >&2; exit 1; }
}

ssh_opts=(-F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$work/known_hosts"
    -o IdentitiesOnly=yes -i "$work/id_ed25519" -o ControlMaster=no -o ControlPath=none -o LogLevel=ERROR)

# One OpenSSH connection per host, all hosts at once, one remote command each. same_algs holds the
# -o options that make ssh negotiate what netune did (set after the warm-up's netune plan).
same_algs=()
floor() { # same|default remote-command
    local alg_opts=()
    if [[ $1 == same ]]; then alg_opts=("${same_algs[@]}"); fi
    cut -d' ' -f1 "$work/ports" | xargs -P "$N" -I{} ssh "${ssh_opts[@]}" "${alg_opts[@]}" -p {} root@127.0.0.1 "$2" \
        > "$work/floor.out" 2> "$work/floor.err"
    [[ $(wc -l < "$work/floor.out") == $((4 * N)) ]] || { log "floor output has $(wc -l < "$work/floor.out") lines, not $((4 * N))"; exit 1; }
}
# The same remote work as netune's plan: its gather script (bench GatherScript) on stdin of `sh -s`,
# with the algorithms netune negotiated; netune's own remote command adds only a timeout(1) wrapper.
floor_script() {
    cut -d' ' -f1 "$work/ports" | xargs -P "$N" -I{} sh -c 'exec ssh "$@" < "$0"' "$work/gather.sh" \
        "${ssh_opts[@]}" "${same_algs[@]}" -p {} root@127.0.0.1 'sh -s' > "$work/floor.out" 2> "$work/floor.err"
    [[ $(grep -c '^@@netune end$' "$work/floor.out") == "$N" ]] || { log "the gather floor did not finish on every host"; exit 1; }
}
run_cli() { # netune|baseline expected-exit args...
    local cli=$1 want=$2; shift 2
    local rc=0
    "$cli" "$@" -i "$work/inventory.yaml" --forks "$FORKS" > "$work/netune.out" 2> "$work/netune.err" || rc=$?
    if [[ $rc != "$want" ]]; then
        log "$cli $* exited $rc, expected $want"; tail -n 20 "$work/netune.out" "$work/netune.err" >&2; exit 1
    fi
}
run_netune() { run_cli netune "$@"; }
run_baseline() { run_cli baseline "$@"; }

# name -> "times" (space separated ms), and the counted connections/execs per host
declare -A times conns execs
# name -> CPU ms of each timed run: the controller side (netune's JVM, or the ssh clients: this
# shell's children, from `times`) and the host side (every container's cgroup: sshd, the remote
# shell and what it starts). On 2 CPUs the two together bound the wall time from below.
declare -A client_cpu host_cpu
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# user+sys ms of this shell's finished children into children_cpu: `times` must run in this shell
# (in a pipe or $(...) it would report the subshell's children, none)
children_cpu=0
read_children_cpu() {
    times > "$work/times"
    children_cpu=$(awk 'NR == 2 {ms = 0; for (i = 1; i <= 2; i++) { split($i, t, "m"); sub(/s$/, "", t[2]); ms += (t[1] * 60 + t[2]) * 1000 }
        printf "%d\n", ms}' "$work/times")
}
# the containers' CPU counters: cgroup v1 (cpuacct.usage, ns) or v2 (cpu.stat usage_usec)
cgroup_files=()
while read -r _ name; do
    id=$(docker inspect -f '{{.Id}}' "$name")
    for f in "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage" "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat"; do
        if [[ -r $f ]]; then cgroup_files+=("$f"); break; fi
    done
done < "$work/ports"
((${#cgroup_files[@]} == N)) || log "no cgroup CPU counters for the containers: host CPU not shown"
hosts_cpu_ms() {
    ((${#cgroup_files[@]} == N)) || { echo 0; return; }
    awk 'FILENAME ~ /cpuacct.usage$/ {ns += $1} $1 == "usage_usec" {ns += $2 * 1000} END {printf "%d\n", ns / 1000000}' "${cgroup_files[@]}"
}
# The algorithms sshd logged (LogLevel DEBUG1) since line $2 of container $1's log:
# "kex: algorithm: X", "kex: host key algorithm: Y", "kex: client->server cipher: Z MAC: M ..."
log_algs() { # name first-line
    docker logs "$1" 2>&1 | tail -n +"$2" | sed -n \
        -e 's/.*kex: algorithm: \([^ ]*\).*/kex=\1/p' -e 's/.*kex: host key algorithm: \([^ ]*\).*/hostkey=\1/p' \
        -e 's/.*kex: client->server cipher: \([^ ]*\) MAC: \([^ ]*\).*/cipher=\1 mac=\2/p'
}
declare -A algs
log_lines() { # -> "name lines" for every container
    local name
    while read -r _ name; do echo "$name $(docker logs "$name" 2>&1 | wc -l)"; done < "$work/ports"
}
log_counts() { # -> "connections execs" summed over all containers
    local c=0 e=0 a b name
    while read -r _ name; do
        read -r a b < <(docker logs "$name" 2>&1 | awk '/Accepted publickey/ {c++} /Starting session: command/ {e++} END {print c+0, e+0}')
        c=$((c + a)); e=$((e + b))
    done < "$work/ports"
    echo "$c $e"
}
step() { # counted name command...   (timed; counted when $counted=1)
    local name=$1; shift
    local before after t lines
    if [[ $counted == 1 ]]; then before=$(log_counts); lines=$(log_lines); fi
    local c0 h0 c h
    read_children_cpu; c0=$children_cpu; h0=$(hosts_cpu_ms)
    t=$(now_ms)
    "$@"
    t=$(( $(now_ms) - t ))
    read_children_cpu; c=$((children_cpu - c0)); h=$(( $(hosts_cpu_ms) - h0 ))
    if [[ $counted == 1 ]]; then
        after=$(log_counts)
        read -r c0 e0 <<< "$before"; read -r c1 e1 <<< "$after"
        conns[$name]=$(awk -v d=$((c1 - c0)) -v n="$N" 'BEGIN {printf "%.2f", d / n}')
        execs[$name]=$(awk -v d=$((e1 - e0)) -v n="$N" 'BEGIN {printf "%.2f", d / n}')
        # distinct combinations over all hosts, e.g. "kex=curve25519-sha256 hostkey=ssh-ed25519 cipher=... (20)"
        algs[$name]=$(while read -r c l; do log_algs "$c" $((l + 1)); done <<< "$lines" \
            | paste -d' ' - - - | sort | uniq -c | awk '{n = $1; $1 = ""; sub(/^ /, ""); printf "%s%s (%d hosts)", sep, $0, n; sep = "; "}')
    else
        times[$name]+="$t "
        client_cpu[$name]+="$c "
        host_cpu[$name]+="$h "
    fi
}
check_converged() {
    local name; name=$(head -1 "$work/ports" | cut -d' ' -f2)
    [[ $(docker exec "$name" cat /proc/sys/net/core/somaxconn) == 8192 ]] || { log "apply did not set somaxconn"; exit 1; }
}

round() {
    reset_fleet
    step "netune plan" run_netune 0 plan
    if [[ $counted == 1 ]]; then set_same_algs; fi
    if [[ -n ${BASELINE_JAR:-} ]]; then
        reset_fleet
        step "baseline plan" run_baseline 0 plan
        reset_fleet
        step "baseline apply --yes" run_baseline 0 apply --yes
        reset_fleet
    fi
    step "floor read, same algs" floor same "$read_cmd"
    step "floor read, ssh default" floor default "$read_cmd"
    step "floor, netune's gather" floor_script
    if [[ $ANSIBLE != 0 ]]; then
        reset_fleet
        step "ansible --check" ansible_check
    fi
    reset_fleet
    step "floor write+read, same" floor same "$write_cmd"
    reset_fleet
    step "floor write+read, default" floor default "$write_cmd"
    reset_fleet
    step "netune apply --yes" run_netune 0 apply --yes
    check_converged
    step "netune drift" run_netune 0 drift
    step "floor read, same algs " floor same "$read_cmd"
    step "floor read, ssh default " floor default "$read_cmd"
}
# The floor's "same" options from what sshd logged for netune's plan (the most common combination).
set_same_algs() {
    local top kex hk cipher
    top=$(sed 's/; .*//' <<< "${algs[netune plan]}")
    kex=$(sed -n 's/.*kex=\([^ ]*\).*/\1/p' <<< "$top"); hk=$(sed -n 's/.*hostkey=\([^ ]*\).*/\1/p' <<< "$top")
    cipher=$(sed -n 's/.*cipher=\([^ ]*\).*/\1/p' <<< "$top")
    [[ -n $kex && -n $hk && -n $cipher ]] || { log "no algorithms in the sshd logs for netune plan: '${algs[netune plan]}'"; exit 1; }
    same_algs=(-o "KexAlgorithms=$kex" -o "HostKeyAlgorithms=$hk" -o "Ciphers=$cipher")
}

log "warm-up round (counted from sshd logs at LogLevel DEBUG1, not timed)"
counted=1 round
counted=0
# back to VERBOSE for the timed rounds: sshd (pid 1 of each container) re-executes itself on SIGHUP
while read -r _ name; do
    docker exec "$name" sh -c 'echo "LogLevel VERBOSE" > /etc/ssh/sshd_config.d/00-bench.conf; kill -HUP 1'
done < "$work/ports"
while read -r _ name; do
    for _ in $(seq 1 100); do
        [[ $(docker logs "$name" 2>&1 | grep -c 'Server listening on .* port 22') -ge 2 ]] && break
        sleep 0.1
    done
done < "$work/ports"
for r in $(seq 1 "$REPS"); do
    log "round $r/$REPS"
    round
done

stats() { # "ms ms ms" -> "median min max"
    tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print m, a[1], a[NR]}'
}
echo
echo "netune fleet benchmark: N=$N hosts (containers), --forks $FORKS, $REPS reps, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ), JVM ${jvm_flags[*]}$rtt_note"
printf '%-26s %10s %14s %8s %12s %12s %12s %12s\n' "what" "median ms" "min-max ms" "ratio" "conns/host" "execs/host" \
    "client cpu" "hosts cpu"
declare -A med
rows=("netune plan" "baseline plan" "floor read, same algs" "floor read, ssh default" "floor, netune's gather" "ansible --check"
      "netune apply --yes" "baseline apply --yes" "floor write+read, same" "floor write+read, default"
      "netune drift" "floor read, same algs " "floor read, ssh default ")
base=""
for name in "${rows[@]}"; do
    [[ -n ${times[$name]:-} ]] || continue
    read -r m lo hi < <(stats "${times[$name]}")
    med[$name]=$m
    if [[ $name == netune* ]]; then base=$m; ratio="-"; else
        ratio=$(awk -v x="$base" -v y="$m" 'BEGIN {printf "%.2fx", x / y}')
    fi
    read -r cm _ < <(stats "${client_cpu[$name]}"); read -r hm _ < <(stats "${host_cpu[$name]}")
    printf '%-26s %10s %14s %8s %12s %12s %12s %12s\n' "$name" "$m" "$lo-$hi" "$ratio" "${conns[$name]}" "${execs[$name]}" "$cm" "$hm"
done
echo "(ratio = the netune row above / this row's median; counts from sshd logs of the warm-up round;"
echo " cpu = median ms of CPU: client = netune's JVM or the ssh clients, hosts = all containers' sshd and scripts)"
[[ $ANSIBLE != 0 ]] || echo "(Ansible check mode left out: ANSIBLE=0 or no ansible-playbook)"
# issue 20's targets, from the medians above
target() { # label numerator-row denominator-row at-most|at-least limit
    local num=${med[$2]:-} den=${med[$3]:-}
    [[ -n $num && -n $den ]] || return 0
    awk -v l="$1" -v x="$num" -v y="$den" -v how="$4" -v lim="$5" 'BEGIN {
        r = x / y; ok = (how == "at-most") ? r <= lim : r >= lim
        printf "  %-44s %6.2fx  (%s %sx: %s)\n", l, r, how == "at-most" ? "at most" : "at least", lim, ok ? "met" : "not met" }'
}
echo "targets (issue 20):"
target "plan / floor read, same algorithms" "netune plan" "floor read, same algs" at-most 1.5
target "apply --yes / floor write+read, same" "netune apply --yes" "floor write+read, same" at-most 1.5
target "drift / floor read, same algorithms" "netune drift" "floor read, same algs " at-most 1.5
target "Ansible check mode / plan (how much faster)" "ansible --check" "netune plan" at-least 25
if [[ ${TIMELINE:-1} != 0 ]]; then
    # one more plan, timed from inside (bench Timeline: JSch's log per host), after the reports above
    reset_fleet
    TIMELINE_T0_MS=$(now_ms) java "${jvm_flags[@]}" -Xshare:auto -XX:SharedArchiveFile="$work/netune.jsa" \
        -Xlog:cds*=off -cp "$work/netune.jar:$work/bench-classes" dev.netune.bench.Timeline plan -i "$work/inventory.yaml" --forks "$FORKS" \
        > /dev/null 2> "$work/timeline.md" || true
    echo
    echo "where one netune plan's time goes (TIMELINE=0 leaves this out; ms since the JVM started):"
    cat "$work/timeline.md"
fi
echo
echo "negotiated (sshd's view, warm-up round):"
for name in "${rows[@]}"; do
    [[ -n ${algs[$name]:-} ]] && printf '  %-26s %s\n' "$name" "${algs[$name]}"
done
exit 0
