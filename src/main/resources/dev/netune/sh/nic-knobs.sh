# shellcheck shell=sh
# netune's functions for the NIC knobs set through sysfs and tc: NAPI deferral/threading, the root
# qdisc. Used by apply (through netune_nic_cmd, which prints the marker) and by the restore script.

# netune_napi_set NIC FILE VALUE...: sysfs writes under /sys/class/net/NIC, in order; stops at the first refusal
netune_napi_set() {
  nn=$1; shift
  while [ $# -ge 2 ]; do
    if ! ne=$(printf '%s\n' "$2" | tee "/sys/class/net/$nn/$1" 2>&1 >/dev/null); then
      printf '%s: %s\n' "$1" "$ne"
      return 1
    fi
    shift 2
  done
}

# netune_qdisc_root NIC: "KIND HANDLE" of the root qdisc as tc shows it
netune_qdisc_root() {
  tc qdisc show dev "$1" root 2>/dev/null | sed -n '1s/^qdisc \([^ ]*\) \([0-9a-f]*:\).*/\1 \2/p'
}

# netune_qdisc_set NIC ROOT [CHILD]: the root qdisc, and under mq CHILD on every transmit queue.
# What the device already holds is left alone (mq has no change operation: replacing it with
# itself fails), so the restore script can run it again and again.
netune_qdisc_set() {
  qn=$1; qr=$2; qc=$3
  qh=$(netune_qdisc_root "$qn")
  if [ "$qr" != mq ]; then
    # a root of that kind that netune (or someone) set stays; the kernel's default one (0:) is replaced
    [ "$qh" != "$qr ${qh#* }" ] || [ "${qh#* }" = "0:" ] || return 0
    tc qdisc replace dev "$qn" root "$qr"
    return
  fi
  if [ "${qh% *}" != mq ] || [ "${qh#* }" = "0:" ]; then
    # a handle of our own: the kernel's mq (0:) has no handle its queue classes could be named by
    tc qdisc replace dev "$qn" root handle 1: mq || return 1
    qh="mq 1:"
  fi
  [ -n "$qc" ] || return 0
  # one child per class of the mq: the device's num_tx_queues (all that tc lists), which can be more
  # than queues/tx-* shows when fewer channels are in use
  qm=${qh#* }
  tc qdisc show dev "$qn" 2>/dev/null | head -n 1100 \
    | awk -v m="$qm" '$1 == "qdisc" && $4 == "parent" && index($5, m) == 1 { print $2, $5 }' \
    | while read -r qk qp; do
        # the child already there stays
        [ "$qk" = "$qc" ] && continue
        tc qdisc replace dev "$qn" parent "$qp" "$qc" || exit 1
      done
}

# netune_qdisc_default NIC: back to the qdisc the kernel attaches itself (rollback when that was the before).
# Deleting the kernel's own root fails ("handle of zero"): then it is already there.
netune_qdisc_default() {
  [ "$(netune_qdisc_root "$1" | sed 's/.* //')" = "0:" ] && return 0
  tc qdisc del dev "$1" root
}

# netune_knob 'WHAT' COMMAND...: in the restore script, a knob command whose refusal is recorded
netune_knob() {
  kw=$1; shift
  if ! ko=$("$@" 2>&1); then
    netune_fail "$kw" "$(netune_why "$ko")"
  fi
}

# In the restore script (NETUNE_NIC is the NIC being restored):
netune_knob_txqueuelen() {
  netune_knob "txqueuelen $1" ip link set dev "$NETUNE_NIC" txqueuelen "$1"
}
netune_knob_napi() {
  netune_knob "napi $*" netune_napi_set "$NETUNE_NIC" "$@"
}
netune_knob_qdisc() {
  netune_knob "qdisc $*" netune_qdisc_set "$NETUNE_NIC" "$@"
}
