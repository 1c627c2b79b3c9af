# shellcheck shell=sh
# netune's host lock, at the start of every apply (engine/HostGuard).
# netune_lock 'LOCK' 'OWNER-FILE' 'OWNER': takes an flock on descriptor 9 (HostGuard.LOCK_FD) of
# this shell, held until the script ends however it ends, and notes the owner; if another apply
# holds it, prints '@@netune locked' and that owner; without flock, '@@netune unlocked'. Either
# refusal ends the script: unlocked applies and restores could interleave their writes.
netune_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>>"$1"
    if ! flock -n 9; then echo '@@netune locked'; cat "$2" 2>/dev/null; exit 0; fi
    printf '%s, pid %s\n' "$3" "$$" > "$2"
  else echo '@@netune unlocked'; exit 0; fi
}
