# shellcheck shell=sh
# netune's sysctl reader, for the gather script (called with one quoted key each: netune_sysctl 'KEY').
netune_sysctl() {
  f="/proc/sys/$(printf '%s' "$1" | tr . /)"
  if [ ! -e "$f" ]; then echo "@@netune sysctl $1 missing"
  elif v=$(cat "$f" 2>&1); then echo "@@netune sysctl $1 present"; printf '%s\n' "$v"
  else echo "@@netune sysctl $1 unreadable"; printf '%s\n' "$v"; fi
}
