#!/bin/bash
# Test payload (not the toy generator): writes a small text catalog to the job's output.
# usage: write_text.sh OUTPUT
set -euo pipefail
printf 'ra dec z\n10.0 20.0 %s\n# job %s realization %s\n' "$PM_REDSHIFT" "$PM_JOB_ID" "$PM_REALIZATION" > "$1"
