# shellcheck shell=sh
# netune's diagnose counters (diagnose/CounterGather). Read-only, for any user.
# netune_dg_sample N 'STAT'...: sample N of the kernel's counters and of each NIC's (but lo):
# the named /sys statistics and ethtool -S; the per-CPU softirq counts and the conntrack statistics
# (the conntrack marker says "absent" when the table does not exist: nf_conntrack not loaded).
netune_dg_sample() {
  dg_n=$1; shift
  if command -v ethtool >/dev/null 2>&1; then dg_et=1; else dg_et=0; fi
  echo "@@netune dg-uptime $dg_n"; cat /proc/uptime 2>&1
  echo "@@netune dg-softnet $dg_n"; cat /proc/net/softnet_stat 2>&1
  echo "@@netune dg-snmp $dg_n"; cat /proc/net/netstat /proc/net/snmp 2>&1
  echo "@@netune dg-sockstat $dg_n"; cat /proc/net/sockstat 2>&1
  echo "@@netune dg-interrupts $dg_n"; cat /proc/interrupts 2>&1
  echo "@@netune dg-softirqs $dg_n"; cat /proc/softirqs 2>&1
  if [ -e /proc/net/stat/nf_conntrack ]; then
    echo "@@netune dg-conntrack $dg_n present"; cat /proc/net/stat/nf_conntrack 2>&1
  else
    echo "@@netune dg-conntrack $dg_n absent"
  fi
  for dg_p in /sys/class/net/*; do
    [ -e "$dg_p" ] || continue
    dg_i=${dg_p##*/}
    [ "$dg_i" = lo ] && continue
    printf '@@netune dg-sys %s %s\n' "$dg_n" "$dg_i"
    for dg_k in "$@"; do
      [ -r "$dg_p/statistics/$dg_k" ] && printf '%s=%s\n' "$dg_k" "$(cat "$dg_p/statistics/$dg_k" 2>/dev/null)"
    done
    if [ "$dg_et" = 1 ]; then dg_o=$(ethtool -S "$dg_i" 2>&1); dg_rc=$?
    else dg_o='ethtool: command not found'; dg_rc=127; fi
    printf '@@netune dg-ethtool %s %s %s\n%s\n' "$dg_n" "$dg_i" "$dg_rc" "$dg_o"
  done
}
# netune_dg_knobs 'KEY'...: '@@netune dg-knobs', then KEY=value of each sysctl.
netune_dg_knobs() {
  echo '@@netune dg-knobs'
  for dg_k in "$@"; do
    dg_f=/proc/sys/$(echo "$dg_k" | tr . /)
    printf '%s=%s\n' "$dg_k" "$(cat "$dg_f" 2>/dev/null)"
  done
}
# netune_dg_tcp: '@@netune dg-tcp LOW HIGH' (the local port range), then the TCP sockets, but
# listeners, whose local port is in it: a busy server's own connections stay out.
netune_dg_tcp() {
  # cat, not read: /proc/sys int files answer a byte-wise read (dash's read) with only the first byte
  # shellcheck disable=SC2046 # the two numbers are wanted as two words
  set -- $(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null) 0 0
  dg_lo=$1; dg_hi=$2
  printf '@@netune dg-tcp %s %s\n' "$dg_lo" "$dg_hi"
  if command -v awk >/dev/null 2>&1; then
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v lo="$dg_lo" -v hi="$dg_hi" '
      function h(s,  i,n){n=0;for(i=1;i<=length(s);i++){n=n*16+index("0123456789ABCDEF",toupper(substr(s,i,1)))-1};return n}
      $1 ~ /:$/ && $4 != "0A" {split($2,a,":"); p=h(a[2]); if (p>=lo && p<=hi) print $1, $2, $3, $4}'
  fi
}
