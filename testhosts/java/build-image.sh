#!/bin/bash
# Builds netune/java-test:bookworm: the debootstrapped Debian base of the sshd test image
# (testhosts/container/build-image.sh builds it) plus Debian's openjdk-17-jre-headless, installed
# with apt from Debian's archive. Skipped when the labelled image is up to date. Progress to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$here/../.." && pwd)
image=netune/java-test:bookworm
base_image=netune/debian-base:bookworm
label=dev.netune.recipe-hash
log() { printf 'build-java-image: %s\n' "$*" >&2; }

bash "$repo_root/testhosts/container/build-image.sh"
base_id=$(docker image inspect --format '{{.Id}}' "$base_image")
recipe_hash=$(cat "$here/build-image.sh" "$here/Dockerfile" <(echo "$base_id") | sha256sum | cut -c1-16)

mkdir -p "$repo_root/.testhosts-cache"
exec 9>"$repo_root/.testhosts-cache/java-build.lock"
flock 9
if [[ $(docker image inspect --format "{{ index .Config.Labels \"$label\" }}" "$image" 2>/dev/null || true) == "$recipe_hash" ]]; then
    log "$image is up to date (recipe $recipe_hash)"
    exit 0
fi
log "building $image (recipe $recipe_hash): apt-get install openjdk-17-jre-headless"
t0=$SECONDS
docker build --label "$label=$recipe_hash" --build-arg "BASE_IMAGE=$base_image" -t "$image" "$here" \
    > "$repo_root/.testhosts-cache/java-build.log" 2>&1 \
    || { log "docker build failed; see .testhosts-cache/java-build.log"; tail -n 20 "$repo_root/.testhosts-cache/java-build.log" >&2; exit 1; }
log "built $image in $((SECONDS - t0))s"
