# shellcheck shell=sh
# netune's read of the snapshots a host keeps (engine/SnapshotFacts), readable by root only.
# netune_snapshots 'DIR': '@@netune snapshots', then each snapshot's JSON on a line, newest first
# by the host's clock (mtime), or why they cannot be read.
netune_snapshots() {
  echo '@@netune snapshots'
  if [ -d "$1" ]; then if [ -r "$1" ] && [ -x "$1" ]; then
    # shellcheck disable=SC2012 # snapshot names are netune's ids: no newline in them
    ls -1t "$1/" 2>/dev/null | while IFS= read -r f; do case "$f" in *.json) [ -f "$1/$f" ] && { cat "$1/$f"; echo; };; esac; done
  else echo 'unreadable: snapshots are readable by root only'; fi; fi
}
