# shellcheck shell=sh
# How netune starts a restore script apart from the SSH session (engine/AutoRestore): by a timer
# when a confirmed apply arms it, or at once when netune restores a host whose apply was cut.
# Never in the session's process group: netune's command deadline kills that group, and a
# restore stopped half way keeps its claim, so the timer's run would then do nothing.
# netune_restore_start 'UNIT' 'SECONDS' 'SCRIPT': runs SCRIPT after SECONDS, or now when SECONDS
# is 0; a transient systemd unit where systemd shares this shell's network namespace, else a
# detached shell (systemd would restore the wrong NICs). The detached one closes descriptor 9, the
# apply's lock (HostGuard.LOCK_FD): an flock belongs to the open file, so a sleeping child keeping
# it would lock the host for the whole confirm window.
# shellcheck disable=SC2016 # the inner sh expands "$1" "$2", from its own arguments
netune_restore_start() {
  if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1 \
      && [ "$(readlink /proc/1/ns/net)" = "$(readlink /proc/self/ns/net)" ]; then
    if [ "$2" = 0 ]; then
      # a name of its own (the armed timer's service unit may still be loaded); if systemd refuses
      # it, the detached shell below runs it: a second start only loses the claim race
      systemd-run --quiet --unit="$1-now" /bin/sh "$3" && return 0
    else
      systemd-run --quiet --unit="$1" --on-active="$2" --timer-property=AccuracySec=1s /bin/sh "$3"
      return
    fi
  fi
  if command -v setsid >/dev/null 2>&1; then
    setsid sh -c 'sleep "$1"; exec sh "$2"' netune-restore "$2" "$3" </dev/null >/dev/null 2>&1 9>&- &
  else
    nohup sh -c 'sleep "$1"; exec sh "$2"' netune-restore "$2" "$3" </dev/null >/dev/null 2>&1 9>&- &
  fi
}
