# shellcheck shell=sh
# netune's end of a confirmed apply, over a new connection (engine/AutoRestore). Each prints
# '@@netune confirm ID confirmed|restored|unarmed'; after 'restored', 'done' once the restore finished.
# netune_restore_confirm 'DIR' 'ID' 'UNIT': wins the claim and disarms the timer, or reports that
# the restore claimed it (it ran, or is running).
netune_restore_confirm() {
  if mkdir "$1/$2.claimed" 2>/dev/null; then
    systemctl stop "$3.timer" >/dev/null 2>&1
    rm -f "$1/$2.sh"
    printf '@@netune confirm %s confirmed\n' "$2"
  else
    printf '@@netune confirm %s restored\n' "$2"
    netune_restore_summary "$1" "$2"
  fi
}
# netune_restore_now 'DIR' 'ID' 'UNIT' 'WAIT': the apply was cut short, its result unknown: the
# restore starts now rather than at the timer (not again if it started), apart from this session
# (netune_restore_start), and this waits up to WAIT seconds for it to finish. An armed restore
# that has not finished yet still says 'restored', without 'done'.
netune_restore_now() {
  if [ -f "$1/$2.sh" ] && [ ! -d "$1/$2.claimed" ]; then
    systemctl stop "$3.timer" >/dev/null 2>&1
    netune_restore_start "$3" 0 "$1/$2.sh"
  fi
  nt_waited=0
  while [ -f "$1/$2.sh" ] && [ "$nt_waited" -lt "$4" ]; do sleep 1; nt_waited=$((nt_waited + 1)); done
  if [ -d "$1/$2.claimed" ] || [ -f "$1/$2.sh" ]; then
    printf '@@netune confirm %s restored\n' "$2"
    netune_restore_summary "$1" "$2"
  else printf '@@netune confirm %s unarmed\n' "$2"; fi
}
# One short line, not the log: the session may be one that large replies cannot cross (the MTU
# case); netune checks the restored values by reading the host's facts again.
netune_restore_summary() {
  if grep -q '^@@netune restore .* done$' "$1/$2.log" 2>/dev/null; then echo 'done'; fi
}
