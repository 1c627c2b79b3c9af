#!/usr/bin/env bash
# Start-up cost: local, read-only commands vs a bare JVM start, same JVM flags as ./netune.
#   bench/startup.sh [RUNS]   (default 20; uses hyperfine when installed, else a date loop)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-20}
"$root/netune" --version >/dev/null
work=$(mktemp -d /tmp/netune-startup.XXXXXX); trap 'rm -rf "$work"' EXIT
cp "$root/target/netune.jar" "$work/netune.jar"
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
cat > "$work/Empty.java" <<'J'
public class Empty { public static void main(String[] a) { } }
J
javac -d "$work" "$work/Empty.java"
cd "$root" # the profiles glob below is expanded here: hyperfine -N runs without a shell
cmds=("java $flags -cp $work Empty"
      "java $flags -jar $work/netune.jar --version"
      "java $flags -jar $work/netune.jar validate $(echo profiles/*.yaml)"
      "java $flags -jar $work/netune.jar plan -p profiles/base.yaml")
echo "start-up: $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ), $runs runs each"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/h.json" "${cmds[@]}"
    python3 -c 'import json,sys; [print("%-8.1f median ms  %s" % (r["median"]*1000, r["command"].split("/")[-1])) for r in json.load(open(sys.argv[1]))["results"]]' "$work/h.json"
    exit
fi
printf '%-70s %10s %14s\n' command "median ms" "min-max ms"
for c in "${cmds[@]}"; do
    bash -c "$c" >/dev/null 2>&1 || true
    ts=()
    for _ in $(seq 1 "$runs"); do
        t=$(date +%s%N); bash -c "$c" >/dev/null 2>&1 || true; ts+=($(( ($(date +%s%N) - t) / 1000000 )))
    done
    read -r m lo hi < <(printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print m, a[1], a[NR]}')
    printf '%-70s %10s %14s\n' "${c//$work\//}" "$m" "$lo-$hi"
done
