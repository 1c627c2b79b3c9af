# shellcheck shell=sh
# netune's writes of files it owns, in apply scripts; each prints '@@netune applied file PATH ok',
# or '... failed' and the error.
# netune_file_write 'PATH' 'MODE' 'LINE'...: the lines go to a temporary file beside PATH, renamed
# over it, so a reader never sees half a file. mv is the one process a write costs: the temporary's
# name is made by the shell (the host lock lets one apply write at a time; $$, the script's pid,
# keeps another's apart), it is created new (noclobber: O_EXCL, so never through a link someone
# left there), and 0644, every file's mode but the NIC boot script's, comes from the umask, not
# chmod. One a killed write left behind (its name ends in a pid, so no .conf reader takes it) is
# removed first, by netune_file_stale 'PREFIX', which removes PREFIX.*: the shell's glob looks, so
# there is a process only when one is there.
netune_file_stale() {
  for nw_t in "$1".*; do
    if [ -e "$nw_t" ] || [ -L "$nw_t" ]; then rm -f -- "$1".*; return; fi
  done
}
netune_file_write() {
  p=$1; m=$2; shift 2
  # the directory as dirname names it, without its process
  case $p in */*) d=${p%/*}; d=${d:-/} ;; *) d=. ;; esac
  t="$d/.netune.${p##*/}"
  if err=$( { { [ -d "$d" ] || mkdir -p "$d"; } && netune_file_stale "$t" && umask 022 && set -C \
      && printf '%s\n' "$@" > "$t.$$" && { [ "$m" = 0644 ] || chmod "$m" "$t.$$"; } && mv -f "$t.$$" "$p"; } 2>&1 ); then
    printf '@@netune applied file %s ok\n' "$p"
  else printf '@@netune applied file %s failed\n' "$p"; printf '%s\n' "$err"; fi
}
# netune_file_remove 'PATH' ['dir']: removes it; with 'dir', its directory too once empty.
netune_file_remove() {
  if err=$(rm -f "$1" 2>&1); then
    printf '@@netune applied file %s ok\n' "$1"
    if [ "${2:-}" = dir ]; then rmdir "$(dirname "$1")" 2>/dev/null || true; fi
  else printf '@@netune applied file %s failed\n' "$1"; printf '%s\n' "$err"; fi
}
