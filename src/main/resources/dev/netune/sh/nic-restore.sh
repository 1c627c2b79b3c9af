# shellcheck shell=sh
# netune's NIC restore functions: /etc/netune/lib/nic-restore.sh on a host, sourced by
# /etc/netune/nic-settings.sh, which defines netune_settings (one block per planned NIC and per
# profile rule, every value a quoted argument) and ends with the dispatch line. Run as:
#   nic-settings.sh global        at boot (netune-nic.service): kernel-wide settings
#   nic-settings.sh NIC [EVENT]   per NIC (netune-nic@NIC.service, started by udev and by the watcher)
#   nic-settings.sh watch         netune-nic-link.service: starts the per-NIC unit when a link is set up
# Whatever could not be restored goes to the journal (logger -t netune) and to
# /var/lib/netune/nic-restore/NIC, which `netune drift` reads.
set -f
NETUNE_RECORDS=/var/lib/netune/nic-restore
NETUNE_RUN=/run/netune
# seconds to wait for a NIC's queue IRQs once it is up (drivers request them when the NIC is opened)
NETUNE_IRQ_WAIT=15
# seconds an up NIC gets for its carrier before forced flow control is written (netune_pause)
NETUNE_CARRIER_WAIT=15

netune_log() {
  logger -t netune -- "$*" 2>/dev/null || printf 'netune: %s\n' "$*" >&2
}

# netune_fail 'WHAT' 'WHY': one setting not restored
netune_fail() {
  NETUNE_FAILED="${NETUNE_FAILED:+$NETUNE_FAILED; }$1: $2"
}

# the reason in the first line of a command's error text ("tee: /proc/irq/33/...: Invalid argument"), bounded
netune_why() {
  printf '%s\n' "$1" | sed -n '1{s/.*: //;p;}' | cut -c1-200
}

netune_is_up() {
  f=$(cat "/sys/class/net/$1/flags" 2>/dev/null) || return 1
  [ $((f & 1)) -eq 1 ]
}

netune_driver() {
  d=$(readlink "/sys/class/net/$NETUNE_NIC/device/driver" 2>/dev/null) || return 0
  printf '%s\n' "${d##*/}"
}

# netune_known 'NAME' 'MAC': the NIC the plan resolved under that name (and that MAC, when read)
netune_known() {
  [ "$NETUNE_NIC" = "$1" ] || return 1
  if [ -n "$2" ] && [ "$(cat "/sys/class/net/$NETUNE_NIC/address" 2>/dev/null)" != "$2" ]; then
    return 1
  fi
  NETUNE_MATCHED=1
}

# netune_in 'WORDS' WORD: WORD matches one of the glob patterns in WORDS
netune_in() {
  for p in $1; do
    # shellcheck disable=SC2254
    case $2 in $p) return 0 ;; esac
  done
  return 1
}

# netune_matches 'NAME-GLOBS' 'DRIVERS': every given criterion holds (as NicMatch)
netune_matches() {
  if [ -n "$1" ] && ! netune_in "$1" "$NETUNE_NIC"; then
    return 1
  fi
  if [ -n "$2" ] && ! netune_in "$2" "$(netune_driver)"; then
    return 1
  fi
  return 0
}

# netune_rule 'NAME-GLOBS' 'DRIVERS' 'EXCLUDED-GLOBS' 'EXCLUDED-DRIVERS': a profile rule, for a NIC
# the plan did not know (hot-plugged, or renamed). Virtual devices only by their exact name.
netune_rule() {
  if [ ! -e "/sys/class/net/$NETUNE_NIC/device" ] || [ "$NETUNE_NIC" = lo ]; then
    case " $1 " in *" $NETUNE_NIC "*) ;; *) return 1 ;; esac
  fi
  netune_matches "$1" "$2" || return 1
  if [ -n "$3$4" ] && netune_matches "$3" "$4"; then
    return 1
  fi
  NETUNE_MATCHED=1
}

# netune_max -G|-L KEY: the driver's maximum for a ring or channel key
netune_max() {
  case $1 in -G) show=-g ;; -L) show=-l ;; *) return 1 ;; esac
  case $2 in
    rx) l='RX:' ;; tx) l='TX:' ;; rx-mini) l='RX Mini:' ;; rx-jumbo) l='RX Jumbo:' ;;
    combined) l='Combined:' ;; other) l='Other:' ;; *) return 1 ;;
  esac
  ethtool "$show" "$NETUNE_NIC" 2>/dev/null | awk -v l="$l" '
    index($0, "Pre-set maximums") == 1 { p = 1; next }
    index($0, "Current hardware") == 1 { p = 0 }
    p && index($0, l) == 1 { v = $NF }
    END { if (v ~ /^[0-9]+$/) print v; else exit 1 }'
}

# netune_ethtool 'WHAT' OPTION KEY VALUE...: one ethtool setting command; "max" is the driver's maximum
netune_ethtool() {
  what=$1; opt=$2; shift 2
  n=$#; i=0
  while [ "$i" -lt "$n" ]; do
    k=$1; v=$2; shift 2; i=$((i + 2))
    if [ "$v" = max ]; then
      if ! v=$(netune_max "$opt" "$k"); then
        netune_fail "$what $k max" "the driver reports no maximum"
        continue
      fi
    fi
    set -- "$@" "$k" "$v"
  done
  [ $# -gt 0 ] || return 0
  if out=$(ethtool "$opt" "$NETUNE_NIC" "$@" 2>&1); then rc=0; else rc=$?; fi
  # 80: old ethtool's "no ... parameters changed": the values are already there
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 80 ]; then
    netune_fail "$what $*" "$(netune_why "$out")"
  fi
}

netune_carrier() {
  [ "$(cat "/sys/class/net/$NETUNE_NIC/carrier" 2>/dev/null)" = 1 ]
}

# netune_pause KEY VALUE...: flow control (ethtool -A), written once the carrier is up. e1000e and igb
# resolve pause again from the PHY's advertisement each time the carrier comes up
# (e1000e_config_fc_after_link_up), so a forced setting written between link-up and carrier-up is
# lost; a NIC set up at boot gets NETUNE_CARRIER_WAIT seconds for its carrier. A NIC still without
# carrier then is written anyway, with a note: a later carrier-up may undo it (drift shows that).
netune_pause() {
  if netune_is_up "$NETUNE_NIC" && ! netune_carrier; then
    end=$(($(date +%s) + NETUNE_CARRIER_WAIT))
    while ! netune_carrier && [ "$(date +%s)" -lt "$end" ]; do
      sleep 1
    done
    if ! netune_carrier; then
      NETUNE_NOTES="${NETUNE_NOTES:+$NETUNE_NOTES; }pause written with no carrier after $NETUNE_CARRIER_WAIT s: the driver may resolve it again when the carrier comes up"
    fi
  fi
  netune_ethtool pause -A "$@"
}

# netune_rss WORD...: the RSS table and hash, as ethtool -X takes them (equal N | weight W... | default,
# hfunc F, hkey K)
netune_rss() {
  if ! out=$(ethtool -X "$NETUNE_NIC" "$@" 2>&1); then
    netune_fail "rss $*" "$(netune_why "$out")"
  fi
}

netune_mtu() {
  if ! out=$(ip link set dev "$NETUNE_NIC" mtu "$1" 2>&1); then
    netune_fail "mtu $1" "$(netune_why "$out")"
  fi
}

# netune_put 'WHAT' PATH VALUE: a procfs or sysfs write; managed IRQs refuse with EIO (not ours to set)
netune_put() {
  if err=$(printf '%s\n' "$3" | tee "$2" 2>&1 >/dev/null); then
    return 0
  fi
  case $err in
    *'Input/output error'*) NETUNE_NOTES="${NETUNE_NOTES:+$NETUNE_NOTES; }$1: the kernel manages it" ;;
    *) netune_fail "$1" "write refused: $(netune_why "$err")" ;;
  esac
}

netune_irq_dir() {
  set +f
  for d in /proc/irq/*/"$1"; do
    if [ -d "$d" ]; then
      set -f; printf '%s\n' "${d%/*}"; return 0
    fi
  done
  set -f
  return 1
}

# netune_steer 'IRQ-NAME'...: steering comes next; an up NIC gets NETUNE_IRQ_WAIT seconds for its queue
# IRQs to appear. A down NIC has none yet on many drivers: the link-up watcher restores them.
netune_steer() {
  NETUNE_STEER=up
  if ! netune_is_up "$NETUNE_NIC"; then
    [ $# -eq 0 ] || NETUNE_STEER='down'
    return 0
  fi
  end=$(($(date +%s) + NETUNE_IRQ_WAIT))
  while :; do
    missing=0
    for q in "$@"; do
      netune_irq_dir "$q" >/dev/null || missing=1
    done
    [ "$missing" -eq 0 ] && return 0
    [ "$(date +%s)" -ge "$end" ] && return 0
    sleep 1
  done
}

# netune_irq 'IRQ-NAME' 'CPUS': by action name, as IRQ numbers change when a driver re-requests them
netune_irq() {
  if ! d=$(netune_irq_dir "$1"); then
    if [ "$NETUNE_STEER" = down ]; then
      NETUNE_PENDING="IRQ affinity waits for link-up ($NETUNE_NIC is down; its driver requests queue IRQs when opened)"
    else
      netune_fail "irq $1 -> $2" "the IRQ did not appear within $NETUNE_IRQ_WAIT s"
    fi
    return 0
  fi
  netune_put "irq $1 -> $2" "$d/smp_affinity_list" "$2"
}

# netune_sysfs 'PATH-UNDER-THE-NIC' 'VALUE': RPS and XPS masks, flow counts
netune_sysfs() {
  netune_put "$1 $2" "/sys/class/net/$NETUNE_NIC/$1" "$2"
}

# netune_queue_irqs: "INDEX DIR" per queue IRQ of the NIC's device (MSI-X vectors whose names end in a
# queue number; the link/config vector ends in none)
netune_queue_irqs() {
  set +f
  for m in "/sys/class/net/$NETUNE_NIC"/device/msi_irqs/*; do
    [ -e "$m" ] || continue
    for a in "/proc/irq/${m##*/}"/*; do
      [ -d "$a" ] || continue
      x=${a##*/}
      # the link/config vector: named after the NIC itself, or with no queue number
      [ "$x" != "$NETUNE_NIC" ] || continue
      case $x in *[0-9]) ;; *) continue ;; esac
      case $x in *config*|*-misc*|*-other*|*-async*) continue ;; esac
      printf '%s %s %s\n' "${x##*[!0-9]}" "${a%/*}" "$x"
    done
  done
  set -f
}

# netune_nth INDEX 'WORDS': the word at INDEX modulo their count
netune_nth() {
  i=$1
  # shellcheck disable=SC2086
  set -- $2
  [ $# -gt 0 ] || return 1
  shift $((i % $#))
  printf '%s\n' "$1"
}

# netune_rule_irq 'CPU CPU ...': a rule's IRQ affinity on a NIC the plan did not know: queue N to the Nth CPU
netune_rule_irq() {
  if ! netune_is_up "$NETUNE_NIC"; then
    NETUNE_PENDING="IRQ affinity waits for link-up ($NETUNE_NIC is down; its driver requests queue IRQs when opened)"
    return 0
  fi
  end=$(($(date +%s) + NETUNE_IRQ_WAIT))
  while [ -z "$(netune_queue_irqs)" ] && [ "$(date +%s)" -lt "$end" ]; do
    sleep 1
  done
  irqs=$(netune_queue_irqs)
  if [ -z "$irqs" ]; then
    netune_fail "irqAffinity" "no queue IRQ of $NETUNE_NIC appeared within $NETUNE_IRQ_WAIT s"
    return 0
  fi
  while read -r q d x; do
    c=$(netune_nth "$q" "$1") || continue
    netune_put "irq $x -> $c" "$d/smp_affinity_list" "$c"
  done <<EOF
$irqs
EOF
}

# netune_rule_queues 'rx|tx' 'FILE' 'VALUE': every queue of the NIC
netune_rule_queues() {
  set +f
  for q in "/sys/class/net/$NETUNE_NIC/queues/$1"-*; do
    set -f
    [ -e "$q/$2" ] && netune_put "queues/${q##*/}/$2" "$q/$2" "$3"
  done
  set -f
}

# netune_skip 'WHAT' 'WHY': a setting the restore script cannot resolve on a NIC the plan did not know
netune_skip() {
  netune_fail "$1" "$2"
}

# netune_record 'EVENT': the journal line and the record drift reads
netune_record() {
  if [ -n "$NETUNE_FAILED" ]; then
    r=no; why=$NETUNE_FAILED
    netune_log "$NETUNE_NIC: not restored at $1: $why"
  elif [ -n "$NETUNE_PENDING" ]; then
    r=pending; why=$NETUNE_PENDING
    netune_log "$NETUNE_NIC: restored at $1 except steering: $why"
  else
    r=yes; why=$NETUNE_NOTES
    netune_log "$NETUNE_NIC: restored at $1${why:+ ($why)}"
  fi
  mkdir -p "$NETUNE_RECORDS" || return 0
  t=$(mktemp "$NETUNE_RECORDS/.netune.XXXXXX") || return 0
  printf 'restored=%s\nevent=%s\ntime=%s\nreason=%s\n' "$r" "$1" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(printf '%s' "$why" | tr '\n' ' ' | cut -c1-1000)" > "$t" && mv -f "$t" "$NETUNE_RECORDS/$NETUNE_NIC"
}

# netune_restore NIC [EVENT]: the NIC's settings (netune_settings), then its record. A NIC the link-up
# watcher saw come up while this ran (its start request merged into this run) gets its steering now.
netune_restore() {
  NETUNE_NIC=$1
  case $NETUNE_NIC in ''|.|..|*/*) return 0 ;; esac
  [ -e "/sys/class/net/$NETUNE_NIC" ] || return 0
  ev=$2
  if [ -z "$ev" ]; then
    ev=$(cat "$NETUNE_RUN/event/$NETUNE_NIC" 2>/dev/null) || ev="device add"
    rm -f "$NETUNE_RUN/event/$NETUNE_NIC"
    case $(systemctl is-system-running 2>/dev/null) in starting|initializing) ev=boot ;; esac
  fi
  for round in 1 2; do
    NETUNE_MATCHED=''; NETUNE_FAILED=''; NETUNE_PENDING=''; NETUNE_NOTES=''; NETUNE_STEER=up
    netune_settings
    [ -n "$NETUNE_MATCHED" ] || return 0
    if [ "$round" = 1 ] && [ -n "$NETUNE_PENDING" ] && netune_is_up "$NETUNE_NIC"; then
      ev=link-up
      continue
    fi
    break
  done
  netune_record "$ev"
}

# netune_link 'NAME' 0|1: a link's administrative state as the watcher last saw it; up starts the NIC's unit
netune_link() {
  case $1 in ''|.|..|*[!A-Za-z0-9_.:@-]*) return 0 ;; esac
  s="$NETUNE_RUN/link/$1"
  [ "$(cat "$s" 2>/dev/null)" = "$2" ] && return 0
  printf '%s\n' "$2" > "$s"
  if [ "$2" = 1 ]; then
    printf 'link-up\n' > "$NETUNE_RUN/event/$1"
    systemctl --no-block start "netune-nic@$1.service"
  fi
}

# netune_watch: `ip -o monitor link` lines; a NIC whose UP flag turns on gets its settings again
# (no uevent is sent at link up, and drivers such as e1000e, igb, ixgbe, i40e and ice request their
# queue IRQs only then). Works whichever network manager sets the link up.
netune_watch() {
  # a fresh start sees every up NIC as newly up: a link set up while no watcher ran is restored too
  rm -rf "$NETUNE_RUN/link"
  mkdir -p "$NETUNE_RUN/link" "$NETUNE_RUN/event" || exit 1
  ip -o monitor link | netune_watch_lines
}

netune_watch_lines() {
  # links set up before the monitor listened
  sleep 1
  set +f
  for p in /sys/class/net/*; do
    [ -e "$p" ] || continue
    if netune_is_up "${p##*/}"; then netune_link "${p##*/}" 1; else netune_link "${p##*/}" 0; fi
  done
  set -f
  while IFS= read -r line; do
    gone=0
    case $line in Deleted*) gone=1; line=${line#Deleted } ;; esac
    rest=${line#*: }
    name=${rest%%:*}; name=${name%%@*}
    flags=${rest#*<}; flags=${flags%%>*}
    if [ "$gone" = 1 ]; then
      case $name in ''|.|..|*[!A-Za-z0-9_.:@-]*) ;; *) rm -f "$NETUNE_RUN/link/$name" ;; esac
      continue
    fi
    case ",$flags," in
      *,UP,*) netune_link "$name" 1 ;;
      *) netune_link "$name" 0 ;;
    esac
  done
}

# netune_main ARGS: the installed script's dispatch
netune_main() {
  case $1 in
    global)
      NETUNE_FAILED=''
      netune_global
      [ -z "$NETUNE_FAILED" ] || netune_log "not restored at boot: $NETUNE_FAILED"
      ;;
    watch) netune_watch ;;
    '') echo "usage: $0 global | watch | NIC [EVENT]" >&2; return 2 ;;
    *) netune_restore "$1" "$2" ;;
  esac
}
