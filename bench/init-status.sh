#!/usr/bin/env bash
# Whole-process wall time (median of RUNS) and peak RSS of `init`, `status` and `status --json` for the
# 40,000-job alpha production (config/examples/alpha.yaml), JVM start included, with the shaded jar.
# Works on a temporary copy of config/ in its own temporary git repository (the checkout is never tagged);
# base_path points into the temporary folder. The JVM options are those bin/production-manager uses
# (PM_JAVA_OPTS, default below). Prints a Markdown table on stdout; CPU = user + system seconds.
#
#   mvn -B -o -DskipTests package && bench/init-status.sh
#   RUNS=9 JAVA=/path/to/java bench/init-status.sh
#   NO_GIT=1 bench/init-status.sh          # init --no-git, without a repository
#   PM_JAVA_OPTS=" " bench/init-status.sh  # plain `java -jar`
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/production-manager.jar}
RUNS=${RUNS:-5}
JAVA=${JAVA:-java}
NO_GIT=${NO_GIT:-0}
# shellcheck disable=SC2206
OPTS=(${PM_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xms32m -Xmx1g})

[ -f "$JAR" ] || { echo "no $JAR: build it first with mvn -B -o -DskipTests package" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is needed for the peak RSS" >&2; exit 1; }

WORK=$(mktemp -d /tmp/pm-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
REPO=$WORK/repo
OUT=$WORK/productions
mkdir -p "$REPO/config/productions"
for sub in defaults schemas templates; do cp -r "$ROOT/config/$sub" "$REPO/config/"; done
sed "s#base_path: .*#base_path: \"$OUT\"#" "$ROOT/config/examples/alpha.yaml" > "$REPO/config/productions/alpha.yaml"
INIT_FLAGS=()
if [ "$NO_GIT" = 1 ]; then
  INIT_FLAGS+=(--no-git)
else
  git -C "$REPO" init -q -b main
  git -C "$REPO" -c user.name=bench -c user.email=bench@localhost add -A
  git -C "$REPO" -c user.name=bench -c user.email=bench@localhost commit -q -m "bench configuration"
fi

pm() { "$JAVA" "${OPTS[@]}" -jar "$JAR" --config-dir "$REPO/config" --state-dir "$WORK/state" "$@"; }

# run LABEL SETUP -- ARGS...: RUNS timed runs of `pm ARGS`, SETUP (a shell snippet) before each one
declare -a ROWS
run() {
  local label=$1 setup=$2; shift 3
  local times=() rss=() cpus=()
  for _ in $(seq "$RUNS"); do
    eval "$setup"
    (cd "$REPO" && /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.txt" "$JAVA" "${OPTS[@]}" -jar "$JAR" --config-dir "$REPO/config" \
        --state-dir "$WORK/state" "$@" > "$WORK/last.out" 2> "$WORK/last.err") \
      || { echo "$label failed:" >&2; cat "$WORK/last.out" "$WORK/last.err" >&2; exit 1; }
    read -r t m u s < <(tail -1 "$WORK/time.txt")
    times+=("$t"); rss+=("$m"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
  done
  local median max_rss cpu
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  max_rss=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  ROWS+=("| \`$label\` | $median | $(printf '%s ' "${times[@]}")| $cpu | $((max_rss / 1024)) |")
}

run "init alpha${INIT_FLAGS[*]:+ ${INIT_FLAGS[*]}}" 'rm -rf "$OUT"' -- init alpha "${INIT_FLAGS[@]}"
run "status alpha" ':' -- status alpha
run "status alpha --json" ':' -- status alpha --json
run "status alpha --verbose" ':' -- status alpha --verbose

jobs=$(pm status alpha --json | grep -o '"total" : [0-9]*' | grep -o '[0-9]*$')
echo "## init and status of alpha ($jobs jobs), whole process, $RUNS runs"
echo
echo "$(uname -srm), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1), JVM options: ${OPTS[*]:-none}"
echo
echo "| command | median wall s | all runs wall s | median CPU s | peak RSS MiB |"
echo "| --- | ---: | --- | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
