# shellcheck shell=sh
# netune's sysctl writer, for apply scripts: netune_sysctl_set 'KEY' 'PATH' 'VALUE', PATH the key's
# file under /proc/sys as netune spells it. The value is written by tee, since the printf of dash
# reports every failed write as "I/O error" while tee names errno; from a here-document, not a pipe
# from printf, so a key costs two processes (tee, and cat for the read-back), not five.
netune_sysctl_set() {
  f="/proc/sys/$2"
  if err=$(tee "$f" 2>&1 >/dev/null <<NETUNE_VALUE
$3
NETUNE_VALUE
  ); then echo "@@netune applied sysctl $1 ok"
  else echo "@@netune applied sysctl $1 failed"; printf '%s\n' "$err"; fi
  echo "@@netune verify sysctl $1"; cat "$f" 2>&1
}
