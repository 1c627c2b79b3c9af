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
# fewer than FROM (a new host: FROM is Snapshot.KEEP + 1) starts no process for it. The oldest by
# mtime is found by the shell's test -ot, not ls, grep and tail: a host that keeps its 20 (every
# host after its 20th apply) removes one a save, with one rm. Ties go to the name (an id starts
# with its time).
netune_snapshot_prune() {
  np_dir=$1 np_from=$2
  set -- "$np_dir"/*.json
  np_n=$(($# - np_from + 1))
  while [ "$np_n" -gt 0 ]; do
    np_old=
    for np_f in "$np_dir"/*.json; do
      if [ -z "$np_old" ] || [ "$np_f" -ot "$np_old" ]; then np_old=$np_f; fi
    done
    rm -f -- "$np_old"
    np_n=$((np_n - 1))
  done
}
