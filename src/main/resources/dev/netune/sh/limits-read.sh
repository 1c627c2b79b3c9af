# shellcheck shell=sh
# netune's gather of open-file limits (setting/limits/LimitsFacts). Read-only and fit for a normal
# user: each SSH exec is a fresh PAM session, so ulimit shows what pam_limits gave this login
# (under sudo, what sudo's own PAM session gave root).
# netune_limits_read 'OWN-LIMITS-FILE': what this session got, what systemd gives services, and the
# nofile lines of the other limits files.
# shellcheck disable=SC3045 # ulimit -S and -H: dash, bash, busybox sh and ksh have them
netune_limits_read() {
  echo '@@netune limits session'
  echo "user=$(id -un 2>/dev/null)"
  echo "groups=$(id -Gn 2>/dev/null)"
  echo "soft=$(ulimit -Sn 2>&1)"
  echo "hard=$(ulimit -Hn 2>&1)"
  echo '@@netune limits systemd'
  # /run/systemd/system exists only when systemd is PID 1 (sd_booted)
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl show -p DefaultLimitNOFILE -p DefaultLimitNOFILESoft 2>&1
  else echo booted=no; fi
  echo '@@netune limits others'
  for f in /etc/security/limits.conf /etc/security/limits.d/*.conf; do
    [ -f "$f" ] && [ "$f" != "$1" ] \
      && grep -H -E '^[[:space:]]*[^#[:space:]]+[[:space:]]+(soft|hard|-)[[:space:]]+nofile[[:space:]]' "$f" 2>/dev/null
  done
  true
}
