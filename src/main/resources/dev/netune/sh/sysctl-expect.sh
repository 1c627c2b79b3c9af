# shellcheck shell=sh
# netune's before-check of live sysctls, run under the host lock: netune_sysctl_expect 'KEY' 'BEFORE'.
# The value is read as the gather reads it, whitespace folded; a different value prints the stale
# marker (SettingKind.STALE_MARKER) with kind, key and the value now, and ends the script.
netune_sysctl_expect() {
  # shellcheck disable=SC2002 # cat, not a redirect: its error message is what was read
  f="/proc/sys/$(printf '%s' "$1" | tr . /)"
  if [ -e "$f" ]; then now=$(cat "$f" 2>&1 | tr -s ' \t\n' '   '); now=${now# }; now=${now% }
  else now='(missing)'; fi
  if [ "$now" != "$2" ]; then echo '@@netune stale'; printf 'sysctl\n%s\n%s\n' "$1" "$now"; exit 0; fi
}
