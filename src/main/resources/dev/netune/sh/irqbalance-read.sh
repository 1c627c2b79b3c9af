# shellcheck shell=sh
# netune's read of the irqbalance service (setting/irqbalance/IrqbalanceFacts), in gather and
# verify. Read-only, for any user; every failure is swallowed so the host's one gather script
# never fails here. systemctl is asked only when systemd runs (elsewhere it may complain or wait
# for a bus).
# netune_irqbalance_read 'UNIT' 'DEFAULTS-FILE': systemd, installed, active, enabled, environment
# and online CPUs, then '@@netune irqbalance-defaults' and the banned-CPU lines of DEFAULTS-FILE.
netune_irqbalance_read() {
  if [ -d /run/systemd/system ]; then echo systemd=yes; else echo systemd=no; fi
  if command -v irqbalance >/dev/null 2>&1 || [ -f /lib/systemd/system/irqbalance.service ] \
      || [ -f /usr/lib/systemd/system/irqbalance.service ] || [ -f /etc/systemd/system/irqbalance.service ]; then
    echo installed=yes
  else echo installed=no; fi
  if [ -d /run/systemd/system ]; then
    echo "active=$(systemctl is-active "$1" 2>/dev/null | head -n 1)"
    echo "enabled=$(systemctl is-enabled "$1" 2>/dev/null | head -n 1)"
    echo "environment=$(systemctl show -p Environment --value "$1" 2>/dev/null | head -n 1)"
  fi
  # netune_read_line: read-line.sh, brought by the same fragment
  netune_read_line /sys/devices/system/cpu/online || true
  echo "online=$netune_line"
  echo '@@netune irqbalance-defaults'
  grep -E '^[[:space:]]*(export[[:space:]]+)?IRQBALANCE_BANNED_CPU' "$2" 2>/dev/null || true
}
