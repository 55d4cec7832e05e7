#!/bin/bash
# A job that does its work in a child process (so stopping it means stopping a process tree).
# Arguments: OUTPUT ATTEMPT SECONDS PID_DIR TEMPLATE [FAIL_ON_ATTEMPT]
#   writes "<own pid> <child pid>" to PID_DIR/<realization folder>.<attempt>, sleeps SECONDS in a
#   child, then copies TEMPLATE (a valid catalog) to OUTPUT; exits 3 instead on attempt FAIL_ON_ATTEMPT.
out="$1"; attempt="$2"; seconds="$3"; pids="$4"; template="$5"; fail_on="${6:-0}"
mkdir -p "$pids"
if [ "$attempt" = "$fail_on" ]; then
  exit 3
fi
sleep "$seconds" &
child=$!
dir="${out%/*}"
echo "$$ $child" > "$pids/${dir##*/}.$attempt"
wait "$child"
cp "$template" "$out"
