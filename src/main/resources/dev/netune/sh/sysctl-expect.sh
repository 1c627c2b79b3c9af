# shellcheck shell=sh
# netune's before-check of live sysctls, run under the host lock: netune_sysctl_grep with every
# key's file first (sysctl-lines.sh, brought by the same fragment: one process for all keys), then
# netune_sysctl_expect 'KEY' 'PATH' 'BEFORE' a key, PATH the key's file under /proc/sys as netune
# spells it (no process turns dots into slashes). The value is read as the gather reads it and its
# whitespace folded by the shell's own field splitting, as SysctlValue.normalize folds it. A
# different value prints the stale marker (SettingKind.STALE_MARKER) with kind, key and the value
# now, and ends the script.
netune_sysctl_expect() {
  ne_key=$1 ne_want=$3 f="/proc/sys/$2"
  if [ -e "$f" ]; then
    netune_sysctl_value "$f"
    # the words of the value joined by single spaces; no pathname expansion of them (a value may be "*")
    case $- in *f*) ne_glob=off ;; *) ne_glob=on; set -f ;; esac
    # shellcheck disable=SC2086 # split on purpose: this is the folding
    set -- $ns_value
    now="$*"
    [ "$ne_glob" = on ] && set +f
  else now='(missing)'; fi
  if [ "$now" != "$ne_want" ]; then echo '@@netune stale'; printf 'sysctl\n%s\n%s\n' "$ne_key" "$now"; exit 0; fi
}
