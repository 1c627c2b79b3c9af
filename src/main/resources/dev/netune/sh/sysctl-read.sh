# shellcheck shell=sh
# netune's sysctl reader, for the gather script: netune_sysctl 'KEY' 'PATH' per key, PATH the key's
# file under /proc/sys as netune spells it (dots as slashes), so no process turns one into the other.
# The value is read with cat: sysctl files answer a read at a non-zero offset with nothing, and the
# shell's read builtin (dash) reads one byte at a time.
netune_sysctl() {
  f="/proc/sys/$2"
  if [ ! -e "$f" ]; then echo "@@netune sysctl $1 missing"
  elif v=$(cat "$f" 2>&1); then echo "@@netune sysctl $1 present"; printf '%s\n' "$v"
  else echo "@@netune sysctl $1 unreadable"; printf '%s\n' "$v"; fi
}
