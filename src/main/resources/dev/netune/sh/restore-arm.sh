# shellcheck shell=sh
# netune's arming of the automatic restore, in a confirmed apply before any change (engine/AutoRestore).
# netune_restore_arm 'DIR' 'ID' 'SCRIPT' 'SECONDS' 'KEEP-DAYS' 'UNIT': writes SCRIPT to DIR/ID.sh
# (claims and logs older than KEEP-DAYS go) and arms its timer; prints '@@netune armed ID ok', or
# '... failed' and the error and ends the script: nothing changed yet.
netune_restore_arm() {
  if err=$( { mkdir -p "$1" && chmod 0700 "$1" && find "$1" -mindepth 1 -maxdepth 1 -mtime "+$5" -exec rm -rf {} + \
      && printf '%s' "$3" > "$1/$2.sh" && netune_restore_timer "$6" "$4" "$1/$2.sh"; } 2>&1 ); then
    printf '@@netune armed %s ok\n' "$2"
  else printf '@@netune armed %s failed\n' "$2"; printf '%s\n' "$err"; exit 0; fi
}
# netune_restore_timer 'UNIT' 'SECONDS' 'SCRIPT': a transient systemd timer where systemd shares
# this shell's network namespace, else a detached sleep (systemd would restore the wrong NICs).
# The detached one closes descriptor 9, the apply's lock (HostGuard.LOCK_FD): an flock belongs to
# the open file, so a sleeping child keeping it would lock the host for the whole confirm window.
# shellcheck disable=SC2016 # the inner sh expands "$1" "$2", from its own arguments
netune_restore_timer() {
  if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1 \
      && [ "$(readlink /proc/1/ns/net)" = "$(readlink /proc/self/ns/net)" ]; then
    systemd-run --quiet --unit="$1" --on-active="$2" --timer-property=AccuracySec=1s /bin/sh "$3"
  elif command -v setsid >/dev/null 2>&1; then
    setsid sh -c 'sleep "$1"; exec sh "$2"' netune-restore "$2" "$3" </dev/null >/dev/null 2>&1 9>&- &
  else
    nohup sh -c 'sleep "$1"; exec sh "$2"' netune-restore "$2" "$3" </dev/null >/dev/null 2>&1 9>&- &
  fi
}
