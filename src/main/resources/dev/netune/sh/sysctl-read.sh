# shellcheck shell=sh
# netune's sysctl reader, for the gather script: netune_sysctls 'KEY' 'PATH' ..., PATH each key's
# file under /proc/sys as netune spells it (dots as slashes), so no process turns one into the other.
# A key this kernel lacks prints '@@netune sysctl KEY missing' (a test, no process). The files that
# exist are read by one grep, whatever their number: '@@netune sysctl-lines', then grep's 'FILE:LINE'
# for every line of every file, then, when grep could not read some (a write-only or erroring
# file), '@@netune sysctl-errors' and its complaints, each naming its file. grep opens each file
# once and reads it from offset 0, as sysctl files need (they answer a read at a non-zero offset
# with nothing, which is why the shell's own read builtin cannot be used). A directory (a key that
# names a group) is reported by the shell: BusyBox's grep, unlike GNU's, reads one as empty. It
# does the same with a read error (EIO, as net.ipv6.conf.*.stable_secret gives while unset): such a
# key then reads as empty, and an apply's before-check, which reads with cat, refuses to write it.
netune_sysctls() {
  ns_pairs=$(($# / 2))
  while [ "$ns_pairs" -gt 0 ]; do
    if [ ! -e "/proc/sys/$2" ]; then echo "@@netune sysctl $1 missing"
    elif [ -d "/proc/sys/$2" ]; then echo "@@netune sysctl $1 unreadable"; echo "/proc/sys/$2: Is a directory"
    else set -- "$@" "/proc/sys/$2"; fi
    shift 2
    ns_pairs=$((ns_pairs - 1))
  done
  echo '@@netune sysctl-lines'
  [ $# -gt 0 ] || return 0
  # the lines straight to the output, the complaints into ns_err: they are not interleaved
  { ns_err=$(grep -H -e '' -- "$@" 2>&1 >&3 3>&-); } 3>&1
  if [ -n "$ns_err" ]; then echo '@@netune sysctl-errors'; printf '%s\n' "$ns_err"; fi
  return 0
}
