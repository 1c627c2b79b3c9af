# shellcheck shell=sh
# netune's sysctl writer, for apply scripts: netune_sysctl_set 'KEY' 'VALUE'.
netune_sysctl_set() {
  f="/proc/sys/$(printf '%s' "$1" | tr . /)"
  # through tee: the printf of dash reports every failed write as "I/O error", tee names errno
  if err=$(printf '%s\n' "$2" | tee "$f" 2>&1 >/dev/null); then echo "@@netune applied sysctl $1 ok"
  else echo "@@netune applied sysctl $1 failed"; printf '%s\n' "$err"; fi
  echo "@@netune verify sysctl $1"; cat "$f" 2>&1
}
