#!/bin/bash
# Test payload (not the toy generator): copies a ready-made HDF5 file to the job's output.
# usage: copy_hdf5.sh FIXTURE OUTPUT
set -euo pipefail
cp -- "$1" "$2"
