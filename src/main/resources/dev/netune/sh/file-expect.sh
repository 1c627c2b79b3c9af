# shellcheck shell=sh
# netune's before-check of files it owns, run under the host lock. A file that no longer is as the
# gather read it prints the stale marker (SettingKind.STALE_MARKER) with kind, path and what is
# there now, and ends the script. The file is read by netune_file_lines (file-read.sh, brought by
# the same fragment): a subshell, no exec.
# netune_file_expect 'KIND' 'PATH' 'BEFORE': PATH holds BEFORE (without its final newlines).
netune_file_expect() {
  if [ ! -f "$2" ]; then echo '@@netune stale'; printf '%s\n%s\n' "$1" "$2"; echo '(absent)'; exit 0
  elif [ "$(netune_file_lines "$2" 2>&1)" != "$3" ]; then
    echo '@@netune stale'; printf '%s\n%s\n' "$1" "$2"; netune_file_lines "$2"; exit 0
  fi
}
# netune_file_expect_absent 'KIND' 'PATH': PATH does not exist.
netune_file_expect_absent() {
  if [ -e "$2" ]; then echo '@@netune stale'; printf '%s\n%s\n' "$1" "$2"; echo '(present)'; exit 0; fi
}
