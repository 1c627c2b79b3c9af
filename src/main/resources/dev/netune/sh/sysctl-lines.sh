# shellcheck shell=sh
# netune's read of several live sysctls by one process, for the apply script's before-check and
# read-back (the gather reads its keys the same way): a `cat` a key cost the host a fork and an exec
# per key, twice an apply.
# netune_sysctl_grep FILE...: every line of the files into ns_lines as grep -H prints them
# (FILE:LINE), with grep's complaint ("grep: FILE: REASON") for a file it cannot read.
netune_sysctl_grep() {
  ns_lines=
  [ $# -gt 0 ] || return 0
  ns_lines=$(grep -H -e '' -- "$@" 2>&1) || true
}
# netune_sysctl_value FILE: FILE's lines from ns_lines into ns_value, one a line, or grep's complaint
# about FILE; nothing when grep printed neither (an empty file).
netune_sysctl_value() {
  ns_value=
  while IFS= read -r ns_l; do
    case $ns_l in
      "$1:"*) ns_value="$ns_value${ns_value:+
}${ns_l#"$1:"}" ;;
      "grep: $1: "*) ns_value="$ns_value${ns_value:+
}$ns_l" ;;
    esac
  done <<NETUNE_LINES
$ns_lines
NETUNE_LINES
}
