#!/usr/bin/env bash
# One job of the dashboard's browser test (not the toy generator): waits until the test opens its gate,
# then copies a catalog to the job's output; realization 1 at redshift 1.0 fails instead, with exit 3.
# Arguments: REALIZATION REDSHIFT OUTPUT GATE_FILE CATALOG
set -uo pipefail
realization="$1"; redshift="$2"; output="$3"; gate="$4"; catalog="$5"
echo "payload: realization $realization at z=$redshift started"
for _ in $(seq 1 1200); do
    [[ -e "$gate" ]] && break
    sleep 0.05
done
if [[ "$realization" == 1 && "$redshift" == 1.0* ]]; then
    echo "payload: refusing realization 1 at z=1.0" >&2
    exit 3
fi
cp -- "$catalog" "$output"
echo "payload: wrote $output"
