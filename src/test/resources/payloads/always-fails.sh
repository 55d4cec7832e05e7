#!/usr/bin/env bash
# A job that is not the bundled generator: records "JOB_ID ATTEMPT" in the file given as $3, then fails.
set -eu
echo "$1 $2" >> "$3"
echo "always-fails: job $1 attempt $2 fails on purpose" >&2
exit 3
