#!/usr/bin/env bash
# Start-up cost of local, read-only commands as ratios to a bare JVM (`java -version`) measured in
# the same run, for the source launcher (./netune) and the installed one (bin/netune of the release
# archive, unpacked into a temp dir with its own HOME, so its per-user class-data-sharing archive is
# made by the warm-up run as a user's first run makes it), and the JVM flags one at a time.
#   bench/startup.sh [RUNS]   (default 11, at least 5; medians; the commands take turns in each round,
#                              so load from other work on the machine falls on all of them alike)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-11}
((runs >= 5)) || { echo "startup: at least 5 runs" >&2; exit 1; }
cd "$root"
"$root/netune" --version >/dev/null # builds target/netune.jar and target/netune.jsa when stale
version=$(sed -n 's/^netune \([^ ]*\) .*/\1/p' <<< "$("$root/netune" --version)")
tarball="$root/target/netune-$version.tar.gz"
if [[ ! -f $tarball || $root/target/netune.jar -nt $tarball ]]; then
    echo "startup: building the release archive (mvn package) ..." >&2
    mvn -q -B -DskipTests package >&2
fi
work=$(mktemp -d /tmp/netune-startup.XXXXXX); trap 'rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work"
mkdir -p "$work/home"
installed="env HOME=$work/home XDG_CACHE_HOME= $work/netune-$version/bin/netune"
jar="$root/target/netune.jar"
profile=profiles/web-server.yaml
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
cds="-XX:SharedArchiveFile=$root/target/netune.jsa -Xlog:cds*=off"
names=("java -version (bare JVM)"
       "./netune --version" "./netune validate" "installed --version" "installed validate"
       "validate: no flags" "validate: TieredStopAtLevel=1" "validate: +SerialGC" "validate: both, no CDS"
       "validate: both + CDS")
cmds=("java -version"
      "./netune --version" "./netune validate $profile" "$installed --version" "$installed validate $profile"
      "java -jar $jar validate $profile"
      "java -XX:TieredStopAtLevel=1 -jar $jar validate $profile"
      "java -XX:+UseSerialGC -jar $jar validate $profile"
      "java $flags -jar $jar validate $profile"
      "java $flags $cds -jar $jar validate $profile")
for c in "${cmds[@]}"; do # warm-up: page cache, and the installed launcher's archive
    $c >/dev/null 2>&1 || { echo "startup: '$c' failed" >&2; exit 1; }
done
declare -A ts
for _ in $(seq 1 "$runs"); do
    for i in "${!cmds[@]}"; do
        t=$(date +%s%N); ${cmds[$i]} >/dev/null 2>&1; ts[$i]+="$(( ($(date +%s%N) - t) / 100000 )) "
    done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f %.1f %.1f\n", m / 10, a[1] / 10, a[NR] / 10}'; }
echo "start-up: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), $runs rounds, $(java -version 2>&1 | head -1)"
printf '| %-30s | %9s | %13s | %12s |\n' command "median ms" "min-max ms" "x bare JVM"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..32})" "-----------:" "--------------:" "-------------:"
read -r bare _ < <(median "${ts[0]}")
for i in "${!cmds[@]}"; do
    read -r m lo hi < <(median "${ts[$i]}")
    printf '| %-30s | %9s | %13s | %11.2fx |\n' "${names[$i]}" "$m" "$lo-$hi" "$(awk -v a="$m" -v b="$bare" 'BEGIN {print a / b}')"
done
echo "(targets: --version <= 3x, validate <= 4x of the bare JVM, both launchers)"
