#!/usr/bin/env bash
# Benchmark harness of production-manager (DESIGN.md §10). Each subcommand prints Markdown.
#
#   bash bench/run.sh stage   [RUNS]        init, stage, status of the 40,000-job alpha production (default 5 runs)
#   bash bench/run.sh commands [RUNS]       start time of status (40,000 jobs), list, validate, without and with the AppCDS archive (default 7 runs)
#   bash bench/run.sh poll    [CYCLES] [REALIZ]      one poll cycle at 40,000 QUEUED jobs, fake squeue/sacct (default 5 steady cycles)
#   bash bench/run.sh validate [ROWS] [REALIZ]  the poll cycle that validates 40,000 finished HDF5 outputs, per outputs.validation
#   bash bench/run.sh million [REALIZ]      init, stage, status at REALIZ x 20 jobs (default 50,000 x 20 = 1,000,000)
#   bash bench/run.sh daemon  [CYCLES] [REALIZ]  resident memory of `run` tracking 40,000 QUEUED jobs (default 8 poll
#                                           cycles); PM_BENCH_DAEMON_START=K: every task reported running from cycle K+1
#   bash bench/run.sh startup [RUNS]        where stage's time goes: JVM start, Camel start, staging (and an AppCDS archive)
#   bash bench/run.sh e2e     [TASKS]       real local SLURM: daemon `run` vs one raw sbatch --array (default 2,000 tasks)
#
# Environment: PM_BENCH_TMP (parent of the scratch folders, default /tmp), PM_BENCH_KEEP=1 keeps them,
# PM_BENCH_JAVA_OPTS (extra JVM options for every measured process).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${PM_BENCH_JAR:-$here/target/production-manager.jar}"
tmp_parent="${PM_BENCH_TMP:-/tmp}"
# The JVM options of bin/production-manager (what users run); "plain" is `java -jar` with defaults.
launcher_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xms32m -Xmx1g"
# what bin/production-manager gives the daemon (`run`): the optimizing compiler too
run_opts="-XX:+UseSerialGC -Xshare:auto -Xms32m -Xmx1g"

die() { echo "bench: $*" >&2; exit 1; }

ensure_built() {
  [[ -z "${PM_BENCH_JAR:-}" ]] || return 0  # a given jar is measured as it is
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$here/src/main" "$here/routes" -newer "$jar" -type f -print -quit)" ]]; then
    (cd "$here" && mvn -B -o -DskipTests package >/dev/null) || die "mvn package failed"
  fi
  if [[ ! -f "$here/target/test-classes/io/productionmanager/bench/PollCycleBench.class" ]] \
      || [[ -n "$(find "$here/src/test/java/io/productionmanager/bench" -newer "$here/target/test-classes/io/productionmanager/bench/PollCycleBench.class" -type f -print -quit)" ]]; then
    (cd "$here" && mvn -B -o test-compile >/dev/null) || die "mvn test-compile failed"
  fi
}

machine_header() {
  echo "machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM, $(java -version 2>&1 | head -1), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# A scratch folder with a copy of config/ whose base_path points inside it, and a "bench" machine
# (the local defaults with the slurm executor, so the fake or real squeue/sacct are used).
new_workdir() {
  local w
  w="$(mktemp -d "$tmp_parent/pm-bench.XXXXXX")"
  cp -r "$here/config" "$w/config"
  # the benchmarks run the 40,000-job example as a production of their own
  cp "$w/config/examples/alpha.yaml" "$w/config/productions/alpha.yaml"
  sed -i "s|base_path: \"./productions\"|base_path: \"$w/productions\"|" "$w/config/productions/alpha.yaml"
  sed -e 's|^  executor: local|  executor: slurm|' "$w/config/defaults/local.yaml" > "$w/config/defaults/bench.yaml"
  grep -q 'executor: slurm' "$w/config/defaults/bench.yaml" || die "could not derive the bench machine"
  echo "$w"
}

cleanup() { [[ "${PM_BENCH_KEEP:-0}" == 1 ]] || rm -rf "$1"; }

# make_archive FILE: the class-data archive bin/production-manager makes: the classes its training run loads
# (init, stage, status, list, validate of a small demo production in a scratch folder), dumped into a static archive
make_archive() {
  local out="$1" scratch
  scratch="$(mktemp -d "$tmp_parent/pm-bench-cds.XXXXXX")"
  XDG_CACHE_HOME="$scratch/cache" java $launcher_opts -XX:DumpLoadedClassList="$scratch/classlist" -cp "$jar" \
    io.productionmanager.cli.ArchiveTraining "$scratch/work" > /dev/null 2>&1 || die "the archive's training run failed"
  java $launcher_opts -Xshare:dump -XX:SharedClassListFile="$scratch/classlist" -XX:SharedArchiveFile="$out" -Xlog:cds*=off \
    -cp "$jar" > /dev/null 2>&1 || die "no AppCDS archive made"
  [[ -s "$out" ]] || die "no AppCDS archive made"
  rm -rf "$scratch"
}

# timed LABEL OUTFILE -- command...: runs it under /usr/bin/time, appends "elapsed user sys maxrss_kb" to OUTFILE
timed() {
  local out="$1"; shift
  local t; t="$(mktemp)"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" > "$t.stdout" 2> "$t.stderr"; then
    cat "$t.stdout" "$t.stderr" >&2; die "failed: $*"
  fi
  tail -1 "$t" >> "$out"
  cat "$t.stdout" >> "$out.log"
  rm -f "$t" "$t.stdout" "$t.stderr"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
minmax() { sort -n | awk 'NR==1{min=$1} {max=$1} END {printf "%s–%s", min, max}'; }

# row NAME FILE: one table row from a file of "elapsed user sys rss" lines
row() {
  local name="$1" f="$2"
  local el cpu rss
  el="$(awk '{print $1}' "$f" | median)"
  cpu="$(awk '{printf "%.2f\n", $2+$3}' "$f" | median)"
  rss="$(awk '{printf "%.0f\n", $4/1024}' "$f" | median)"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$(wc -l < "$f")" "$el" "$(awk '{print $1}' "$f" | minmax)" "$cpu" "$rss"
}

pm() { java $jvm_opts ${PM_BENCH_JAVA_OPTS:-} -jar "$jar" --config-dir "$w/config" "$@"; }
# the same as a plain command line, for /usr/bin/time (which cannot run shell functions)
pmcmd() { pm_argv=(java $jvm_opts ${PM_BENCH_JAVA_OPTS:-} -jar "$jar" --config-dir "$w/config"); }

# ---------------------------------------------------------------- stage: init, stage, status at 40,000 jobs
cmd_stage() {
  local runs="${1:-5}"
  ensure_built
  echo "## init, stage, status: alpha, 2,000 x 20 = 40,000 jobs, whole process (JVM start included)"
  echo
  machine_header
  echo "load average before: $(loadavg)"
  echo
  local res; res="$(mktemp -d)"
  local jsa="$res/pm.jsa"
  make_archive "$jsa"
  for variant in plain launcher archive; do
    case "$variant" in
      plain) jvm_opts="" ;;
      launcher) jvm_opts="$launcher_opts" ;;
      archive) jvm_opts="$launcher_opts -XX:SharedArchiveFile=$jsa -Xlog:cds*=off" ;;
    esac
    for ((i = 1; i <= runs; i++)); do
      w="$(new_workdir)"
      pmcmd; timed "$res/$variant.init" "${pm_argv[@]}" init --no-git alpha
      timed "$res/$variant.stage" "${pm_argv[@]}" stage alpha
      timed "$res/$variant.status" "${pm_argv[@]}" status alpha
      [[ "$(find "$w/productions/alpha/logs" -name 'batch_*.sh' | wc -l)" == 40 ]] || die "stage did not write 40 scripts"
      cleanup "$w"
    done
  done
  echo "| command (\`java -jar\`, default JVM options) | runs | median s | range s | median CPU s (user+sys) | median peak RSS MiB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for c in init stage status; do row "$c" "$res/plain.$c"; done
  echo
  echo "| command (bin/production-manager JVM options: \`$launcher_opts\`) | runs | median s | range s | median CPU s (user+sys) | median peak RSS MiB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for c in init stage status; do row "$c" "$res/launcher.$c"; done
  echo
  echo "| command (the same options and the class-data archive bin/production-manager makes) | runs | median s | range s | median CPU s (user+sys) | median peak RSS MiB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for c in init stage status; do row "$c" "$res/archive.$c"; done
  echo
  echo "load average after: $(loadavg)"
  rm -rf "$res"
}

# ---------------------------------------------------------------- commands: start time of status, list, validate
# Whole processes with the launcher's JVM options, without and with the AppCDS archive that
# bin/production-manager makes (make_archive: the class list of its training run, dumped into a static
# archive with -Xshare:dump, then -XX:SharedArchiveFile), and bin/production-manager itself (bash, its
# checks, its own archive made by a first run before the measured ones; not with PM_BENCH_JAR). Every run is
# printed, then the medians. The SQLite native library is extracted to the cache, and the configurations'
# schema passes remembered, once before the runs, as a first command would do.
cmd_commands() {
  local runs="${1:-7}"
  ensure_built
  echo "## command start: status (40,000 jobs), list, validate; whole process, launcher JVM options"
  echo
  machine_header
  w="$(new_workdir)"
  jvm_opts="$launcher_opts"
  pm init --no-git alpha > /dev/null
  pm stage alpha > /dev/null
  local jsa="$w/pm.jsa"
  make_archive "$jsa"
  echo "AppCDS archive: $(( $(stat -c %s "$jsa") / 1024 / 1024 )) MiB, static, from the classes of the launcher's training run"
  echo
  local variants="none archive"
  if [[ -z "${PM_BENCH_JAR:-}" ]]; then
    variants="none archive launcher"
    PM_CDS_ARCHIVE="$w/launcher.jsa" bash "$here/bin/production-manager" --config-dir "$w/config" status alpha > /dev/null
    [[ -s "$w/launcher.jsa" ]] || die "bin/production-manager made no archive"
  fi
  for c in "status alpha" "list" "validate alpha"; do
    # shellcheck disable=SC2086
    pm $c > /dev/null
  done
  echo "load average before: $(loadavg)"
  echo
  local res; res="$(mktemp -d)"
  local variant c i
  for ((i = 1; i <= runs; i++)); do
    for variant in $variants; do
      if [[ "$variant" == none ]]; then jvm_opts="$launcher_opts"; else jvm_opts="$launcher_opts -XX:SharedArchiveFile=$jsa -Xlog:cds*=off"; fi
      for c in "status alpha" "list" "validate alpha"; do
        if [[ "$variant" == launcher ]]; then
          # shellcheck disable=SC2086
          PM_CDS_ARCHIVE="$w/launcher.jsa" timed "$res/$variant.${c%% *}" bash "$here/bin/production-manager" --config-dir "$w/config" $c
        else
          pmcmd
          # shellcheck disable=SC2086
          timed "$res/$variant.${c%% *}" "${pm_argv[@]}" $c
        fi
      done
    done
  done
  echo "| command | archive | runs | median s | range s | median CPU s (user+sys) | median peak RSS MiB | every run, s (CPU s) |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
  for c in status list validate; do
    for variant in $variants; do
      local f="$res/$variant.$c"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$variant" "$(wc -l < "$f")" \
        "$(awk '{print $1}' "$f" | median)" "$(awk '{print $1}' "$f" | minmax)" \
        "$(awk '{printf "%.2f\n", $2 + $3}' "$f" | median)" "$(awk '{printf "%.0f\n", $4 / 1024}' "$f" | median)" \
        "$(awk '{printf "%s%s (%.2f)", (NR > 1 ? ", " : ""), $1, $2 + $3}' "$f")"
    done
  done
  echo
  echo "load average after: $(loadavg)"
  rm -rf "$res"
  cleanup "$w"
}

# A workdir with alpha initialized, staged and all 40,000 jobs QUEUED in 40 arrays unknown to any
# scheduler, plus the fake squeue/sacct answering for them (in $w/fake).
queued_alpha() {
  local realizations="${1:-2000}" edit="${2:-}"
  # PM_BENCH_REUSE=DIR: prepare the QUEUED production once in DIR (kept, with a pristine copy in
  # DIR.pristine) and restore it from that copy on later runs; setting up a million jobs takes minutes
  if [[ -n "${PM_BENCH_REUSE:-}" && -z "$edit" ]]; then
    w="$PM_BENCH_REUSE"
    if [[ -d "$w.pristine" ]]; then
      rm -rf "$w" && cp -a "$w.pristine" "$w"
      jvm_opts="$launcher_opts"
      return 0
    fi
    rm -rf "$w" && mkdir -p "$w"
    local fresh; fresh="$(new_workdir)"
    cp -a "$fresh/." "$w/" && rm -rf "$fresh"
    sed -i "s|base_path: \"$fresh/productions\"|base_path: \"$w/productions\"|" "$w/config/productions/alpha.yaml"
    queued_alpha_in "$realizations" "$edit"
    cp -a "$w" "$w.pristine"
    return 0
  fi
  w="$(new_workdir)"
  queued_alpha_in "$realizations" "$edit"
}

queued_alpha_in() {
  local realizations="$1" edit="$2"
  # an optional function that edits the production file before init
  [[ -z "$edit" ]] || "$edit" "$w/config/productions/alpha.yaml"
  jvm_opts="$launcher_opts"
  # the daemon must not declare the jobs LOST while it is measured
  sed -i 's|^    initial_delay_minutes: 10.0|&\n    lost_grace_minutes: 100000|' "$w/config/productions/alpha.yaml"
  grep -q lost_grace_minutes "$w/config/productions/alpha.yaml" || die "could not set lost_grace_minutes"
  sed -i "s|^    count: 2000|    count: $realizations|" "$w/config/productions/alpha.yaml"
  pm --machine bench init --no-git alpha > /dev/null
  pm --machine bench stage alpha > /dev/null
  mkdir -p "$w/fake"
  cp "$here"/bench/fake-slurm/* "$w/fake/"
  echo pending > "$w/fake/mode"
  java -cp "$jar:$here/target/test-classes" io.productionmanager.bench.QueuedProduction \
    "$w/config" bench alpha 900000 "$w/fake" >&2
}

# ---------------------------------------------------------------- poll: one cycle at 40,000 QUEUED jobs
cmd_poll() {
  local cycles="${1:-5}" realizations="${2:-2000}"
  ensure_built
  echo "## one poll cycle: $(printf "%'d" $((realizations * 20))) QUEUED jobs in $((realizations * 20 / 1000)) arrays, fake squeue/sacct with canned answers"
  echo
  machine_header
  echo "load average before: $(loadavg)"
  echo
  queued_alpha "$realizations"
  : > "$w/fake/calls.log"
  /usr/bin/time -f '%M' -o "$w/poll.rss" java ${PM_BENCH_POLL_OPTS:-} ${PM_BENCH_JAVA_OPTS:-} -cp "$jar:$here/target/test-classes" io.productionmanager.bench.PollCycleBench \
    "$w/config" bench alpha "$w/fake" "$cycles"
  echo
  echo "JVM options: \`${PM_BENCH_POLL_OPTS:-} ${PM_BENCH_JAVA_OPTS:-}\`; peak RSS of the polling process: $(( $(tail -1 "$w/poll.rss") / 1024 )) MiB"
  echo "fake scheduler calls logged: $(grep -c '^squeue' "$w/fake/calls.log") squeue, $(grep -c '^sacct' "$w/fake/calls.log") sacct, $(grep -vc '^squeue\|^sacct' "$w/fake/calls.log") other"
  echo "squeue answer: $(wc -l < "$w/fake/squeue-pending.txt") lines ($(du -h "$w/fake/squeue-pending.txt" | cut -f1)); sacct answer: $(wc -l < "$w/fake/sacct-pending.txt") lines"
  echo "load average after: $(loadavg)"
  cleanup "$w"
}

# ---------------------------------------------------------------- validate: the cycle that validates 40,000 outputs
# alpha's outputs.validation per variant: as shipped (the toy's four datasets), the default (no
# required dataset: opens as HDF5 and holds one), and format any (exists, min_bytes)
alpha_default_validation() { sed -i '/^  validation:/d; /^    format: hdf5/d; /^    required_datasets:/d' "$1"; }
alpha_any_format() { sed -i 's/^    format: hdf5/    format: any/; /^    required_datasets:/d' "$1"; }

cmd_validate() {
  local rows="${1:-100}" realizations="${2:-2000}"
  ensure_built
  echo "## the poll cycle that sees $(printf "%'d" $((realizations * 20))) jobs finished and validates every output (fake squeue/sacct)"
  echo
  machine_header
  echo "load average before: $(loadavg)"
  echo
  echo "| alpha's outputs.validation | jobs | output bytes (toy catalog, $rows rows) | writing the outputs ms | changed | COMPLETED | FAILED | poll cycle ms |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  local variant edit
  for variant in ${PM_BENCH_VARIANTS:-shipped default any}; do
    case "$variant" in
      shipped) edit="" ;;
      default) edit=alpha_default_validation ;;
      any) edit=alpha_any_format ;;
    esac
    queued_alpha "$realizations" "$edit"
    printf '| %s | ' "$variant"
    java ${PM_BENCH_JAVA_OPTS:-} -cp "$jar:$here/target/test-classes" io.productionmanager.bench.ValidationCycleBench \
      "$w/config" bench alpha "$w/fake" "$rows"
    cleanup "$w"
  done
  echo
  echo "load average after: $(loadavg)"
}

# ---------------------------------------------------------------- million: init, stage, status at 1,000,000 jobs
cmd_million() {
  local realizations="${1:-50000}"
  ensure_built
  local total=$((realizations * 20))
  echo "## $(printf "%'d" "$realizations") realizations x 20 redshifts = $(printf "%'d" "$total") jobs, whole process"
  echo
  machine_header
  echo "load average before: $(loadavg)"
  echo
  w="$(new_workdir)"
  jvm_opts="$launcher_opts"
  sed -e 's|^  name: "alpha"|  name: "million"|' -e "s|^    count: 2000|    count: $realizations|" \
    "$w/config/productions/alpha.yaml" > "$w/config/productions/million.yaml"
  rm "$w/config/productions/alpha.yaml"
  local res; res="$(mktemp -d)"
  pmcmd; timed "$res/init" "${pm_argv[@]}" init --no-git million
  local db="$w/productions/million/metadata/production.db"
  local db_size; db_size="$(du -h "$db" | cut -f1)"
  for i in 1 2 3; do timed "$res/status" "${pm_argv[@]}" status million; done
  timed "$res/stage" "${pm_argv[@]}" stage million
  for i in 1 2 3; do timed "$res/status-staged" "${pm_argv[@]}" status million; done
  echo "| command (bin/production-manager JVM options) | runs | median s | range s | median CPU s (user+sys) | median peak RSS MiB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  row init "$res/init"
  row "status (after init)" "$res/status"
  row stage "$res/stage"
  row "status (after stage)" "$res/status-staged"
  echo
  echo "job database after init: $db_size; after stage: $(du -h "$db" | cut -f1); whole production folder: $(du -sh "$w/productions/million" | cut -f1) ($(ls "$w/productions/million/logs" | grep -c '\.sh$') batch scripts)"
  echo "load average after: $(loadavg)"
  rm -rf "$res"
  cleanup "$w"
}

# ---------------------------------------------------------------- daemon: resident memory tracking 40,000 jobs
cmd_daemon() {
  local cycles="${1:-8}" realizations="${2:-2000}" start="${PM_BENCH_DAEMON_START:-0}"
  ensure_built
  local jobs; jobs="$(printf "%'d" $((realizations * 20)))"
  echo "## daemon resident memory: \`run\` tracking $jobs QUEUED jobs (fake squeue lists all $jobs tasks PENDING$( ((start > 0)) && echo ", then RUNNING from cycle $((start + 1))"))"
  echo
  machine_header
  echo "load average before: $(loadavg)"
  echo
  queued_alpha "$realizations"
  : > "$w/fake/calls.log"
  echo pending > "$w/fake/mode"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  local f="$w/fake"
  (cd "$w" && exec java $run_opts ${PM_BENCH_JAVA_OPTS:-} -Dpm.slurm.squeue="$f/squeue" -Dpm.slurm.sacct="$f/sacct" \
      -Dpm.slurm.sbatch="$f/sbatch" -Dpm.slurm.scancel="$f/scancel" -Dpm.slurm.sinfo="$f/sinfo" \
      -jar "$jar" --config-dir "$w/config" --machine bench run --http-port "$port" --poll-cron '0/5 * * * * ?' \
      > "$w/daemon.out" 2> "$w/daemon.err") &
  local pid=$!
  echo "| poll cycles done (squeue calls) | RSS MiB | JVM heap used / committed MiB (jcmd GC.heap_info) |"
  echo "| ---: | ---: | ---: |"
  local seen=-1 n=0 deadline=$((SECONDS + cycles * 5 + 120 + realizations / 100))
  while (( SECONDS < deadline )); do
    kill -0 "$pid" 2>/dev/null || { cat "$w/daemon.err" >&2; die "daemon exited"; }
    n="$(grep -c '^squeue' "$f/calls.log" || true)"
    if (( n != seen )); then
      seen=$n
      sleep 2  # let the cycle that just called squeue finish its transaction
      local rss heap
      rss="$(ps -o rss= -p "$pid" | awk '{printf "%.0f", $1/1024}')"
      # heap used / committed over all generations (young + old), from the GC's own report
      heap="$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/generation|region|PSYoungGen|ParOldGen/ {
          for (i = 1; i <= NF; i++) { if ($i == "total") { t = $(i+1); sub("K,?", "", t); tot += t }
                                      if ($i == "used") { u = $(i+1); sub("K,?", "", u); used += u } } }
          END { if (tot) printf "%.0f / %.0f", used/1024, tot/1024 }')"
      echo "| $n | $rss | ${heap:--} |"
      (( n >= cycles )) && break
      (( start > 0 && n == start )) && echo running > "$f/mode"
    fi
    sleep 0.5
  done
  local metrics hwm
  hwm="$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")"
  metrics="$(curl -s "http://127.0.0.1:$port/observe/metrics" | grep -E '^pm_scheduler_calls_total|^pm_jobs' | head -20 || true)"
  kill -TERM "$pid"; wait "$pid" || true
  echo
  echo "JVM options: \`$run_opts ${PM_BENCH_JAVA_OPTS:-}\`; peak RSS (VmHWM) while running: ${hwm:-?} MiB. Counts after the run:"
  (cd "$here" && jvm_opts="$launcher_opts" pm status alpha | sed -n '/jobs:/,/CANCELLED/p' | sed 's/^/    /')
  echo
  echo "scheduler calls logged by the fake: $(grep -c '^squeue' "$f/calls.log") squeue, $(grep -c '^sacct' "$f/calls.log") sacct, $(grep -vc '^squeue\|^sacct' "$f/calls.log") other"
  [[ -n "$metrics" ]] && { echo; echo '```'; echo "$metrics"; echo '```'; }
  echo "load average after: $(loadavg)"
  cleanup "$w"
}

# ---------------------------------------------------------------- startup: fixed cost of a command
cmd_startup() {
  local runs="${1:-5}"
  ensure_built
  echo "## where the time of \`stage\` goes (bin/production-manager JVM options, $runs runs each)"
  echo
  machine_header
  echo "load average before: $(loadavg)"
  echo
  w="$(new_workdir)"
  jvm_opts="$launcher_opts"
  pm init --no-git alpha > /dev/null
  local res; res="$(mktemp -d)"
  local cds="$w/pm.jsa"
  # the AppCDS archive bin/production-manager makes
  make_archive "$cds"
  for ((i = 1; i <= runs; i++)); do
    timed "$res/version" java $launcher_opts -jar "$jar" --version
    timed "$res/nothing" java $launcher_opts -jar "$jar" --config-dir "$w/config" stage alpha
    timed "$res/nothing-cds" java $launcher_opts -XX:SharedArchiveFile="$cds" -jar "$jar" --config-dir "$w/config" stage alpha
    rm -rf "$w/productions" "$w/.pm"   # the production and its entry in the workspace catalog
    pm init --no-git alpha > /dev/null
    timed "$res/phases" java $launcher_opts -cp "$jar:$here/target/test-classes" io.productionmanager.bench.StagePhases \
      "$w/config" local alpha 1000
    rm -rf "$w/productions" "$w/.pm"   # the production and its entry in the workspace catalog
    pm init --no-git alpha > /dev/null
    timed "$res/stage-cds" java $launcher_opts -XX:SharedArchiveFile="$cds" -jar "$jar" --config-dir "$w/config" stage alpha
    rm -rf "$w/productions" "$w/.pm"   # the production and its entry in the workspace catalog
    pm init --no-git alpha > /dev/null
  done
  echo "| process | runs | median s | range s | median CPU s (user+sys) | median peak RSS MiB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  row "\`--version\` (JVM + picocli only)" "$res/version"
  row "\`stage\` with nothing to stage (JVM + Camel start + open the production)" "$res/nothing"
  row "the same with an AppCDS archive (\`-XX:SharedArchiveFile\`)" "$res/nothing-cds"
  row "staging 40,000 jobs without Camel (StagePhases, JVM start included)" "$res/phases"
  row "\`stage\` of 40,000 jobs with the AppCDS archive" "$res/stage-cds"
  echo
  echo "StagePhases (in-process timers, one line per run):"
  echo '```'
  cat "$res/phases.log"
  echo '```'
  echo "load average after: $(loadavg)"
  rm -rf "$res"
  cleanup "$w"
}

case "${1:-}" in
  stage) shift; cmd_stage "$@" ;;
  poll) shift; cmd_poll "$@" ;;
  commands) shift; cmd_commands "$@" ;;
  validate) shift; cmd_validate "$@" ;;
  million) shift; cmd_million "$@" ;;
  daemon) shift; cmd_daemon "$@" ;;
  startup) shift; cmd_startup "$@" ;;
  e2e) shift; exec bash "$here/bench/e2e.sh" "$@" ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
