#!/usr/bin/env bash
# Interleaved init, stage, status of alpha (2,000 x 20 = 40,000 jobs) in two checkouts, e.g. a release and now:
# one run of the first, then one of the second, RUNS times, each in a fresh folder with its checkout's own
# config/ and alpha; whole processes, /usr/bin/time. Two ways of running each: `java` with the launcher's JVM
# options and no archive, and the checkout's own bin/production-manager (what users run; its class-data
# archive, if it makes one, is made by an untimed first command).
#
#   bash bench/compare.sh OLD_CHECKOUT NEW_CHECKOUT [RUNS]     (default 5; both checkouts' jars built)
set -euo pipefail
old="$(cd "$1" && pwd)"; new="$(cd "$2" && pwd)"; runs="${3:-5}"
opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xms32m -Xmx1g"
for t in "$old" "$new"; do
  [[ -f "$t/target/production-manager.jar" ]] || { echo "compare: no $t/target/production-manager.jar (mvn -DskipTests package)" >&2; exit 1; }
done
res="$(mktemp -d)"
workdir() {  # workdir CHECKOUT: a scratch folder with the checkout's config and alpha as a production
  local w; w="$(mktemp -d "${PM_BENCH_TMP:-/tmp}/pm-compare.XXXXXX")"
  cp -r "$1/config" "$w/config"
  [[ -f "$w/config/examples/alpha.yaml" ]] && cp "$w/config/examples/alpha.yaml" "$w/config/productions/alpha.yaml"
  sed -i "s|base_path: \"./productions\"|base_path: \"$w/productions\"|" "$w/config/productions/alpha.yaml"
  echo "$w"
}
# the launcher's archive (if any) is made by its first command after a build: not timed
w="$(workdir "$new")"; bash "$new/bin/production-manager" --config-dir "$w/config" list > /dev/null 2>&1 || true; rm -rf "$w"
for ((i = 1; i <= runs; i++)); do
  for way in java launcher; do
    for side in old new; do
      if [[ "$side" == old ]]; then t="$old"; else t="$new"; fi
      w="$(workdir "$t")"
      for c in "init --no-git alpha" "stage alpha" "status alpha"; do
        if [[ "$way" == java ]]; then cmd=(java $opts -jar "$t/target/production-manager.jar"); else cmd=(bash "$t/bin/production-manager"); fi
        /usr/bin/time -f '%e %U %S' -a -o "$res/$way.$side.${c%% *}" "${cmd[@]}" --config-dir "$w/config" $c > /dev/null 2>&1
      done
      rm -rf "$w"
    done
  done
done
echo "old: $old ($(git -C "$old" log --format=%h -1)), new: $new ($(git -C "$new" log --format=%h -1)); $runs interleaved runs; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| command | way | old: median s (range), median CPU s | new: median s (range), median CPU s |"
echo "| --- | --- | --- | --- |"
stat() { awk '{e[NR]=$1; u[NR]=$2+$3} END {asort(e); asort(u); m=int((NR+1)/2); printf "%.2f (%.2f–%.2f), %.2f", e[m], e[1], e[NR], u[m]}' "$1"; }
for c in init stage status; do
  for way in java launcher; do
    echo "| $c | $way | $(stat "$res/$way.old.$c") | $(stat "$res/$way.new.$c") |"
  done
done
rm -rf "$res"
