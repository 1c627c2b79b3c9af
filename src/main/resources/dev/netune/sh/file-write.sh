# shellcheck shell=sh
# netune's writes of files it owns, in apply scripts; each prints '@@netune applied file PATH ok',
# or '... failed' and the error.
# netune_file_write 'PATH' 'MODE' 'LINE'...: the lines go to a temporary file beside PATH, renamed
# over it, so a reader never sees half a file.
netune_file_write() {
  p=$1; m=$2; shift 2
  # the directory as dirname names it, without its process
  case $p in */*) d=${p%/*}; d=${d:-/} ;; *) d=. ;; esac
  if err=$( { { [ -d "$d" ] || mkdir -p "$d"; } && t=$(mktemp "$d/.netune.XXXXXX") && printf '%s\n' "$@" > "$t" \
      && chmod "$m" "$t" && mv -f "$t" "$p"; } 2>&1 ); then printf '@@netune applied file %s ok\n' "$p"
  else printf '@@netune applied file %s failed\n' "$p"; printf '%s\n' "$err"; fi
}
# netune_file_remove 'PATH' ['dir']: removes it; with 'dir', its directory too once empty.
netune_file_remove() {
  if err=$(rm -f "$1" 2>&1); then
    printf '@@netune applied file %s ok\n' "$1"
    if [ "${2:-}" = dir ]; then rmdir "$(dirname "$1")" 2>/dev/null || true; fi
  else printf '@@netune applied file %s failed\n' "$1"; printf '%s\n' "$err"; fi
}
