#!/usr/bin/env bash
# bench/run.sh — measure haruspex against grep and jq on a generated HAR.
#
# Usage: bench/run.sh [SIZE] [DIR]      (default SIZE=1GiB, DIR=bench/out)
#        RSS_SIZES="100MiB 1GiB 4GiB" bench/run.sh   also checks that peak RSS
#                                                   stays flat as input grows
#
# It builds haruspex and the generator, writes a deterministic Chrome-style
# HAR of SIZE (cmd/hargen, seed 1), reads it once so it sits in the page
# cache, then times in one run:
#   haruspex events --format ndjson, haruspex timeline --format json,
#   grep -c facebook.com/tr, and jq counting the same requests,
# printing each one's wall time, MB/s, peak RSS (/usr/bin/time -v) and its
# time as a multiple of grep's. Needs GNU time and jq (Debian: time, jq).
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

results=()
results+=("$(run grep grep -c facebook.com/tr "$har")")
results+=("$(run events "$dir/haruspex" events --quiet --format ndjson "$har")")
results+=("$(run timeline "$dir/haruspex" timeline --quiet --format json "$har")")
results+=("$(run jq jq -c '[.log.entries[].request.url | select(contains("facebook.com/tr"))] | length' "$har")")

grep_s=$(echo "${results[0]}" | awk '{print $2}')
echo
echo "Input: $har, $bytes bytes ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | awk '{print $3}'))"
echo
printf '| %-10s | %9s | %9s | %12s | %9s |\n' command seconds MB/s "peak RSS MB" "× grep"
printf '|%s|%s|%s|%s|%s|\n' "------------" "-----------" "-----------" "--------------" "-----------"
for r in "${results[@]}"; do
  set -- $r
  awk -v n="$1" -v s="$2" -v k="$3" -v b="$bytes" -v g="$grep_s" 'BEGIN {
    printf "| %-10s | %9.2f | %9.0f | %12.1f | %9.1f |\n", n, s, b/1e6/s, k/1024, s/g }'
done

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
  done
fi
