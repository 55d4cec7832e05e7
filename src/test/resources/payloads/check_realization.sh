#!/bin/bash
# Test output check (outputs.validation.check_command): fails for one realization, naming it on stderr.
# usage: check_realization.sh BAD_REALIZATION REALIZATION OUTPUT
set -uo pipefail
[[ -s "$3" ]] || { echo "check: $3 is missing or empty" >&2; exit 3; }
if [[ "$2" == "$1" ]]; then
    echo "check: looking at $3" >&2
    echo "check: realization $2 has a bad catalog" >&2
    exit 4
fi
echo "check: realization $2 is fine"
