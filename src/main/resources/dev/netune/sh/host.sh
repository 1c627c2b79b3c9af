# shellcheck shell=sh
# netune's read of who and what the target is, and how netune's session reaches it (fact/HostInfo,
# fact/SessionRoute). Read-only, for any user.
# netune_host: '@@netune host', then hostname, kernel and the uid the scripts run as.
netune_host() {
  echo '@@netune host'
  echo "hostname=$(cat /proc/sys/kernel/hostname 2>/dev/null)"
  echo "kernel=$(cat /proc/sys/kernel/osrelease 2>/dev/null)"
  echo "uid=$(id -u)"
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
