#!/usr/bin/env bash
# Re-records the simulated fleet's answers into src/test/resources/bench/ from one real sshd
# container (netune/sshd-test:latest) and from this machine's read-only gather:
#   web-server.gather.script        gather of profiles/web-server.yaml; answers: .container.out, .local.out
#   sysctl-bench.gather.script      gather of bench/profiles/sysctl-bench.yaml (drifted container)
#   sysctl-bench.apply.script       its apply+verify script; answer: .container.out
# Only per-netns net.* sysctls are written, and only inside the container.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
out="$bench_root/src/test/resources/bench"
name="netune-capture-$$"
trap 'docker rm -f "$name" >/dev/null 2>&1 || true' EXIT
docker run -d --name "$name" --security-opt systempaths=unconfined --cap-add NET_ADMIN \
    -e AUTHORIZED_KEY=none netune/sshd-test:latest >/dev/null
sleep 1
docker exec "$name" sh -c "echo 4096 > /proc/sys/net/core/somaxconn; printf '32768\t60999\n' > /proc/sys/net/ipv4/ip_local_port_range; \
echo 2 > /proc/sys/net/ipv4/tcp_tw_reuse; echo 60 > /proc/sys/net/ipv4/tcp_fin_timeout; rm -f /etc/sysctl.d/99-zz-netune.conf"
rm -f "$out"/*.script "$out"/*.out
java -cp "$CP" dev.netune.bench.Capture "$out" web-server "$bench_root/profiles/web-server.yaml" --container "$name" --local
java -cp "$CP" dev.netune.bench.Capture "$out" sysctl-bench "$bench_root/bench/profiles/sysctl-bench.yaml" --container "$name" --apply
ls -l "$out"
