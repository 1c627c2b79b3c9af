# shellcheck shell=sh
# netune's read-only facts of where each NIC's work runs (the facts command).
# netune_nic_topology: per NIC its link, the root qdisc's name when tc is missing, and per-queue RPS/XPS
# masks (`@@netune nic-topo IFACE`), then per IRQ its allowed and effective CPUs (`@@netune irq-topo`).
# tx_queue_len and tc's qdiscs come from the NIC gather (NicGather), which always runs with this.
# A file that cannot be read prints KEY!REASON instead of KEY=VALUE (a queue's file: "-" as its value and
# a line QUEUE/FILE!REASON after the queue's line), so the reason reaches facts.
# netune_tp_queue_file QUEUE-DIR FILE: tp_v = the file's value, or "-" with a line QUEUE/FILE!REASON
# added to tp_why ("absent" when there is no such file: a kernel without CONFIG_XPS or CONFIG_RPS)
netune_tp_queue_file() {
  if [ ! -e "$1/$2" ]; then
    tp_v=absent
  elif tp_v=$(cat "$1/$2" 2>&1); then
    return 0
  fi
  tp_why="$tp_why${1##*/}/$2!$(printf '%s' "$tp_v" | head -n 1)
"
  tp_v=-
}

netune_nic_topology() {
  tp_tc=0
  command -v tc >/dev/null 2>&1 && tp_tc=1
  for tp_p in /sys/class/net/*; do
    [ -e "$tp_p" ] || continue
    tp_i=${tp_p##*/}
    printf '@@netune nic-topo %s\n' "$tp_i"
    for tp_k in speed duplex; do
      # speed and duplex answer EINVAL while the link is down: that reason is the fact
      if tp_v=$(cat "$tp_p/$tp_k" 2>&1); then
        printf '%s=%s\n' "$tp_k" "$tp_v"
      else
        printf '%s!%s\n' "$tp_k" "$(printf '%s' "$tp_v" | head -n 1)"
      fi
    done
    # without tc, ip link still names the root qdisc
    if [ "$tp_tc" = 0 ]; then
      printf 'qdisc=%s\n' "$(ip -o link show dev "$tp_i" 2>/dev/null | sed -n 's/.* qdisc \([^ ]*\).*/qdisc \1/p')"
    fi
    for tp_q in "$tp_p"/queues/rx-* "$tp_p"/queues/tx-*; do
      [ -d "$tp_q" ] || continue
      tp_why=
      case ${tp_q##*/} in
        rx-*) netune_tp_queue_file "$tp_q" rps_cpus; tp_r=$tp_v; netune_tp_queue_file "$tp_q" rps_flow_cnt
              printf 'queue %s rps=%s flows=%s\n' "${tp_q##*/}" "$tp_r" "$tp_v";;
        tx-*) netune_tp_queue_file "$tp_q" xps_cpus; printf 'queue %s xps=%s\n' "${tp_q##*/}" "$tp_v";;
      esac
      printf '%s' "$tp_why"
    done
  done
  echo '@@netune irq-topo'
  for tp_d in /proc/irq/[0-9]*; do
    [ -d "$tp_d" ] || continue
    printf '%s %s %s\n' "${tp_d##*/}" "$(cat "$tp_d/smp_affinity_list" 2>/dev/null || echo -)" \
      "$(cat "$tp_d/effective_affinity_list" 2>/dev/null || echo -)"
  done
  true
}
