# shellcheck shell=sh
# netune's read of who and what the target is, and how netune's session reaches it (fact/HostInfo,
# fact/SessionRoute). Read-only, for any user.
# netune_host: '@@netune host', then hostname, kernel and the uid the scripts run as.
netune_host() {
  echo '@@netune host'
  # netune_read_line: read-line.sh, brought by the same fragment
  netune_read_line /proc/sys/kernel/hostname || true
  echo "hostname=$netune_line"
  netune_read_line /proc/sys/kernel/osrelease || true
  echo "kernel=$netune_line"
  # the effective uid, as `id -u` prints it, from the shell's own status (no process)
  nh_uid=
  while read -r nh_k _ nh_e _; do
    if [ "$nh_k" = Uid: ]; then nh_uid=$nh_e; break; fi
  done 2>/dev/null < /proc/self/status || true
  [ -n "$nh_uid" ] || nh_uid=$(id -u)
  echo "uid=$nh_uid"
}
# netune_session: '@@netune session', then under SSH the client's address and the device the host
# routes it through. Only the first word of SSH_CONNECTION is used, and only as an argument.
netune_session() {
  echo '@@netune session'
  if [ -n "${SSH_CONNECTION:-}" ]; then
    netune_client=${SSH_CONNECTION%% *}
    echo "client=$netune_client"
    ip -o route get "$netune_client" 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/device=\1/p' | head -n 1
  fi
}
