# shellcheck shell=sh
# netune's reader of the kernel modules a host has for the network stack, shared by the kinds that
# check a value against them (sysctl: congestion controls and default_qdisc; nics: per-NIC qdiscs).
# netune_kernel_modules: the tcp_* and sch_* modules, loadable or built in, one name a line;
# fails when /lib/modules has no tree for the running kernel (as in a container).
netune_kernel_modules() {
  # netune_read_line: read-line.sh, brought by the same fragment; osrelease is what `uname -r` prints
  netune_read_line /proc/sys/kernel/osrelease || netune_line=$(uname -r)
  km="/lib/modules/$netune_line"
  [ -d "$km/kernel/net" ] || return 1
  { find "$km/kernel/net/ipv4" "$km/kernel/net/sched" \( -name 'tcp_*.ko*' -o -name 'sch_*.ko*' \) -print 2>/dev/null
    grep -E '/(tcp|sch)_[a-z0-9_]+\.ko$' "$km/modules.builtin" 2>/dev/null; } \
    | sed 's#.*/##; s/\.ko.*$//' | sort -u | head -n 500
}
# netune_qdisc_modules: the sch_* modules under `@@netune qdisc-modules known`, or `... unknown`.
netune_qdisc_modules() {
  if qm=$(netune_kernel_modules); then
    echo "@@netune qdisc-modules known"
    printf '%s\n' "$qm" | grep '^sch_'
  else
    echo "@@netune qdisc-modules unknown"
  fi
  true
}
