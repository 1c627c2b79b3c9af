#!/bin/bash
# Builds the netune integration-test image netune/sshd-test:latest without Docker Hub:
#   1. debootstrap a minimal bookworm rootfs into <repo>/.testhosts-cache/ (cached),
#   2. docker import it as netune/debian-base:bookworm (cached, labelled with its recipe hash),
#   3. docker build the sshd image FROM it (labelled with the hash of the recipe files).
# Every step is skipped when its labelled result already exists, so re-running is cheap;
# editing any recipe file (this script, Dockerfile, entrypoint.sh) rebuilds the sshd image.
# Progress goes to stderr. Usage: build-image.sh [--force] [--python3]
#   --python3 builds netune/sshd-test-python3:latest instead: the same host with python3, which
#             Ansible's modules need (bench/fleet.sh's Ansible step; the tests use the image without).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$here/../.." && pwd)
cache_dir="$repo_root/.testhosts-cache"

image=netune/sshd-test:latest
base_image=netune/debian-base:bookworm
suite=bookworm
mirror=${NETUNE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages=openssh-server,procps,sudo,iproute2,ethtool
label=dev.netune.recipe-hash

force=0
for arg in "$@"; do
    case $arg in
        --force) force=1 ;;
        --python3)
            image=netune/sshd-test-python3:latest
            base_image=netune/debian-base:bookworm-python3
            packages+=,python3 ;;
        *) printf 'build-image: unknown option %s (usage: build-image.sh [--force] [--python3])\n' "$arg" >&2; exit 2 ;;
    esac
done

started=$SECONDS
log() { printf 'build-image: %s\n' "$*" >&2; }
finish() { log "$1 (total $((SECONDS - started))s)"; }

# The base changes only when what debootstrap installs changes; the final image whenever any
# recipe file changes.
base_hash=$(printf '%s\n' "$suite" minbase "$packages" | sha256sum | cut -c1-16)
recipe_hash=$({ cat "$here/build-image.sh" "$here/Dockerfile" "$here/entrypoint.sh"; printf '%s\n' "$packages"; } \
    | sha256sum | cut -c1-16)

image_label() { # image -> value of our label, empty when the image is missing
    docker image inspect --format "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null || true
}

mkdir -p "$cache_dir"
# Several test JVMs may start the build at once; one builds, the others wait and then skip.
exec 9>"$cache_dir/build.lock"
if ! flock -n 9; then
    log "another build is running; waiting for it"
    flock 9
fi

if [[ $force == 0 && $(image_label "$image") == "$recipe_hash" ]]; then
    finish "$image is up to date (recipe $recipe_hash)"
    exit 0
fi

if [[ $force == 1 || $(image_label "$base_image") != "$base_hash" ]]; then
    rootfs="$cache_dir/rootfs-$suite-$base_hash"
    if [[ $force == 1 || ! -f "$rootfs/.netune-complete" ]]; then
        # debootstrap into a scratch dir and rename on success, so an interrupted run never
        # leaves a half-built rootfs that looks usable.
        scratch="$rootfs.partial"
        rm -rf "$scratch" "$rootfs"
        log "debootstrap $suite ($packages) from $mirror into $rootfs"
        t0=$SECONDS
        debootstrap --variant=minbase --include="$packages" "$suite" "$scratch" "$mirror" \
            > "$cache_dir/debootstrap.log" 2>&1 \
            || { log "debootstrap failed; see $cache_dir/debootstrap.log"; tail -n 20 "$cache_dir/debootstrap.log" >&2; exit 1; }
        # Downloaded .debs and apt lists only bloat the image.
        rm -rf "$scratch"/var/cache/apt/archives/*.deb "$scratch"/var/lib/apt/lists/*
        touch "$scratch/.netune-complete"
        mv "$scratch" "$rootfs"
        log "debootstrap done in $((SECONDS - t0))s"
    else
        log "reusing cached rootfs $rootfs"
    fi
    log "importing rootfs as $base_image"
    t0=$SECONDS
    tar --exclude=./.netune-complete -C "$rootfs" -c . \
        | docker import --change "LABEL $label=$base_hash" - "$base_image" >/dev/null
    log "import done in $((SECONDS - t0))s"
else
    log "reusing $base_image (recipe $base_hash)"
fi

log "building $image (recipe $recipe_hash)"
t0=$SECONDS
docker build --label "$label=$recipe_hash" --build-arg "BASE_IMAGE=$base_image" \
    -t "$image" "$here" > "$cache_dir/docker-build.log" 2>&1 \
    || { log "docker build failed; see $cache_dir/docker-build.log"; tail -n 20 "$cache_dir/docker-build.log" >&2; exit 1; }
# The previous build of ours is now an untagged leftover; only our labelled images are pruned.
docker image prune --force --filter "label=$label" >/dev/null || true
log "docker build done in $((SECONDS - t0))s"
finish "built $image"
