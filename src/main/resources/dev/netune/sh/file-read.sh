# shellcheck shell=sh
# netune's read of a file it owns, in gather and verify scripts: netune_file_read 'PATH'.
# Prints '@@netune file PATH present' and the content, or '@@netune file PATH absent'.
netune_file_read() {
  if [ -f "$1" ]; then printf '@@netune file %s present\n' "$1"; cat "$1"; echo
  else printf '@@netune file %s absent\n' "$1"; fi
}
