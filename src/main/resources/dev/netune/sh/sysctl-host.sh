# shellcheck shell=sh
# netune's reader of what a host allows beside its sysctl values (same gather as sysctl-read.sh).
# What the host's kernel allows beyond its current values, for the plan to check profile values
# against: congestion controls available now, tcp_* and sch_* modules it can load (and built in).
netune_sysctl_allowed() {
  echo "@@netune sysctl-allowed cc"
  cat /proc/sys/net/ipv4/tcp_available_congestion_control 2>/dev/null
  # netune_kernel_modules: kernel-modules.sh, brought by the same fragment
  if m=$(netune_kernel_modules); then
    echo "@@netune sysctl-allowed modules"
    printf '%s\n' "$m"
  else
    echo "@@netune sysctl-allowed no-modules"
  fi
}
# The names in one /proc/sys directory (for "did you mean" on a key the host lacks): netune_sysctl_keys 'net/ipv4'.
netune_sysctl_keys() {
  echo "@@netune sysctl-keys $1"
  find "/proc/sys/$1" -mindepth 1 -maxdepth 1 2>/dev/null | sed 's#.*/##' | sort | head -n 2000
}
# Ports that sockets of this network namespace listen on (TCP LISTEN, unconnected bound UDP), as
# "tcp6 1F90" (hex port) lines; only listeners are printed, so a busy host's connections cost nothing.
netune_sysctl_listening() {
  echo "@@netune sysctl-listening"
  for p in tcp tcp6 udp udp6; do
    if [ -r "/proc/net/$p" ]; then
      awk -v p="$p" 'NR > 1 && (($4 == "0A" && p ~ /^tcp/) || ($4 == "07" && p ~ /^udp/ && $3 ~ /^0+:0000$/)) { n = split($2, a, ":"); print p, a[n] }' "/proc/net/$p"
    fi
  done | sort -u | head -n 2000
}
