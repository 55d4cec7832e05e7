#!/usr/bin/env bash
# Folder sizes of a 40,000-job production run on the local executor with retries: 2,000 realizations x 20
# redshifts in batches of 1,000, a trivial bash payload (not the toy generator) that fails the first attempt
# of every 50th realization (800 jobs), then `retry --submit` runs those again in retry batches.
# Prints the largest folders under the production and exits 1 when a folder the tool writes for its own
# bookkeeping (logs/, metadata/, archive/, qa/) holds more than MAX entries. catalogs/ is the user's layout
# (outputs.structure): one folder per realization, reported but not judged.
#
#   mvn -B -o -DskipTests package && bench/layout-40k.sh
#   REALIZATIONS=200 bench/layout-40k.sh      # a tenth of the size
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/production-manager.jar}
REALIZATIONS=${REALIZATIONS:-2000}
MAX=${MAX:-1000}
[ -f "$JAR" ] || { echo "no $JAR: build it first with mvn -B -o -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d /tmp/pm-layout.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/config/productions"
for sub in defaults schemas templates; do cp -r "$ROOT/config/$sub" "$WORK/config/"; done
cat > "$WORK/payload.sh" <<'PAYLOAD'
#!/bin/bash
# payload.sh REALIZATION OUTPUT: one line of text; every 50th realization fails its first attempt
if [[ "$PM_ATTEMPT" == 1 && $(( $1 % 50 )) == 0 ]]; then echo "r$1: first attempt fails" >&2; exit 1; fi
echo "r$1 $PM_REDSHIFT" > "$2"
PAYLOAD
cat > "$WORK/config/productions/layout.yaml" <<YAML
production: {name: "layout", version: "v1"}
science:
  redshifts: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0]
  realizations: {start: 0, count: $REALIZATIONS}
execution:
  executor: local
  batch_size: 1000
  command: "bash $WORK/payload.sh {realization} {output}"
  retry_policy: {max_retries: 2, initial_delay_minutes: 0.001, backoff_multiplier: 1.0}
outputs:
  base_path: "$WORK/productions"
  filename: "cat_z{redshift}.txt"
  validation: {format: any}
YAML
pm() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xms32m -Xmx1g -jar "$JAR" \
          --config-dir "$WORK/config" --state-dir "$WORK/state" "$@"; }
start=$(date +%s)
pm init layout --no-git
pm submit layout --interval 1 > "$WORK/submit.log" 2>&1 || true
tail -2 "$WORK/submit.log"
pm retry layout --submit --interval 1 > "$WORK/retry.log" 2>&1 || true
tail -2 "$WORK/retry.log"
echo "run: $(( $(date +%s) - start )) s"
pm status layout | sed -n '/jobs:/,/node-hours/p'

PROD=$WORK/productions/layout
echo "largest folders (entries, folder):"
find "$PROD" -type d -print0 | while IFS= read -r -d '' d; do
  printf '%s %s\n' "$(find "$d" -mindepth 1 -maxdepth 1 | wc -l)" "${d#"$WORK"/}"; done | sort -rn > "$WORK/sizes"
head -8 "$WORK/sizes"
echo "batch folders under logs/: $(find "$PROD/logs" -mindepth 1 -maxdepth 1 -type d | wc -l)"
worst=$(grep -v " productions/layout/catalogs" "$WORK/sizes" | head -1)
echo "largest folder the tool keeps for itself: $worst (limit $MAX)"
[ "${worst%% *}" -le "$MAX" ]
