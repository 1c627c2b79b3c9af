# shellcheck shell=sh
# netune's sysctl writer, for apply scripts: netune_sysctl_set 'KEY' 'PATH' 'VALUE', PATH the key's
# file under /proc/sys as netune spells it. The value is written by tee, since the printf of dash
# reports every failed write as "I/O error" while tee names errno; from a here-document, not a pipe
# from printf, so a key costs one process. After the writes, netune_sysctl_grep reads every written
# key back by one process (sysctl-lines.sh, brought by the same fragment) and
# netune_sysctl_verify 'KEY' 'PATH' prints each.
netune_sysctl_set() {
  f="/proc/sys/$2"
  if err=$(tee "$f" 2>&1 >/dev/null <<NETUNE_VALUE
$3
NETUNE_VALUE
  ); then echo "@@netune applied sysctl $1 ok"
  else echo "@@netune applied sysctl $1 failed"; printf '%s\n' "$err"; fi
}
netune_sysctl_verify() {
  echo "@@netune verify sysctl $1"
  netune_sysctl_value "/proc/sys/$2"
  [ -z "$ns_value" ] || printf '%s\n' "$ns_value"
}
