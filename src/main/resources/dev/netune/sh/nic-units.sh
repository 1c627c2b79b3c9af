# shellcheck shell=sh
# netune's NIC restore units (NicBoot): install and enable, disable and remove, and read whether
# they are enabled. Each step prints '@@netune applied nic-boot-unit ok|failed' (and on failure
# what systemctl said); netune_nic_units_enabled prints '@@netune nic-boot-enabled' and one state a unit.

# netune_nic_units_applied ok|failed [ERROR]
netune_nic_units_applied() {
  printf '@@netune applied nic-boot-unit %s\n' "$1"
  if [ "$1" = failed ]; then printf '%s\n' "$2"; fi
}

# netune_nic_units_install 'UNIT' 'LINK_UNIT': the watcher starts now, so link-ups from here on are seen without a reboot.
netune_nic_units_install() {
  if err=$( { systemctl daemon-reload && systemctl enable "$1" "$2" && systemctl restart "$2" && { udevadm control --reload 2>/dev/null || true; }; } 2>&1 ); then
    netune_nic_units_applied ok
  else netune_nic_units_applied failed "$err"; fi
}

# netune_nic_units_remove 'UNIT' 'LINK_UNIT' 'FILE'...: the rollback of the install.
netune_nic_units_remove() {
  nt_unit=$1; nt_link=$2; shift 2
  if err=$( { systemctl disable --now "$nt_link" 2>/dev/null; systemctl disable "$nt_unit" 2>/dev/null; rm -f "$@" && systemctl daemon-reload && { udevadm control --reload 2>/dev/null || true; }; } 2>&1 ); then
    netune_nic_units_applied ok
  else netune_nic_units_applied failed "$err"; fi
}

# netune_nic_units_enabled 'UNIT'...
netune_nic_units_enabled() {
  echo '@@netune nic-boot-enabled'
  for nt_u in "$@"; do systemctl is-enabled "$nt_u" 2>/dev/null || echo disabled; done
}
