# shellcheck shell=sh
# netune's read of CPU steering state (QueueFacts): '@@netune nic-queues' (each queue's RPS/XPS
# masks), '@@netune irq-affinity' (each IRQ's smp_affinity_list) and '@@netune cpus'.
# Read-only; unreadable files print "-" (xps_cpus does not exist on single-queue devices).

# netune_nic_queues
netune_nic_queues() {
  echo '@@netune nic-queues'
  for d in /sys/class/net/*/queues/rx-* /sys/class/net/*/queues/tx-*; do
    [ -d "$d" ] || continue
    n=${d%/queues/*}; n=${n##*/}; q=${d##*/}
    case "$q" in
      rx-*) printf '%s %s rps_cpus=%s rps_flow_cnt=%s\n' "$n" "$q" "$(cat "$d/rps_cpus" 2>/dev/null || echo -)" "$(cat "$d/rps_flow_cnt" 2>/dev/null || echo -)";;
      tx-*) printf '%s %s xps_cpus=%s\n' "$n" "$q" "$(cat "$d/xps_cpus" 2>/dev/null || echo -)";;
    esac
  done
  echo '@@netune irq-affinity'
  for f in /proc/irq/[0-9]*/smp_affinity_list; do
    i=${f#/proc/irq/}; printf '%s %s\n' "${i%%/*}" "$(cat "$f" 2>/dev/null || echo -)"
  done
  echo '@@netune cpus'
  echo "online=$(cat /sys/devices/system/cpu/online 2>/dev/null)"
  echo "possible=$(cat /sys/devices/system/cpu/possible 2>/dev/null)"
  echo "irqbalance=$(systemctl is-active irqbalance 2>/dev/null)"
  echo "rps_sock_flow_entries=$(cat /proc/sys/net/core/rps_sock_flow_entries 2>/dev/null)"
}
