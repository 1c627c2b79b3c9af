# shellcheck shell=sh
# netune's snapshot save, in every apply once the lock is held (engine/HostGuard).
# netune_snapshot_save 'DIR' 'FILE' 'ID' 'JSON' 'FROM': saves the snapshot, then removes the
# snapshots from the FROM-th newest on, by the host's clock (mtime), not by id: ids carry the
# applying controller's clock. The directory is made only when missing and the snapshots are
# listed by age only when there are FROM or more (the shell counts them): most applies start no
# process for either. A failed save prints its error and ends the script.
netune_snapshot_save() {
  if err=$( { { [ -d "$1" ] || mkdir -p "$1"; } && chmod 0700 "$1" && printf '%s\n' "$4" > "$2.tmp" \
      && mv -f "$2.tmp" "$2"; } 2>&1 ); then
    printf '@@netune snapshot %s ok\n' "$3"
    ns_count=0
    for ns_file in "$1"/*.json; do [ -f "$ns_file" ] && ns_count=$((ns_count + 1)); done
    if [ "$ns_count" -ge "$5" ]; then
      # shellcheck disable=SC2010 # snapshot names are netune's ids: no newline or glob in them
      ls -1t "$1/" 2>/dev/null | grep '\.json$' | tail -n +"$5" | while IFS= read -r old; do rm -f "$1/$old"; done
    fi
  else printf '@@netune snapshot %s failed\n' "$3"; printf '%s\n' "$err"; exit 0; fi
}
