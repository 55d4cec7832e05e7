#!/usr/bin/env bash
# Fault injection: the daemon is killed with SIGKILL at random points while it submits and polls
# one production on the real SLURM, and started again each time. Some starts run with
# -Dpm.crash-after-sbatch=true, which halts the JVM right after sbatch returned and before the
# database records the array (the worst window). At the end every job must be COMPLETED exactly
# once, every batch must have exactly one array in sacct, and no output may be missing.
#
# Usage: flock /tmp/pm-slurm.lock bench/reliability/kill-daemon.sh [KILLS] [REALIZATIONS] [BATCH_SIZE]
source "$(dirname "$0")/common.sh"

KILLS=${1:-20}
COUNT=${2:-10}
BATCH=${3:-4}
NAME=relkill
DIR=${WORKDIR:-/tmp/pm-rel-kill}
JOBS=$((COUNT * 4))
SEED=${SEED:-$$}
RANDOM=$SEED

make_workdir "$DIR" "$NAME" "$COUNT" "$BATCH"
SINCE=$(date +%Y-%m-%dT%H:%M:%S)
T0=$(date +%s)
log "kill run: $JOBS jobs in batches of $BATCH, $KILLS kills, seed $SEED, workdir $DIR"

daemon_pid=
start_daemon() { # start_daemon [JVM options...]
    ( cd "$DIR" && exec java "$@" -jar "$JAR" --config-dir config run --poll-cron '0/2 * * * * ?' --http-port 0 \
        >>"$DIR/daemon.log" 2>&1 ) &
    daemon_pid=$!
}
stop_daemon() { [ -n "$daemon_pid" ] && kill -TERM "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true; }
trap stop_daemon EXIT

# the production file is dropped into the watched folder; the daemon initializes, stages and submits it
cp "$DIR/production.yaml" "$DIR/config/productions/$NAME.yaml"
git -C "$DIR" add -A && git -C "$DIR" commit -q -m "add $NAME"

crash_hooks=0 sigkills=0 halted=0
for i in $(seq 1 "$KILLS"); do
    if [ $((i % 3)) -eq 0 ]; then
        crash_hooks=$((crash_hooks + 1))
        start_daemon -Dpm.crash-after-sbatch=true
    else
        start_daemon
    fi
    # random point between MIN_DELAY and MAX_DELAY tenths of a second after start (JVM start alone takes
    # several seconds on a loaded machine): during start, init, stage, submit and poll cycles
    delay=$((${MIN_DELAY:-30} + RANDOM % (${MAX_DELAY:-250} - ${MIN_DELAY:-30})))
    sleep "$((delay / 10)).$((delay % 10))"
    if kill -0 "$daemon_pid" 2>/dev/null; then
        kill -KILL "$daemon_pid"; sigkills=$((sigkills + 1)); how="SIGKILL after ${delay}00 ms"
    else
        halted=$((halted + 1)); how="halted itself after sbatch"
    fi
    wait "$daemon_pid" 2>/dev/null || true
    state=$( [ -f "$DIR/out/$NAME/metadata/production.db" ] && db_query "$DIR" "$NAME" \
        "select group_concat(state || '=' || n, ' ') from (select state, count(*) n from jobs group by state)" || echo "not initialized")
    batches=$( [ -f "$DIR/out/$NAME/metadata/production.db" ] && db_query "$DIR" "$NAME" \
        "select group_concat(state || '=' || n, ' ') from (select state, count(*) n from batches group by state)" || echo "-")
    log "kill $i/$KILLS: $how; jobs: $state; batches: $batches"
done
daemon_pid=

log "final start without faults; waiting for every job to finish"
start_daemon
deadline=$(( $(date +%s) + 900 ))
while :; do
    done_jobs=$( [ -f "$DIR/out/$NAME/metadata/production.db" ] && db_query "$DIR" "$NAME" \
        "select count(*) from jobs where state in ('COMPLETED','CANCELLED') or (state='FAILED' and next_attempt_at is null)" || echo 0)
    [ "$done_jobs" -ge "$JOBS" ] && break
    [ "$(date +%s)" -ge "$deadline" ] && { log "timed out waiting"; break; }
    sleep 2
done
stop_daemon; daemon_pid=
T1=$(date +%s)
log "summary: $KILLS starts killed ($sigkills SIGKILL, $halted halted after sbatch of $crash_hooks with the hook), total $((T1 - T0)) s"
count_log() { grep -c "$1" "$DIR/daemon.log" || true; }
log "SUBMITTING batches adopted after a restart: $(count_log 'adopted array')"
log "SUBMITTING batches returned to STAGED: $(count_log 'back to STAGED')"
log "duplicate arrays found and cancelled: $(count_log 'found .* times')"
if check_production "$DIR" "$NAME" "$JOBS" "$SINCE"; then log "RESULT: PASS"; else log "RESULT: FAIL"; exit 1; fi
