# shellcheck shell=sh
# netune's read of CPU steering state (QueueFacts): '@@netune nic-queues' (each queue's RPS/XPS
# masks), '@@netune irq-affinity' (each IRQ's smp_affinity_list) and '@@netune cpus'.
# Read-only; unreadable files print "-" (xps_cpus does not exist on single-queue devices).

# netune_nic_queues (netune_read_line: read-line.sh, brought by the same fragment)
netune_nic_queues() {
  echo '@@netune nic-queues'
  for d in /sys/class/net/*/queues/rx-* /sys/class/net/*/queues/tx-*; do
    [ -d "$d" ] || continue
    n=${d%/queues/*}; n=${n##*/}; q=${d##*/}
    case "$q" in
      rx-*) netune_read_line "$d/rps_cpus" || netune_line=-
            nq_rps=$netune_line
            netune_read_line "$d/rps_flow_cnt" || netune_line=-
            printf '%s %s rps_cpus=%s rps_flow_cnt=%s\n' "$n" "$q" "$nq_rps" "$netune_line";;
      tx-*) netune_read_line "$d/xps_cpus" || netune_line=-
            printf '%s %s xps_cpus=%s\n' "$n" "$q" "$netune_line";;
    esac
  done
  echo '@@netune irq-affinity'
  for f in /proc/irq/[0-9]*/smp_affinity_list; do
    i=${f#/proc/irq/}
    netune_read_line "$f" || netune_line=-
    printf '%s %s\n' "${i%%/*}" "$netune_line"
  done
  echo '@@netune cpus'
  netune_read_line /sys/devices/system/cpu/online || true
  echo "online=$netune_line"
  netune_read_line /sys/devices/system/cpu/possible || true
  echo "possible=$netune_line"
  echo "irqbalance=$(systemctl is-active irqbalance 2>/dev/null)"
  # an integer sysctl: cat, not netune_read_line (see read-line.sh)
  echo "rps_sock_flow_entries=$(cat /proc/sys/net/core/rps_sock_flow_entries 2>/dev/null)"
}
