# shellcheck shell=sh
# netune's limits apply functions.
# netune_limits_reexec: after a changed systemd drop-in, when the apply allows service restarts,
# re-executes systemd (it keeps its state and services; only its own settings are read again)
# and prints what it now gives services.
netune_limits_reexec() {
  if [ "${NETUNE_ALLOW_SERVICE_RESTART:-}" = 1 ] && [ -d /run/systemd/system ]; then
    if out=$(systemctl daemon-reexec 2>&1); then echo '@@netune applied limits reexec ok'
    else echo '@@netune applied limits reexec failed'; printf '%s\n' "$out"; fi
    echo '@@netune limits-manager'; systemctl show -p DefaultLimitNOFILE -p DefaultLimitNOFILESoft 2>&1
  fi
}
