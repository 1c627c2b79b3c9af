# shellcheck shell=sh
# netune's read-only diagnose readings beside the counters of CounterGather's own sample.
# netune_dg_more N: sample N of the per-CPU softirq counts and of the conntrack statistics.
# The conntrack marker says "absent" when the table does not exist (nf_conntrack not loaded).
netune_dg_more() {
  echo "@@netune dg-softirqs $1"; cat /proc/softirqs 2>&1
  if [ -e /proc/net/stat/nf_conntrack ]; then
    echo "@@netune dg-conntrack $1 present"; cat /proc/net/stat/nf_conntrack 2>&1
  else
    echo "@@netune dg-conntrack $1 absent"
  fi
}
