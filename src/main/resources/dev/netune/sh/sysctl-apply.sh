# shellcheck shell=sh
# netune's sysctl writer, for apply scripts: netune_sysctl_set 'KEY' 'PATH' 'VALUE', PATH the key's
# file under /proc/sys as netune spells it. The shell's own printf writes the value, without a
# process: one write(2) for a value as short as a sysctl's. Only when that fails does tee write it
# again, for the error's words: dash's printf says "I/O error" whatever errno was, and a failed
# redirection says nothing here (its message goes to the /dev/null of the 2> before it). tee reads
# a here-document, not a pipe from printf, so that costs one process. After the writes,
# netune_sysctl_grep reads every written key back by one process (sysctl-lines.sh, brought by the
# same fragment) and netune_sysctl_verify 'KEY' 'PATH' prints each.
netune_sysctl_set() {
  f="/proc/sys/$2"
  if printf '%s\n' "$3" 2>/dev/null >"$f"; then echo "@@netune applied sysctl $1 ok"
  elif err=$(tee "$f" 2>&1 >/dev/null <<NETUNE_VALUE
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
