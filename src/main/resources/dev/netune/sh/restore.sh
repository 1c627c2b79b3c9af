# shellcheck shell=sh
# netune's automatic restore (engine/AutoRestore), the script armed by a confirmed apply.
# netune_restore_begin 'DIR' 'ID' 'BY' 'LOCK' 'WAIT': claims the restore (or ends the script: the
# confirmation claimed it), logs to DIR/ID.log, waits up to WAIT seconds for the host lock held
# by a still-running apply. BY, the controller that applied, is for whoever reads the script.
netune_restore_begin() {
  mkdir "$1/$2.claimed" 2>/dev/null || exit 0
  exec >"$1/$2.log" 2>&1
  export LC_ALL=C
  PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
  umask 022
  if command -v flock >/dev/null 2>&1; then exec 9>>"$4"; flock -w "$5" 9; fi
  printf '@@netune restore %s started\n' "$2"
}
# netune_restore_end 'DIR' 'ID': the restore finished; the script removes itself.
netune_restore_end() {
  printf '@@netune restore %s done\n' "$2"
  rm -f "$1/$2.sh"
}
