# shellcheck shell=sh
# netune's read of a file it owns, in gather and verify scripts: netune_file_read 'PATH'.
# Prints '@@netune file PATH present' and the content, or '@@netune file PATH absent'.
# netune_file_lines 'PATH' prints the file's lines as cat would, without cat's fork and exec (a
# last line without its newline gets one): the shell's read takes a byte a read(2), which for
# files the size of netune's costs less than starting a process. (Not for /proc/sys: see
# read-line.sh.)
netune_file_lines() {
  while IFS= read -r nf_l || [ -n "$nf_l" ]; do printf '%s\n' "$nf_l"; done < "$1"
}
netune_file_read() {
  if [ -f "$1" ]; then printf '@@netune file %s present\n' "$1"; netune_file_lines "$1"; echo
  else printf '@@netune file %s absent\n' "$1"; fi
}
