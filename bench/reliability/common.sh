# Shared set-up of the reliability runs: a throw-away git repository holding a configuration
# folder, a production on the real SLURM, and the checks every run ends with.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${JAR:-$ROOT/target/production-manager.jar}
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -o -DskipTests package" >&2; exit 2; }

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# make_workdir DIR NAME REALIZATIONS BATCH_SIZE: a git repository DIR with config/ and one committed production
make_workdir() {
    local dir=$1 name=$2 count=$3 batch=$4
    rm -rf "$dir"
    mkdir -p "$dir/config/productions" "$dir/out"
    cp -r "$ROOT/config/schemas" "$ROOT/config/defaults" "$ROOT/config/templates" "$dir/config/"
    cat > "$dir/production.yaml" <<YAML
production:
  name: "$name"
  version: "v1.0"
  description: "reliability run"
science:
  redshifts: [0.5, 1.0, 1.5, 2.0]
  realizations: {start: 0, count: $count, step: 1}
execution:
  executor: slurm
  batch_size: $batch
  submit_rate_per_second: ${RATE:-50.0}
  max_queued: ${MAX_QUEUED:-1000}
  retry_policy: {max_retries: 2, initial_delay_minutes: 0.1, backoff_multiplier: 1.0}
outputs:
  base_path: "$dir/out"
YAML
    git -C "$dir" init -q
    git -C "$dir" config user.email bench@example.org
    git -C "$dir" config user.name bench
    printf 'out/\n.pm/\n*.log\n' > "$dir/.gitignore"
    git -C "$dir" add -A && git -C "$dir" commit -q -m "reliability run configuration"
}

# db_query DIR NAME SQL
db_query() { sqlite3 -readonly "$1/out/$2/metadata/production.db" "$3"; }

# check_production DIR NAME JOBS SINCE: the end-of-run checks; prints one line per check, returns non-zero on a failure
check_production() {
    local dir=$1 name=$2 jobs=$3 since=$4 bad=0
    local completed; completed=$(db_query "$dir" "$name" "select count(*) from jobs where state='COMPLETED'")
    log "jobs COMPLETED: $completed of $jobs"; [ "$completed" -eq "$jobs" ] || bad=1
    local outputs; outputs=$(find "$dir/out/$name/catalogs" -name '*.hdf5' -size +0 | wc -l)
    log "non-empty output files: $outputs of $jobs"; [ "$outputs" -eq "$jobs" ] || bad=1
    local twice; twice=$(db_query "$dir" "$name" "select count(*) from (select job_id from events where to_state='COMPLETED' and job_id is not null group by job_id having count(*) > 1)")
    log "jobs with more than one COMPLETED event: $twice"; [ "$twice" -eq 0 ] || bad=1
    local failed; failed=$(db_query "$dir" "$name" "select count(*) from events where to_state='FAILED'")
    log "FAILED events: $failed"
    local batches; batches=$(db_query "$dir" "$name" "select count(*) from batches")
    local submitted; submitted=$(db_query "$dir" "$name" "select count(*) from batches where array_id is not null")
    log "batches: $batches, with an array id: $submitted"
    # one array per batch in the scheduler's accounting, by job name
    local dup=0 total=0 n jn
    for n in $(db_query "$dir" "$name" "select number from batches order by number"); do
        jn=$(printf 'pm_%s_b%04d' "$name" "$n")
        local arrays; arrays=$(sacct -X -n -P -S "$since" --name="$jn" -o JobID | sed 's/_.*//' | sort -u | grep -c . || true)
        total=$((total + arrays))
        if [ "$arrays" -ne 1 ]; then dup=$((dup + 1)); log "batch $jn: $arrays arrays in sacct"; fi
    done
    log "arrays in sacct: $total for $batches batches; batches without exactly one array: $dup"; [ "$dup" -eq 0 ] || bad=1
    return $bad
}
