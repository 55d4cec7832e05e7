#!/bin/bash
# noisy.sh REALIZATION OUTPUT CATALOG: a payload that is not the toy generator. Prints a line to stdout and
# one to stderr; realization 1 fails (exit 3) on its first attempt; otherwise copies CATALOG to OUTPUT.
echo "stdout of r$1 attempt $PM_ATTEMPT"
echo "stderr of r$1 attempt $PM_ATTEMPT" >&2
if [[ "$1" == 1 && "$PM_ATTEMPT" == 1 ]]; then
    echo "r$1: simulated failure" >&2
    exit 3
fi
cp -- "$3" "$2"
