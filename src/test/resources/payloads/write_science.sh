#!/bin/bash
# Test payload (not the toy generator): writes the science parameters it was given to the job's output.
# usage: write_science.sh OUTPUT MAGNITUDE_LIMIT COSMOLOGY
set -euo pipefail
{
    printf 'env PM_COSMOLOGY=%s\n' "$PM_COSMOLOGY"
    printf 'env PM_CATALOG_PARAMS=%s\n' "$PM_CATALOG_PARAMS"
    printf 'env PM_COMPRESSION=%s\n' "$PM_COMPRESSION"
    printf 'arg magnitude_limit=%s\n' "$2"
    printf 'arg cosmology=%s\n' "$3"
} > "$1"
