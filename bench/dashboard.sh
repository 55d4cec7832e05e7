#!/usr/bin/env bash
# The dashboard at REALIZATIONS x 20 jobs (default 2,000 x 20 = 40,000): a production initialized and moved
# through six simulated hours in its store (no scheduler), served by the daemon as `run` starts it. Prints the
# JSON API's response sizes and times, the production page's first render in headless Chromium (Debian
# chromium + chromium-driver), its page weight, how far it trails the store, and saves a screenshot.
#
#   bash bench/dashboard.sh [SCREENSHOT.png] [REALIZATIONS]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PNG=${1:-$ROOT/target/dashboard-40k.png}
REALIZATIONS=${2:-2000}
cd "$ROOT"

mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-dashboard.classpath >/dev/null
WORK=$(mktemp -d "${PM_BENCH_TMP:-/tmp}/pm-dashboard.XXXXXX")
[ "${PM_BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1), $(chromium --version 2>/dev/null), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
java -Dpm.project.dir="$ROOT" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "target/test-classes:target/classes:$(cat target/bench-dashboard.classpath)" \
    io.productionmanager.web.DashboardBench "$WORK" "$PNG" "$REALIZATIONS"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
