#!/usr/bin/env bash
# Builds the QEMU kernel test-host image for netune from Debian packages only.
#
# Output: /var/cache/netune-testhosts/qemu/<recipe-hash>/ (as root; NETUNE_TESTHOSTS_CACHE moves it,
#         and without root it is <repo>/.testhosts-cache/qemu/<recipe-hash>/)
#   base.ext4          root filesystem (ext4, made with mkfs.ext4 -d, no loop mounts)
#   vmlinuz, initrd.img  kernel + initramfs copied out of the guest's /boot
#   id_ed25519(.pub)   test client key pair (authorized for root and tuner)
#   ssh_host_ed25519_key.pub  the guest's sshd host key (for known_hosts)
#   cmdline            kernel command line the image expects
#   manifest.txt       package versions, build time
#   .complete          marker written last
#
# The recipe hash covers this script (all guest configuration lives in it), so
# changing the recipe gives a new cache directory; an existing complete image is
# reused. The last stdout line is always "IMAGE_DIR=<path>".
#
# Usage: build-image.sh [--print-dir] [--force]
# Needs root (debootstrap, chroot), debootstrap, mkfs.ext4 (e2fsprogs >= 1.43), ssh-keygen.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
SUITE=bookworm
MIRROR="${NETUNE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
IMAGE_SIZE=2G
PACKAGES=linux-image-amd64,systemd,systemd-sysv,udev,openssh-server,ethtool,iproute2,procps,irqbalance,sudo,kmod,initramfs-tools,zstd

# Recipe hash: this script's content (it embeds every config file) + mirror-independent inputs.
RECIPE_HASH="$( { cat "${BASH_SOURCE[0]}"; echo "$SUITE $PACKAGES $IMAGE_SIZE"; } | sha256sum | cut -c1-16)"
# Images are kept per machine, as docker's images and Maven's artifacts are, so a clean checkout
# (CI) reuses the image its recipe hash names instead of building it again (8 min here).
# NETUNE_TESTHOSTS_CACHE moves the cache; without root it stays in the checkout.
if [[ -n ${NETUNE_TESTHOSTS_CACHE:-} ]]; then
  CACHE_BASE=$NETUNE_TESTHOSTS_CACHE
elif [[ $(id -u) -eq 0 ]]; then
  CACHE_BASE=/var/cache/netune-testhosts
else
  CACHE_BASE="$REPO_ROOT/.testhosts-cache"
fi
CACHE_ROOT="$CACHE_BASE/qemu"
OUT="$CACHE_ROOT/$RECIPE_HASH"

FORCE=0
for a in "$@"; do
  case "$a" in
    --print-dir) echo "IMAGE_DIR=$OUT"; exit 0 ;;
    --force) FORCE=1 ;;
    *) echo "unknown argument: $a" >&2; exit 2 ;;
  esac
done

if [[ $FORCE -eq 0 && -f "$OUT/.complete" ]]; then
  echo "qemu test-host image up to date (recipe $RECIPE_HASH), nothing to build"
  echo "IMAGE_DIR=$OUT"
  exit 0
fi

[[ $(id -u) -eq 0 ]] || { echo "build-image.sh must run as root (debootstrap/chroot)" >&2; exit 1; }
for t in debootstrap mkfs.ext4 ssh-keygen unshare chroot; do
  command -v "$t" >/dev/null || { echo "missing tool: $t" >&2; exit 1; }
done

mkdir -p "$CACHE_ROOT"
chmod 700 "$CACHE_BASE" # the image holds the test client's private key
# One builder at a time (several test JVMs / engineers may call us).
exec 9>"$CACHE_ROOT/.build.lock"
flock 9
if [[ $FORCE -eq 0 && -f "$OUT/.complete" ]]; then
  echo "qemu test-host image was built by a concurrent run (recipe $RECIPE_HASH)"
  echo "IMAGE_DIR=$OUT"
  exit 0
fi

START=$(date +%s)
WORK="$CACHE_ROOT/.work-$RECIPE_HASH"
rm -rf "$WORK"
mkdir -p "$WORK"
ROOTFS="$WORK/rootfs"
trap 'echo "build failed; work dir kept at $WORK" >&2' ERR

echo "==> debootstrap $SUITE (minbase) into $ROOTFS"
# debootstrap mounts /proc,/sys in the target; run it in a private mount namespace
# so nothing can leak into the host's mount table.
unshare --mount --propagation private \
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR" \
  >"$WORK/debootstrap.log" 2>&1 || { tail -n 50 "$WORK/debootstrap.log" >&2; exit 1; }

in_chroot() {
  # Private mount namespace with /proc and /sys for tools that want them.
  unshare --mount --propagation private bash -c '
    set -e
    mount -t proc proc "$0/proc"
    mount -t sysfs sysfs "$0/sys"
    mount -t tmpfs tmpfs "$0/tmp"
    chroot "$0" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
  ' "$ROOTFS" "$@"
}

echo "==> configuring guest"
R="$ROOTFS"

echo netune-guest >"$R/etc/hostname"
cat >"$R/etc/hosts" <<'EOF'
127.0.0.1 localhost
127.0.1.1 netune-guest
::1       localhost ip6-localhost ip6-loopback
EOF
cat >"$R/etc/fstab" <<'EOF'
# <fs>    <mount> <type> <options>                 <dump> <pass>
/dev/vda  /       ext4   rw,errors=remount-ro      0      0
tmpfs     /tmp    tmpfs  rw,nosuid,nodev           0      0
EOF
# Fixed machine-id: an empty one would make systemd treat every boot as "first boot"
# and run preset-all (re-enabling the timers disabled below).
printf '%s\n' "$(echo "netune-guest-$RECIPE_HASH" | md5sum | cut -c1-32)" >"$R/etc/machine-id"

# --- users and SSH ---------------------------------------------------------
ssh-keygen -q -t ed25519 -N '' -C "netune-test@$RECIPE_HASH" -f "$WORK/id_ed25519"
in_chroot passwd -l root >/dev/null
in_chroot useradd --create-home --shell /bin/bash --user-group tuner
in_chroot passwd -l tuner >/dev/null
for home in root home/tuner; do
  install -d -m 700 "$R/$home/.ssh"
  install -m 600 "$WORK/id_ed25519.pub" "$R/$home/.ssh/authorized_keys"
done
in_chroot chown -R tuner:tuner /home/tuner/.ssh
cat >"$R/etc/sudoers.d/tuner" <<'EOF'
tuner ALL=(ALL:ALL) NOPASSWD: ALL
EOF
chmod 440 "$R/etc/sudoers.d/tuner"

rm -f "$R"/etc/ssh/ssh_host_*
ssh-keygen -q -t ed25519 -N '' -C root@netune-guest -f "$R/etc/ssh/ssh_host_ed25519_key"
cp "$R/etc/ssh/ssh_host_ed25519_key.pub" "$WORK/ssh_host_ed25519_key.pub"
cat >"$R/etc/ssh/sshd_config.d/10-netune.conf" <<'EOF'
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
EOF

# --- network ----------------------------------------------------------------
# NIC naming. The kernel calls every NIC ethN in probe order, and udev cannot rename
# onto a name that is still taken, so renaming e1000e->eth0 while the kernel's eth0
# is the management virtio NIC would race. Instead the NIC drivers are kept out of
# automatic (modalias) loading and loaded in a fixed order by netune-nics.service:
#   e1000e (52:54:00:12:34:02)          -> eth0
#   virtio_net, PCI slot 4 (..:34:03)   -> eth1   (multiqueue, on the host tap)
#   virtio_net, PCI slot 5 (..:34:01)   -> eth2 -> renamed mgmt0 by 10-mgmt0.link
# The .link files pin the names by MAC in case the order ever differs.
cat >"$R/etc/modprobe.d/netune-nics.conf" <<'EOF'
# loaded in a fixed order by netune-nics.service (see /etc/systemd/system/netune-nics.service)
blacklist e1000e
blacklist virtio_net
EOF
cat >"$R/etc/systemd/system/netune-nics.service" <<'EOF'
[Unit]
Description=Load NIC drivers in a fixed order (e1000e=eth0, virtio_net: eth1, mgmt0)
DefaultDependencies=no
After=systemd-udevd.service systemd-modules-load.service
Wants=systemd-udevd.service
Before=network-pre.target systemd-networkd.service sysinit.target
Wants=network-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
# A PCI driver probes within modprobe, so e1000e has eth0 before virtio_net loads. Then wait for
# these three NICs only (udev done with them, eth2 renamed mgmt0), not for every queued event
# as `udevadm settle` did: that waited for the whole coldplug, 15-25 s of a TCG boot.
ExecStart=/sbin/modprobe e1000e
ExecStart=/sbin/modprobe virtio_net
ExecStart=/bin/udevadm wait --timeout=30 /sys/class/net/eth0 /sys/class/net/eth1 /sys/class/net/mgmt0

[Install]
WantedBy=sysinit.target
EOF
ln -sf /etc/systemd/system/netune-nics.service "$R/etc/systemd/system/sysinit.target.wants/netune-nics.service" 2>/dev/null || {
  mkdir -p "$R/etc/systemd/system/sysinit.target.wants"
  ln -sf /etc/systemd/system/netune-nics.service "$R/etc/systemd/system/sysinit.target.wants/netune-nics.service"
}

N="$R/etc/systemd/network"
mkdir -p "$N"
cat >"$N/10-mgmt0.link" <<'EOF'
[Match]
MACAddress=52:54:00:12:34:01
[Link]
Name=mgmt0
EOF
cat >"$N/10-eth0.link" <<'EOF'
[Match]
MACAddress=52:54:00:12:34:02
[Link]
Name=eth0
EOF
cat >"$N/10-eth1.link" <<'EOF'
[Match]
MACAddress=52:54:00:12:34:03
[Link]
Name=eth1
EOF
cat >"$N/20-mgmt0.network" <<'EOF'
# Management NIC (virtio-net on QEMU user networking, SSH is forwarded to it)
[Match]
Name=mgmt0
[Network]
DHCP=ipv4
LinkLocalAddressing=no
IPv6AcceptRA=no
EOF
cat >"$N/20-eth0.network" <<'EOF'
# e1000e test NIC on its own QEMU user network (10.0.3.0/24); no default route
[Match]
Name=eth0
[Network]
DHCP=ipv4
LinkLocalAddressing=no
IPv6AcceptRA=no
[DHCPv4]
UseGateway=no
UseDNS=no
UseRoutes=no
[Link]
RequiredForOnline=no
EOF
cat >"$N/20-eth1.network" <<'EOF'
# multiqueue virtio-net on the host tap: link up, no addresses, no traffic
[Match]
Name=eth1
[Network]
LinkLocalAddressing=no
IPv6AcceptRA=no
ConfigureWithoutCarrier=yes
[Link]
RequiredForOnline=no
EOF
mkdir -p "$R/etc/systemd/system/multi-user.target.wants" "$R/etc/systemd/system/sockets.target.wants"
ln -sf /lib/systemd/system/systemd-networkd.service "$R/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
ln -sf /lib/systemd/system/systemd-networkd.socket "$R/etc/systemd/system/sockets.target.wants/systemd-networkd.socket"
echo 'nameserver 10.0.2.3' >"$R/etc/resolv.conf"

# --- boot speed & console ------------------------------------------------------
# Drivers for q35 devices no test uses (watchdog, SMBus, LPC, AHCI without disks, PC speaker,
# input, KVM inside the guest, wireless regulatory): each boot loaded them, seconds under TCG.
cat >"$R/etc/modprobe.d/netune-unused.conf" <<'EOF'
blacklist iTCO_wdt
blacklist iTCO_vendor_support
blacklist intel_pmc_bxt
blacklist lpc_ich
blacklist i2c_i801
blacklist ahci
blacklist pcspkr
blacklist psmouse
blacklist serio_raw
blacklist evdev
blacklist kvm_amd
blacklist kvm_intel
blacklist ccp
blacklist cfg80211
EOF
for u in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer \
         dpkg-db-backup.timer logrotate.timer systemd-networkd-wait-online.service \
         e2scrub_reap.service; do
  in_chroot systemctl disable "$u" >/dev/null 2>&1 || true
  in_chroot systemctl mask "$u" >/dev/null 2>&1 || true
done
mkdir -p "$R/etc/systemd/system/getty.target.wants"
ln -sf /lib/systemd/system/serial-getty@.service "$R/etc/systemd/system/getty.target.wants/serial-getty@ttyS0.service"
in_chroot systemctl enable irqbalance.service ssh.service >/dev/null
mkdir -p "$R/etc/systemd/journald.conf.d"
cat >"$R/etc/systemd/journald.conf.d/netune.conf" <<'EOF'
[Journal]
ForwardToConsole=no
EOF

# --- initramfs ------------------------------------------------------------------
# Default MODULES=most keeps virtio_pci/virtio_blk in; rebuild so the NIC blacklist is included.
grep -q '^MODULES=most' "$R/etc/initramfs-tools/initramfs.conf"
in_chroot update-initramfs -u -k all >"$WORK/initramfs.log" 2>&1
KVER="$(ls "$R/lib/modules" | sort -V | tail -n1)"
cp "$R/boot/vmlinuz-$KVER" "$WORK/vmlinuz"
cp "$R/boot/initrd.img-$KVER" "$WORK/initrd.img"
chmod 644 "$WORK/vmlinuz" "$WORK/initrd.img"
in_chroot lsinitramfs "/boot/initrd.img-$KVER" >"$WORK/initrd.list"
for m in virtio_blk virtio_pci ext4; do
  grep -q "/$m\.ko" "$WORK/initrd.list" || { echo "initrd lacks $m.ko" >&2; exit 1; }
done
grep -q 'etc/modprobe.d/netune-nics.conf' "$WORK/initrd.list" || { echo "initrd lacks NIC blacklist" >&2; exit 1; }

in_chroot dpkg-query -W -f '${Package} ${Version}\n' >"$WORK/packages.txt"
in_chroot apt-get clean
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/tmp/* "$R"/var/log/*.log

echo "==> mkfs.ext4 -d (size $IMAGE_SIZE)"
mkfs.ext4 -q -F -L netune-root -d "$ROOTFS" "$WORK/base.ext4" "$IMAGE_SIZE"

echo "root=/dev/vda rw console=ttyS0 net.ifnames=0" >"$WORK/cmdline"
END=$(date +%s)
{
  echo "recipe: $RECIPE_HASH"
  echo "suite: $SUITE"
  echo "kernel: $KVER"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "build_seconds: $((END - START))"
} >"$WORK/manifest.txt"

rm -rf "$ROOTFS"
rm -rf "$OUT"
mv "$WORK" "$OUT"
touch "$OUT/.complete"
echo "qemu test-host image built in $((END - START)) s (kernel $KVER, recipe $RECIPE_HASH)"
echo "IMAGE_DIR=$OUT"
