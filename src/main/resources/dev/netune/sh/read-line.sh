# shellcheck shell=sh
# netune's read of a one-line file (a sysfs attribute, a string sysctl) without starting a process:
# each `$(cat FILE)` costs the host a fork and an exec, a gather's largest cost after sshd itself,
# and on a NIC of 64 queues hundreds of them.
# Not for integer sysctls: the shells' read takes one byte per read(2), and the kernel's integer
# handlers (proc_dointvec and kin) answer any read past offset 0 with end of file, so "4096" reads as
# "4". sysfs attributes, seq_file files (/proc/irq/N/*) and the string sysctls (kernel/hostname,
# kernel/osrelease, tcp_available_congestion_control: proc_dostring) read whole; ReadLineScriptTest
# checks every /proc/sys file a library reads this way.
# netune_read_line FILE: the file's first line in netune_line. Fails, netune_line empty, when the
# file cannot be opened or read, or is empty (a sysfs or procfs attribute always ends in a newline,
# so an empty read is an error such as EINVAL); a last line without its newline still counts.
netune_read_line() {
  netune_line=
  { IFS= read -r netune_line < "$1"; } 2>/dev/null || [ -n "$netune_line" ]
}
