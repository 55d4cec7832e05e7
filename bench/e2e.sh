#!/usr/bin/env bash
# End to end on the real local SLURM: TASKS generator tasks run (1) by the production-manager daemon
# (`run`, poll every 5 s) and then (2) by one raw `sbatch --array` of the same command, one after the
# other. Prints the makespans (first submit -> all COMPLETED), their ratio and the scheduler calls.
#
#   bash bench/e2e.sh [TASKS]     (default 2000; a multiple of 20: TASKS/20 realizations x 20 redshifts)
#
# PM_E2E_MAX_QUEUED=N: the production gets execution.max_queued N in batches of N/2 (PM_E2E_BATCH), the
# raw array the same throttle (--array=0-(TASKS-1)%N). PM_E2E_TASK=trivial: each task copies a small
# file to its output (validation format any) instead of running the toy generator.
#
# Holds /tmp/pm-slurm.lock for the whole run, so it does not overlap other users' SLURM tests.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/production-manager.jar"
tasks="${1:-2000}"
(( tasks % 20 == 0 )) || { echo "bench e2e: TASKS must be a multiple of 20" >&2; exit 2; }
realizations=$((tasks / 20))
max_queued="${PM_E2E_MAX_QUEUED:-0}"
batch="${PM_E2E_BATCH:-$(( max_queued > 0 ? max_queued / 2 : tasks ))}"
task_kind="${PM_E2E_TASK:-generator}"
# The task command, the same in both runs: the toy generator (one JVM per task, started lean).
gen_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
launcher_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xms32m -Xmx1g"

if [[ -z "${PM_BENCH_LOCKED:-}" ]]; then
  exec env PM_BENCH_LOCKED=1 flock /tmp/pm-slurm.lock bash "$0" "$@"
fi

command -v sbatch >/dev/null || { echo "bench e2e: no sbatch on PATH (start SLURM: scripts/slurm-local.sh start)" >&2; exit 1; }
sinfo -h >/dev/null 2>&1 || { echo "bench e2e: SLURM does not answer (scripts/slurm-local.sh status)" >&2; exit 1; }
[[ -f "$jar" ]] || (cd "$here" && mvn -B -o -DskipTests package >/dev/null)

now_ms() { date +%s%3N; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
w="$(mktemp -d "${PM_BENCH_TMP:-/tmp}/pm-bench-e2e.XXXXXX")"
cp -r "$here/config" "$w/config"
sed -e 's|^  executor: local|  executor: slurm|' "$w/config/defaults/local.yaml" > "$w/config/defaults/bench.yaml"
rm -f "$w/config/productions/"*.yaml
if [[ "$task_kind" == trivial ]]; then
  pm_command="cp /etc/hostname {output}"
  raw_command='exec cp /etc/hostname "$out"'
  validation="  validation: {format: any}"
else
  pm_command="java $gen_opts -cp {app_jar} io.productionmanager.mock.MockCatalogGenerator --realization {realization} --redshift {redshift} --output {output} --attempt {attempt}"
  raw_command="exec java $gen_opts -cp $jar io.productionmanager.mock.MockCatalogGenerator --realization \"\$r\" --redshift \"\$z\" --output \"\$out\" --attempt 1"
  validation=""
fi
throttle=""
(( max_queued > 0 )) && throttle="%$max_queued"
cat > "$w/config/productions/e2e.yaml" <<EOF
production:
  name: "e2e"
  version: "v1.0"
  description: "End-to-end benchmark: $realizations realizations x 20 redshifts"
science:
  cosmology: "AbacusSummit"
  redshifts: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
              1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0]
  realizations: {start: 0, count: $realizations, step: 1}
execution:
  job_type: "cpu_intensive"
  batch_size: $batch
  max_queued: $max_queued
  auto_submit: true
  command: "$pm_command"
resources:
  max_array_size: $tasks
outputs:
  base_path: "$w/productions"
  structure: "hierarchical"
$validation
EOF

# The daemon's scheduler commands go through wrappers that log each call before running the real one
# (the count is exact and does not depend on the metrics endpoint).
mkdir -p "$w/wrap"
slurm_props=()
for c in sbatch squeue sacct scancel sinfo; do
  real="$(command -v "$c")"
  printf '#!/bin/bash\necho "%s $*" >> %q\nexec %q "$@"\n' "$c" "$w/wrap/calls.log" "$real" > "$w/wrap/$c"
  chmod +x "$w/wrap/$c"
  slurm_props+=("-Dpm.slurm.$c=$w/wrap/$c")
done
: > "$w/wrap/calls.log"

pm() { java $launcher_opts -jar "$jar" --config-dir "$w/config" --machine bench "$@"; }

echo "## end to end on the local SLURM: $tasks tasks ($task_kind), max_queued ${max_queued} (0 = none), batches of $batch"
echo
echo "machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM, $(java -version 2>&1 | head -1), $(date -u '+%Y-%m-%d %H:%M UTC'); $(sinfo -V), node CPUs $(scontrol show node | sed -n 's/.*CPUTot=\([0-9]*\).*/\1/p' | head -1)"
echo "task command (both runs): \`$pm_command\`; raw array throttle: \`${throttle:-none}\`"
echo
echo "load average before: $(loadavg)"

# ------------------------------------------------------------------ 1. production-manager daemon
# The daemon starts the production itself (init, stage, submit): its file is dropped with auto_submit
# true in a committed configuration, which is what lets the daemon submit it.
printf 'productions/\nwrap/\nraw/\n.pm/\n*.out\n*.err\n' > "$w/.gitignore"
(cd "$w" && git init -q && git add .gitignore config && git -c user.name=bench -c user.email=bench@localhost commit -qm "e2e bench")
db="$w/productions/e2e/metadata/production.db"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
(cd "$w" && exec java $launcher_opts "${slurm_props[@]}" -jar "$jar" --config-dir "$w/config" --machine bench run --http-port "$port" \
    --poll-cron '0/5 * * * * ?' > "$w/daemon.out" 2> "$w/daemon.err") &
daemon=$!
deadline=$((SECONDS + 3600))
while :; do
  sleep 2
  kill -0 "$daemon" 2>/dev/null || { cat "$w/daemon.err" >&2; echo "bench e2e: daemon exited" >&2; exit 1; }
  [[ -f "$db" ]] || continue  # the daemon has not initialized the production yet
  read -r done bad < <(sqlite3 "$db" "SELECT SUM(state = 'COMPLETED'), SUM(state IN ('FAILED', 'CANCELLED')) FROM jobs" | tr '|' ' ')
  (( done == tasks )) && break
  (( bad > 0 )) && echo "bench e2e: $bad jobs FAILED or CANCELLED so far (retries may follow)" >&2
  (( SECONDS < deadline )) || { echo "bench e2e: timed out" >&2; kill -TERM "$daemon"; exit 1; }
done
pm_rss="$(ps -o rss= -p "$daemon" | awk '{printf "%.0f", $1/1024}')"
kill -TERM "$daemon"; wait "$daemon" || true
pm_submit="$(sqlite3 "$db" "SELECT MIN(at) FROM events WHERE kind = 'BATCH_SUBMITTING'")"
pm_done="$(sqlite3 "$db" "SELECT MAX(at) FROM events WHERE to_state = 'COMPLETED'")"
pm_array="$(sqlite3 "$db" "SELECT GROUP_CONCAT(array_id) FROM batches")"
pm_batches="$(sqlite3 "$db" "SELECT COUNT(*) FROM batches")"
pm_attempts="$(sqlite3 "$db" "SELECT MAX(attempt) FROM jobs")"
calls() { grep -c "^$1 " "$w/wrap/calls.log" || true; }

# ------------------------------------------------------------------ 2. one raw sbatch --array
mkdir -p "$w/raw/logs" "$w/raw/catalogs"
cat > "$w/raw/raw.sh" <<EOF
#!/bin/bash
#SBATCH --job-name=raw_e2e
#SBATCH --array=0-$((tasks - 1))$throttle
#SBATCH --output=$w/raw/logs/raw_%a.out
#SBATCH --error=$w/raw/logs/raw_%a.err
#SBATCH --partition=debug
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=00:30:00
zs=(0.100 0.200 0.300 0.400 0.500 0.600 0.700 0.800 0.900 1.000 1.100 1.200 1.300 1.400 1.500 1.600 1.700 1.800 1.900 2.000)
r=\$((SLURM_ARRAY_TASK_ID / 20))
z=\${zs[SLURM_ARRAY_TASK_ID % 20]}
out=$w/raw/catalogs/r\$(printf %04d "\$r")/mock_z\$z.hdf5
mkdir -p "\${out%/*}"
$raw_command
EOF
raw_squeue=0; raw_sacct=0
raw_submit="$(now_ms)"
raw_array="$(sbatch --parsable "$w/raw/raw.sh")"
while :; do
  sleep 1
  raw_squeue=$((raw_squeue + 1))
  if [[ -z "$(squeue -h -j "$raw_array" -o %i 2>/dev/null)" ]]; then
    raw_sacct=$((raw_sacct + 1))
    n="$(sacct -X -n -P -j "$raw_array" --format=State | grep -c '^COMPLETED' || true)"
    (( n == tasks )) && break
  fi
done
raw_done="$(now_ms)"
raw_files="$(find "$w/raw/catalogs" -name '*.hdf5' | wc -l)"

# scheduler side (sacct): array submit -> last task end, for both
span() {
  sacct -X -n -P -j "$1" --format=Submit,End | python3 -c '
import sys, datetime
rows = [l.strip().split("|") for l in sys.stdin if l.strip()]
sub = min(datetime.datetime.fromisoformat(r[0]) for r in rows)
end = max(datetime.datetime.fromisoformat(r[1]) for r in rows if r[1] not in ("Unknown", "None"))
print(int((end - sub).total_seconds()))'
}
pm_span="$(span "$pm_array")"
raw_span="$(span "$raw_array")"

pm_ms=$((pm_done - pm_submit)); raw_ms=$((raw_done - raw_submit))
echo "load average after: $(loadavg)"
echo
echo "| run | makespan s (first submit → all COMPLETED seen) | scheduler-side s (sacct: submit → last task end) | sbatch | squeue | sacct | scancel |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '| production-manager `run` (poll every 5 s; %s batch, max attempt %s) | %.1f | %s | %s | %s | %s | %s |\n' \
  "$pm_batches" "$pm_attempts" "$(echo "$pm_ms / 1000" | bc -l)" "$pm_span" "$(calls sbatch)" "$(calls squeue)" "$(calls sacct)" "$(calls scancel)"
printf '| raw `sbatch --array=0-%d%s` (squeue every 1 s, sacct once empty) | %.1f | %s | 1 | %s | %s | 0 |\n' \
  "$((tasks - 1))" "$throttle" "$(echo "$raw_ms / 1000" | bc -l)" "$raw_span" "$raw_squeue" "$raw_sacct"
echo
printf 'ratio production-manager / raw: %.3f (makespan), %.3f (scheduler side); daemon RSS at the end: %s MiB; raw outputs written: %s\n' \
  "$(echo "$pm_ms / $raw_ms" | bc -l)" "$(echo "$pm_span / $raw_span" | bc -l)" "$pm_rss" "$raw_files"
[[ "${PM_BENCH_KEEP:-0}" == 1 ]] && echo "kept: $w" || rm -rf "$w"
