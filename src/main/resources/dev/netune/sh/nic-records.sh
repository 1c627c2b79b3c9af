# shellcheck shell=sh
# netune's read of the records the NIC restore script writes (NicRestoreRecord), and the re-run of
# that restore for one NIC. Records print as '@@netune nic-restore NIC' and their four known lines.

# netune_nic_records_read 'DIR' 'MAX': every record, at most MAX, each file cut at 4 KiB.
netune_nic_records_read() {
  if [ -d "$1" ]; then nt_n=0; for nt_f in "$1"/*; do [ -f "$nt_f" ] || continue; nt_n=$((nt_n + 1)); [ "$nt_n" -le "$2" ] || break; printf '@@netune nic-restore %s\n' "${nt_f##*/}"; head -c 4096 "$nt_f" | grep -E '^(restored|event|time|reason)=' || true; done; fi
}

# netune_nic_record_restore 'SCRIPT' 'NIC' 'RECORD': runs the installed restore for NIC now
# ('@@netune applied nic-restore NIC RC' and its output), then reads its record back.
netune_nic_record_restore() {
  if nt_out=$(/bin/sh "$1" "$2" 'netune apply' 2>&1); then nt_rc=0; else nt_rc=$?; fi
  printf '@@netune applied nic-restore %s %s\n' "$2" "$nt_rc"
  printf '%s\n' "$nt_out" | head -c 4096
  printf '@@netune nic-restore %s\n' "$2"
  head -c 4096 "$3" 2>/dev/null | grep -E '^(restored|event|time|reason)=' || true
}
