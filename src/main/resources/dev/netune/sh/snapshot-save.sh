# shellcheck shell=sh
# netune's snapshot save, in every apply once the lock is held (engine/HostGuard).
# netune_snapshot_save 'DIR' 'FILE' 'ID' 'JSON' 'FROM': saves the snapshot, then removes the
# snapshots from the FROM-th newest on, by the host's clock (mtime), not by id: ids carry the
# applying controller's clock. A failed save prints its error and ends the script.
netune_snapshot_save() {
  # the directory is made (0700) only where it is missing: two processes fewer on every later apply
  if err=$( { { [ -d "$1" ] || { mkdir -p "$1" && chmod 0700 "$1"; }; } \
      && printf '%s\n' "$4" > "$2.tmp" && mv -f "$2.tmp" "$2"; } 2>&1 ); then
    printf '@@netune snapshot %s ok\n' "$3"
    netune_snapshot_prune "$1" "$5"
  else printf '@@netune snapshot %s failed\n' "$3"; printf '%s\n' "$err"; exit 0; fi
}
# netune_snapshot_prune 'DIR' 'FROM': the shell's glob counts the snapshots first, so a host with
# fewer than FROM (most hosts: FROM is Snapshot.KEEP + 1) starts no process for it.
netune_snapshot_prune() {
  set -- "$1" "$2" "$1"/*.json
  [ $(($# - 2)) -ge "$2" ] || return 0
  # shellcheck disable=SC2010 # snapshot names are netune's ids: no newline or glob in them
  ls -1t "$1/" 2>/dev/null | grep '\.json$' | tail -n +"$2" | while IFS= read -r old; do rm -f "$1/$old"; done
}
