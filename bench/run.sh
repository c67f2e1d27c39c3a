#!/usr/bin/env bash
# bench/run.sh — measure haruspex against grep and jq on a generated HAR.
#
# Usage: bench/run.sh [SIZE] [DIR]      (default SIZE=1GiB, DIR=bench/out)
#        RSS_SIZES="100MiB 1GiB 4GiB" bench/run.sh   also checks that peak RSS
#                                                   stays flat as input grows
#        GZ=1 bench/run.sh                          also times events on the
#                                                   HAR gzipped (gzip -6)
#
# It builds haruspex and the generator, writes a deterministic Chrome-style
# HAR of SIZE (cmd/hargen, seed 1), reads it once so it sits in the page
# cache, then times in one run:
#   haruspex events --format ndjson, haruspex timeline --format json,
#   grep -c facebook.com/tr, and jq counting the same requests,
# printing each one's wall time, MB/s, peak RSS (/usr/bin/time -v) and its
# time as a multiple of grep's. Needs GNU time and jq (Debian: time, jq).
#
# Each command runs REPEAT times (default 3), the commands taking turns so
# that a slow spell of the machine falls on all of them alike; the table
# gives the median time (and the fastest and slowest), MB/s and × grep
# from the medians, and the largest peak RSS. Shared virtual machines
# drift by a third from minute to minute: one run proves little.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1GiB}
dir=${2:-bench/out}
mkdir -p "$dir"
for tool in /usr/bin/time jq; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is missing (apt-get install -y time jq)" >&2; exit 1; }
done

go build -o "$dir/haruspex" ./cmd/haruspex
go build -o "$dir/hargen" ./cmd/hargen

gen() { # gen SIZE -> path
  local f="$dir/bench-$1.har"
  [ -s "$f" ] || "$dir/hargen" --size "$1" --seed 1 > "$f"
  echo "$f"
}

har=$(gen "$size")
bytes=$(stat -L -c %s "$har")
cat "$har" > /dev/null # page cache

# run NAME CMD... : prints "name seconds rss_kb"
run() {
  local name=$1; shift
  local out="$dir/time-$name.txt"
  # Output goes to a file: GNU grep stops at the first match when its
  # output is /dev/null, which would not be a fair comparison.
  /usr/bin/time -v -o "$out" "$@" > "$dir/out-$name"
  rm -f "$dir/out-$name"
  local el rss
  el=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
  # h:mm:ss or m:ss.ss -> seconds
  el=$(echo "$el" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  echo "$name $el $rss"
}

repeat=${REPEAT:-3}
names=(grep events timeline jq)
# measure NAME: runs the command of that name once (see run).
measure() {
  case $1 in
    grep) run grep grep -c facebook.com/tr "$har" ;;
    events) run events "$dir/haruspex" events --quiet --format ndjson "$har" ;;
    timeline) run timeline "$dir/haruspex" timeline --quiet --format json "$har" ;;
    jq) run jq jq -c '[.log.entries[].request.url | select(contains("facebook.com/tr"))] | length' "$har" ;;
  esac
}
declare -A times rss
for ((r = 1; r <= repeat; r++)); do
  for name in "${names[@]}"; do
    set -- $(measure "$name")
    times[$name]="${times[$name]:-} $2"
    [ "${rss[$name]:-0}" -ge "$3" ] || rss[$name]=$3
  done
done

# stats "t1 t2 ..." -> "median min max"
stats() { echo "$1" | tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; print m, a[1], a[NR]}'; }

grep_s=$(stats "${times[grep]}" | awk '{print $1}')
echo
echo "Input: $har, $bytes bytes ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | awk '{print $3}'))"
echo "Each command run $repeat times, taking turns; seconds, MB/s and × grep are medians."
echo
printf '| %-10s | %9s | %13s | %9s | %12s | %9s |\n' command seconds "fastest–slowest" MB/s "peak RSS MB" "× grep"
printf '|%s|%s|%s|%s|%s|%s|\n' "------------" "-----------" "-----------------" "-----------" "--------------" "-----------"
for name in "${names[@]}"; do
  set -- $(stats "${times[$name]}")
  awk -v n="$name" -v s="$1" -v lo="$2" -v hi="$3" -v k="${rss[$name]}" -v b="$bytes" -v g="$grep_s" 'BEGIN {
    printf "| %-10s | %9.2f | %6.2f–%-6.2f | %9.0f | %12.1f | %9.1f |\n", n, s, lo, hi, b/1e6/s, k/1024, s/g }'
done

# The targets of issue 8, from the medians above.
ev_s=$(stats "${times[events]}" | awk '{print $1}')
tl_s=$(stats "${times[timeline]}" | awk '{print $1}')
echo
awk -v b="$bytes" -v e="$ev_s" -v t="$tl_s" -v g="$grep_s" -v re="${rss[events]}" -v rt="${rss[timeline]}" 'BEGIN {
  verdict = "met"
  mbs = b/1e6/e; if (mbs < 800) verdict = "NOT met"
  printf "Target: events >= 800 MB/s ............ %4.0f MB/s   %s\n", mbs, verdict
  verdict = (e/g <= 3) ? "met" : "NOT met"
  printf "Target: events <= 3x grep -c ........... %4.1fx       %s\n", e/g, verdict
  verdict = (t/e <= 1.2) ? "met" : "NOT met"
  printf "Target: timeline <= 1.2x events ........ %4.2fx      %s\n", t/e, verdict
  m = (re > rt) ? re : rt
  verdict = (m/1024 <= 64) ? "met" : "NOT met"
  printf "Target: peak RSS <= 64 MB .............. %4.1f MB    %s\n", m/1024, verdict
}'

if [ -n "${RSS_SIZES:-}" ]; then
  echo
  echo "Peak RSS of haruspex events as the input grows:"
  printf '| %-8s | %12s | %9s |\n' input "peak RSS MB" MB/s
  printf '|%s|%s|%s|\n' "----------" "--------------" "-----------"
  for s in $RSS_SIZES; do
    f=$(gen "$s")
    cat "$f" > /dev/null
    set -- $(run "events-$s" "$dir/haruspex" events --quiet --format ndjson "$f")
    awk -v n="$s" -v s="$2" -v k="$3" -v b="$(stat -L -c %s "$f")" 'BEGIN { printf "| %-8s | %12.1f | %9.0f |\n", n, k/1024, b/1e6/s }'
    sizes_rss="${sizes_rss:-} $3"
  done
  # Flat: the largest input's peak RSS within 10 MB of the smallest's.
  echo
  echo "$sizes_rss" | awk '{ lo = $1; hi = $1; for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i }
    printf "Target: RSS flat as input grows ........ %.1f-%.1f MB  %s\n", lo/1024, hi/1024, (hi - lo <= 10*1024 && hi/1024 <= 64) ? "met" : "NOT met" }'
fi

if [ -n "${GZ:-}" ]; then
  gz="$har.gz"
  [ -s "$gz" ] || gzip -6 -c "$har" > "$gz"
  cat "$gz" > /dev/null
  set -- $(run events-gz "$dir/haruspex" events --quiet --format ndjson "$gz")
  echo
  awk -v s="$2" -v k="$3" -v b="$bytes" -v z="$(stat -L -c %s "$gz")" 'BEGIN {
    printf "events on the HAR gzipped (%d bytes): %.2f s, %.0f MB/s of HAR, peak RSS %.1f MB\n", z, s, b/1e6/s, k/1024 }'
fi
