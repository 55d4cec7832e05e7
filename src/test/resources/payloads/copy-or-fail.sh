#!/usr/bin/env bash
# Test payload (not the bundled generator): copies a catalog to the job's output, except that realization
# FAIL_REALIZATION fails its first attempt with exit 3.
# Usage: copy-or-fail.sh TEMPLATE OUTPUT REALIZATION ATTEMPT FAIL_REALIZATION
set -euo pipefail
template=$1 output=$2 realization=$3 attempt=$4 fail=$5
echo "realization $realization attempt $attempt"
if [[ "$realization" == "$fail" && "$attempt" == 1 ]]; then
  echo "failing realization $realization on attempt 1 on purpose" >&2
  exit 3
fi
mkdir -p "$(dirname "$output")"
cp "$template" "$output.tmp"
mv "$output.tmp" "$output"
