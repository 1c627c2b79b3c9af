#!/bin/sh
# Starts sshd for a netune test host: fresh host keys, the test client's public key
# (env AUTHORIZED_KEY) for root and for the sudo-capable user "tuner".
set -eu

ssh-keygen -A >&2

install_key() {
    user=$1
    home=$(getent passwd "$user" | cut -d: -f6)
    mkdir -p "$home/.ssh"
    printf '%s\n' "$AUTHORIZED_KEY" > "$home/.ssh/authorized_keys"
    chmod 700 "$home/.ssh"
    chmod 600 "$home/.ssh/authorized_keys"
    chown -R "$user:" "$home/.ssh"
}

if [ -n "${AUTHORIZED_KEY:-}" ]; then
    install_key root
    install_key tuner
else
    echo "netune-entrypoint: AUTHORIZED_KEY is empty; nobody can log in" >&2
fi

mkdir -p /run/sshd
echo "netune-entrypoint: starting sshd" >&2
exec /usr/sbin/sshd -D -e -p 22
