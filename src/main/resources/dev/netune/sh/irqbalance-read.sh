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
    # one systemctl for the three (each costs the host a process and a round trip to systemd):
    # ActiveState is what is-active prints, UnitFileState what is-enabled prints
    ir_active= ir_enabled= ir_env=
    while IFS= read -r ir_l; do
      case $ir_l in
        ActiveState=*) ir_active=${ir_l#ActiveState=} ;;
        UnitFileState=*) ir_enabled=${ir_l#UnitFileState=} ;;
        Environment=*) ir_env=${ir_l#Environment=} ;;
      esac
    done <<NETUNE_SHOW
$(systemctl show -p ActiveState -p UnitFileState -p Environment "$1" 2>/dev/null)
NETUNE_SHOW
    echo "active=$ir_active"
    echo "enabled=$ir_enabled"
    echo "environment=$ir_env"
  fi
  # netune_read_line: read-line.sh, brought by the same fragment
  netune_read_line /sys/devices/system/cpu/online || true
  echo "online=$netune_line"
  echo '@@netune irqbalance-defaults'
  grep -E '^[[:space:]]*(export[[:space:]]+)?IRQBALANCE_BANNED_CPU' "$2" 2>/dev/null || true
}
