# shellcheck shell=sh
# netune's reader of what a host allows beside its sysctl values (same gather as sysctl-read.sh).
# What the host's kernel allows beyond its current values, for the plan to check profile values
# against: congestion controls available now, tcp_* and sch_* modules it can load (and built in).
# netune_sysctl_allowed ['modules']: the congestion controls; with 'modules' the modules too.
netune_sysctl_allowed() {
  echo "@@netune sysctl-allowed cc"
  if netune_read_line /proc/sys/net/ipv4/tcp_available_congestion_control; then echo "$netune_line"; fi
  [ "${1:-}" = modules ] || return 0
  # netune_kernel_modules: kernel-modules.sh, brought by the same fragment
  if m=$(netune_kernel_modules); then
    echo "@@netune sysctl-allowed modules"
    printf '%s\n' "$m"
  else
    echo "@@netune sysctl-allowed no-modules"
  fi
}
# The names in one /proc/sys directory, for "did you mean" on a key the host lacks:
# netune_sysctl_keys 'net/ipv4' 'NAME'...: listed only when one of the wanted names is missing there
# (a host that has them all costs no process).
netune_sysctl_keys() {
  nk_dir=$1
  shift
  for nk in "$@"; do
    if [ ! -e "/proc/sys/$nk_dir/$nk" ]; then
      echo "@@netune sysctl-keys $nk_dir"
      find "/proc/sys/$nk_dir" -mindepth 1 -maxdepth 1 2>/dev/null | sed 's#.*/##' | sort | head -n 2000
      return 0
    fi
  done
}
# Ports that sockets of this network namespace listen on (TCP LISTEN, unconnected bound UDP), as
# "tcp6 1F90" (hex port) lines, each once, 2000 at most; only listeners are printed, so a busy host's
# connections cost nothing. One awk reads the four tables.
netune_sysctl_listening() {
  echo "@@netune sysctl-listening"
  set --
  for p in tcp tcp6 udp udp6; do
    if [ -r "/proc/net/$p" ]; then set -- "$@" "/proc/net/$p"; fi
  done
  [ $# -gt 0 ] || return 0
  awk 'FNR == 1 { p = FILENAME; sub(/.*\//, "", p); next }
       (($4 == "0A" && p ~ /^tcp/) || ($4 == "07" && p ~ /^udp/ && $3 ~ /^0+:0000$/)) {
         n = split($2, a, ":"); k = p " " a[n]
         if (!(k in seen) && c < 2000) { seen[k] = 1; c++; print k }
       }' "$@"
}
