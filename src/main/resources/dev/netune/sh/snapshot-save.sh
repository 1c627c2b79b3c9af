# shellcheck shell=sh
# netune's snapshot save, in every apply once the lock is held (engine/HostGuard).
# netune_snapshot_save 'DIR' 'FILE' 'ID' 'JSON' 'FROM': saves the snapshot, then removes the
# snapshots from the FROM-th newest on, by the host's clock (mtime), not by id: ids carry the
# applying controller's clock. A failed save prints its error and ends the script.
netune_snapshot_save() {
  if err=$( { mkdir -p "$1" && chmod 0700 "$1" && printf '%s\n' "$4" > "$2.tmp" && mv -f "$2.tmp" "$2"; } 2>&1 ); then
    printf '@@netune snapshot %s ok\n' "$3"
    # shellcheck disable=SC2010 # snapshot names are netune's ids: no newline or glob in them
    ls -1t "$1/" 2>/dev/null | grep '\.json$' | tail -n +"$5" | while IFS= read -r old; do rm -f "$1/$old"; done
  else printf '@@netune snapshot %s failed\n' "$3"; printf '%s\n' "$err"; exit 0; fi
}
