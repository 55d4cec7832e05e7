#!/usr/bin/env bash
# Fault injection: slurmctld is stopped for OUTAGE seconds in the middle of a production run by the
# daemon on the real SLURM. Nothing may be marked FAILED (or LOST) because of the outage, and the
# production must complete after the controller is back. slurmctld is always started again (trap).
#
# Usage: flock /tmp/pm-slurm.lock bench/reliability/ctld-outage.sh [OUTAGE_SECONDS] [REALIZATIONS] [BATCH_SIZE]
source "$(dirname "$0")/common.sh"

OUTAGE=${1:-60}
COUNT=${2:-30}
BATCH=${3:-4}
NAME=reloutage
DIR=${WORKDIR:-/tmp/pm-rel-outage}
JOBS=$((COUNT * 4))
export MAX_QUEUED=${MAX_QUEUED:-8} RATE=${RATE:-1}

make_workdir "$DIR" "$NAME" "$COUNT" "$BATCH"
SINCE=$(date +%Y-%m-%dT%H:%M:%S)
T0=$(date +%s)
log "outage run: $JOBS jobs in batches of $BATCH (at most $MAX_QUEUED queued), slurmctld down for $OUTAGE s, workdir $DIR"

daemon_pid=
ctld_down=0
cleanup() {
    if [ "$ctld_down" -eq 1 ]; then
        log "restarting slurmctld (cleanup)"; "$ROOT/scripts/slurm-local.sh" start-ctld || true
    fi
    [ -n "$daemon_pid" ] && kill -TERM "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

( cd "$DIR" && exec java -jar "$JAR" --config-dir config run --poll-cron '0/2 * * * * ?' --http-port 0 \
    >>"$DIR/daemon.log" 2>&1 ) &
daemon_pid=$!
cp "$DIR/production.yaml" "$DIR/config/productions/$NAME.yaml"
git -C "$DIR" add -A && git -C "$DIR" commit -q -m "add $NAME"

count() { [ -f "$DIR/out/$NAME/metadata/production.db" ] && db_query "$DIR" "$NAME" "$1" || echo 0; }
# the outage starts once a quarter of the jobs are done, so that jobs are queued, running and being submitted
until [ "$(count "select count(*) from jobs where state='COMPLETED'")" -ge $((JOBS / 4)) ]; do sleep 1; done
log "before the outage: $(count "select group_concat(state || '=' || n, ' ') from (select state, count(*) n from jobs group by state)")"
STOP_MS=$(($(date +%s%N) / 1000000))
ctld_down=1
"$ROOT/scripts/slurm-local.sh" stop-ctld
log "slurmctld stopped"
sleep "$OUTAGE"
log "end of the outage: $(count "select group_concat(state || '=' || n, ' ') from (select state, count(*) n from jobs group by state)")"
"$ROOT/scripts/slurm-local.sh" start-ctld
ctld_down=0
START_MS=$(($(date +%s%N) / 1000000))
log "slurmctld started"

deadline=$(( $(date +%s) + 900 ))
until [ "$(count "select count(*) from jobs where state in ('COMPLETED','CANCELLED') or (state='FAILED' and next_attempt_at is null)")" -ge "$JOBS" ]; do
    [ "$(date +%s)" -ge "$deadline" ] && { log "timed out waiting"; break; }
    sleep 2
done
T1=$(date +%s)
log "finished $((T1 - START_MS / 1000)) s after slurmctld came back; total $((T1 - T0)) s"
during=$(count "select count(*) from events where to_state='FAILED' and at between $STOP_MS and $((START_MS + 30000))")
log "FAILED events from the stop until 30 s after the restart: $during"
lost=$(count "select count(*) from events where reason like '%LOST%' or reason like '%lost%'")
log "events mentioning LOST: $lost"
unreach=$(grep -c "unreachable" "$DIR/daemon.log" || true)
log "daemon log lines saying the scheduler was unreachable: $unreach"
bad=0
[ "$during" -eq 0 ] || bad=1
[ "$lost" -eq 0 ] || bad=1
check_production "$DIR" "$NAME" "$JOBS" "$SINCE" || bad=1
[ "$bad" -eq 0 ] && log "RESULT: PASS" || { log "RESULT: FAIL"; exit 1; }
