# shellcheck shell=sh
# netune's NIC apply functions.
# netune_nic_cmd 'CHANGE-KIND' 'NIC' COMMAND...: runs one ethtool or ip command, prints its marker and output.
netune_nic_cmd() {
  k=$1; n=$2; shift 2
  if out=$("$@" 2>&1); then rc=0; else rc=$?; fi
  echo "@@netune applied $k $n $rc"; printf '%s\n' "$out"
}
# netune_write 'CHANGE-KIND' 'PATH' 'VALUE': one procfs or sysfs write (IRQ affinity, RPS, XPS).
netune_write() {
  if err=$(printf '%s\n' "$3" | tee "$2" 2>&1 >/dev/null); then rc=0; else rc=1; fi
  echo "@@netune applied $1 $2 $rc"; printf '%s\n' "$err"
}
