#!/usr/bin/env bash
# bench/run.sh — measure haruspex against grep (and jq) on generated HARs
# at three densities of tracker events and on hostile inputs, and say
# whether each target of issue 15 is met.
#
# Usage: bench/run.sh [SIZE] [DIR]      (default SIZE=1GiB, DIR=bench/out)
#
# Environment (all optional):
#   REPEAT=3            runs of each timed command (medians are reported)
#   DENSITIES="6 25 100" the densities to time: 6 is hargen's default mix
#                       (about 6 % of entries are tracker events), the
#                       others hargen --density N
#   BASELINE=REV        also build haruspex at git revision REV (e.g. main)
#                       and time it, taking turns with this build: the
#                       "no slower than before" target needs it
#   BASELINE_REPEAT=11  runs of each command at density 6 when BASELINE is
#                       set (at least REPEAT): a 5 % margin needs more
#                       runs than the machine's drift leaves to 3
#   MATRIX=0            skip the peak-RSS run of every command in every
#                       format (events, timeline, parties: table, csv, json,
#                       ndjson; summary: table, json; report)
#   HOSTILE=0           skip the hostile inputs (200,000 identical /tr
#                       hits, a 1 GiB gzip bomb, a 64 MiB URL)
#   RSS_SIZES="100MiB 1GiB 4GiB"  peak RSS of events and timeline as the
#                       input grows, at each density
#   JQ=1                also time jq (slow: tens of seconds, gigabytes)
#   GZ=1                also time events on the default-mix HAR gzipped
#
# It builds haruspex and the generator (cmd/hargen), writes each input
# once (deterministic: the same SIZE gives the same bytes; they stay in
# DIR), reads it so that it sits in the page cache, then runs the
# commands taking turns, so that a slow spell of the machine falls on all
# of them alike: shared virtual machines drift by a third from minute to
# minute, and one run proves little. Each table gives the median wall
# time (with the fastest and slowest), MB/s and × grep from the medians,
# and the largest peak RSS (GNU time's maximum resident set size). Every
# target is printed as "met" or "NOT met". Needs GNU time (Debian: time);
# jq only with JQ=1.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1GiB}
dir=${2:-bench/out}
repeat=${REPEAT:-3}
densities=${DENSITIES-6 25 100}
mkdir -p "$dir"
command -v /usr/bin/time >/dev/null || { echo "bench/run.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }
if [ -n "${JQ:-}" ]; then command -v jq >/dev/null || { echo "bench/run.sh: jq is missing (apt-get install -y jq)" >&2; exit 1; }; fi

go build -o "$dir/haruspex" ./cmd/haruspex
go build -o "$dir/hargen" ./cmd/hargen
hx=$dir/haruspex
old=
if [ -n "${BASELINE:-}" ]; then
  rm -rf "$dir/baseline-src"
  mkdir -p "$dir/baseline-src"
  git archive "$BASELINE" | tar -x -C "$dir/baseline-src"
  (cd "$dir/baseline-src" && go build -o ../haruspex-baseline ./cmd/haruspex)
  rm -rf "$dir/baseline-src"
  old=$dir/haruspex-baseline
fi

# gen NAME HARGEN-ARGS... -> path of the input, written once.
gen() {
  local f="$dir/$1"; shift
  [ -s "$f" ] || "$dir/hargen" "$@" > "$f"
  cat "$f" > /dev/null # page cache
  echo "$f"
}
# density_input DENSITY SIZE -> path
density_input() {
  if [ "$1" = 6 ]; then gen "bench-$2.har" --size "$2" --seed 1
  else gen "bench-$2-d$1.har" --size "$2" --seed 1 --density "$1"; fi
}

# run NAME CMD... : runs CMD once, output in $dir/out-NAME (kept until the
# next run of NAME), and prints "seconds rss_kb exit_status cpu_seconds"
# (user and system time).
run() {
  local name=$1; shift
  local out="$dir/time-$name.txt"
  # Output goes to a file: GNU grep stops at the first match when its
  # output is /dev/null, which would not be a fair comparison.
  /usr/bin/time -v -o "$out" "$@" > "$dir/out-$name" 2> "$dir/err-$name" || true
  local el rss st cpu
  el=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
  st=$(awk -F': ' '/Exit status/ {print $2}' "$out")
  cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {t += $2} END {print t+0}' "$out")
  # h:mm:ss or m:ss.ss -> seconds
  el=$(echo "$el" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  echo "$el $rss ${st:-1} ${cpu:-0}"
}

# stats "t1 t2 ..." -> "median min max"
stats() { echo "$1" | tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; print m, a[1], a[NR]}'; }
median() { stats "$1" | awk '{print $1}'; }
# paired "a1 a2 ..." "b1 b2 ..." -> the median of a_i/b_i: the runs of one
# turn are seconds apart, so a drift slower than a turn cancels out.
paired() { median "$(paste -d/ <(echo "$1" | tr ' ' '\n' | grep .) <(echo "$2" | tr ' ' '\n' | grep .) | awk -F/ '{ print $1/$2 }' | tr '\n' ' ')"; }
# ratio_interval "a1 a2 ..." "b1 b2 ..." -> "lo hi confidence%": the
# interval that holds the median of a_i/b_i (the median of the turns'
# ratios, were the turns run without end) with that confidence, from the
# order statistics of the ratios alone (the sign test: no assumption on
# how the machine drifts, only that the turns are independent); the
# widest, all the ratios, when too few turns allow 95 %.
ratio_interval() {
  paste -d/ <(echo "$1" | tr ' ' '\n' | grep .) <(echo "$2" | tr ' ' '\n' | grep .) | awk -F/ '{ print $1/$2 }' | sort -g | awk '
    { r[NR] = $1 }
    END {
      n = NR; c = 1; cdf = 0; k = 1; tail = 0.5^n
      # cdf = P(X <= j), X binomial(n, 1/2): the chance that j or fewer
      # ratios fall below the median.
      for (j = 0; j < n / 2; j++) {
        if (j > 0) c = c * (n - j + 1) / j
        cdf += c * 0.5^n
        if (2 * cdf > 0.05) break
        k = j + 1; tail = cdf
      }
      printf "%.2f %.2f %.1f\n", r[k], r[n - k + 1], 100 * (1 - 2 * tail)
    }'
}
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "NOT met"; fi; }
# target TEXT VALUE CONDITION: one line of the targets.
target() { printf 'Target: %-52s %-14s %s\n' "$1" "$2" "$(verdict "$3")"; }

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | awk '{print $3}')"
echo "bench/run.sh: $machine; each timed command run $repeat times, taking turns"

declare -A times cpus rss status
# time_turns LABEL TURNS NAME... : runs the commands named (see cmd_of) TURNS
# times, taking turns, and prints the table.
time_turns() {
  local label=$1 turns=$2; shift 2
  local names=("$@") name r
  for name in "${names[@]}"; do times[$label/$name]=; cpus[$label/$name]=; rss[$label/$name]=0; done
  for ((r = 1; r <= turns; r++)); do
    for name in "${names[@]}"; do
      # shellcheck disable=SC2046
      set -- $(run "$name" $(cmd_of "$name"))
      times[$label/$name]="${times[$label/$name]} $1"
      cpus[$label/$name]="${cpus[$label/$name]} $4"
      [ "${rss[$label/$name]}" -ge "$2" ] || rss[$label/$name]=$2
      status[$label/$name]=$3
    done
  done
  local g; g=$(median "${times[$label/grep]}")
  echo
  printf '| %-17s | %8s | %15s | %7s | %11s | %7s | %7s |\n' command seconds "fastest–slowest" MB/s "peak RSS MB" "× grep" "CPU s"
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' "-------------------" "----------" "-----------------" "---------" "-------------" "---------" "---------"
  for name in "${names[@]}"; do
    set -- $(stats "${times[$label/$name]}")
    awk -v n="$name" -v s="$1" -v lo="$2" -v hi="$3" -v k="${rss[$label/$name]}" -v b="$bytes" -v g="$g" -v c="$(median "${cpus[$label/$name]}")" 'BEGIN {
      printf "| %-17s | %8.2f | %6.2f–%-6.2f | %7.0f | %11.1f | %7.1f | %7.2f |\n", n, s, lo, hi, b/1e6/s, k/1024, s/g, c }'
  done
}

# cmd_of NAME: the command line of a timed command, on $input.
cmd_of() {
  case $1 in
    grep) echo grep -c facebook.com/tr "$input" ;;
    events) echo "$hx" events --quiet --format ndjson "$input" ;;
    timeline) echo "$hx" timeline --quiet --format json "$input" ;;
    old-events) echo "$old" events --quiet --format ndjson "$input" ;;
    old-timeline) echo "$old" timeline --quiet --format json "$input" ;;
    jq) echo jq -c '[.log.entries[].request.url|select(contains("facebook.com/tr"))]|length' "$input" ;;
  esac
}

# matrix LABEL FILE: peak RSS (and time) of every command in every
# format on FILE, one run each; prints the table and the target.
matrix() {
  local label=$1 file=$2 worst=0 worst_name= c f
  echo
  echo "Peak RSS of every command and format, $label:"
  printf '| %-24s | %8s | %11s | %4s |\n' command seconds "peak RSS MB" exit
  printf '|%s|%s|%s|%s|\n' "--------------------------" "----------" "-------------" "------"
  local runs=()
  for c in events timeline parties; do for f in table csv json ndjson; do runs+=("$c $f"); done; done
  runs+=("summary table" "summary json" "report -")
  for cf in "${runs[@]}"; do
    set -- $cf
    c=$1 f=$2
    if [ "$c" = report ]; then
      rm -rf "$dir/report-out"
      set -- $(run "m-$c" "$hx" report --quiet --out "$dir/report-out" "$file")
      rm -rf "$dir/report-out"
    else
      set -- $(run "m-$c-$f" "$hx" "$c" --quiet --format "$f" "$file")
    fi
    printf '| %-24s | %8.2f | %11.1f | %4s |\n' "$c $f" "$1" "$(awk -v k="$2" 'BEGIN { print k/1024 }')" "$3"
    if [ "$2" -gt "$worst" ]; then worst=$2 worst_name="$c $f"; fi
    rm -f "$dir/out-m-"*
  done
  target "peak RSS <= 64 MB, every command and format" "$(awk -v k="$worst" 'BEGIN { printf "%.1f MB", k/1024 }')" "$worst/1024 <= 64"
  [ "$worst" -le $((64 * 1024)) ] || echo "  (largest: $worst_name)"
}

for d in $densities; do
  input=$(density_input "$d" "$size")
  bytes=$(stat -L -c %s "$input")
  events=$("$hx" events --quiet --format ndjson "$input" | wc -l || true)
  echo
  echo "== Density $d %: $input, $bytes bytes, $events events"
  names=(grep events timeline)
  [ -z "$old" ] || names+=(old-events old-timeline)
  [ -z "${JQ:-}" ] || names+=(jq)
  turns=$repeat
  if [ "$d" = 6 ] && [ -n "$old" ] && [ "${BASELINE_REPEAT:-11}" -gt "$turns" ]; then turns=${BASELINE_REPEAT:-11}; fi
  time_turns "d$d" "$turns" "${names[@]}"
  g=$(median "${times[d$d/grep]}")
  e=$(median "${times[d$d/events]}")
  t=$(median "${times[d$d/timeline]}")
  echo
  case $d in
    25)
      target "density 25: events <= 3x grep -c (goal 2x)" "$(awk -v e="$e" -v g="$g" 'BEGIN { printf "%.1fx", e/g }')" "$e/$g <= 3"
      target "density 25: timeline <= 3x grep -c (goal 2x)" "$(awk -v e="$t" -v g="$g" 'BEGIN { printf "%.1fx", e/g }')" "$t/$g <= 3"
      ;;
    100)
      target "density 100: events >= 150 MB/s" "$(awk -v e="$e" -v b="$bytes" 'BEGIN { printf "%.0f MB/s", b/1e6/e }')" "$bytes/1e6/$e >= 150"
      target "density 100: timeline >= 150 MB/s" "$(awk -v e="$t" -v b="$bytes" 'BEGIN { printf "%.0f MB/s", b/1e6/e }')" "$bytes/1e6/$t >= 150"
      ;;
    6)
      if [ -n "$old" ]; then
        oe=$(median "${times[d$d/old-events]}") ot=$(median "${times[d$d/old-timeline]}")
        # "No slower" allows 5 % for the noise that remains in medians.
        target "density 6: events no slower than $BASELINE" "$(awk -v e="$e" -v o="$oe" 'BEGIN { printf "%.2fx", e/o }')" "$e <= 1.05*$oe"
        target "density 6: timeline no slower than $BASELINE" "$(awk -v e="$t" -v o="$ot" 'BEGIN { printf "%.2fx", e/o }')" "$t <= 1.05*$ot"
        # Not a target: the CPU time (user and system) of the same runs,
        # the work of both cores, where the wall time also says how well
        # they overlapped.
        awk -v e="$(median "${cpus[d$d/events]}")" -v oe="$(median "${cpus[d$d/old-events]}")" \
          -v t="$(median "${cpus[d$d/timeline]}")" -v ot="$(median "${cpus[d$d/old-timeline]}")" -v b="$BASELINE" 'BEGIN {
          printf "(CPU time, medians: events %.2fx %s, timeline %.2fx)\n", e/oe, b, t/ot }'
        printf '(wall time, median of each turn'"'"'s ratio: events %.2fx %s, timeline %.2fx)\n' \
          "$(paired "${times[d$d/events]}" "${times[d$d/old-events]}")" "$BASELINE" "$(paired "${times[d$d/timeline]}" "${times[d$d/old-timeline]}")"
        # How far the machine's drift leaves that median uncertain: the
        # 5 % the targets allow is a verdict only when the interval lies
        # wholly on one side of 1.05.
        set -- $(ratio_interval "${times[d$d/events]}" "${times[d$d/old-events]}") $(ratio_interval "${times[d$d/timeline]}" "${times[d$d/old-timeline]}")
        printf '(that median lies, with %s %% confidence, within: events %s–%sx, timeline %s–%sx)\n' "$3" "$1" "$2" "$4" "$5"
      else
        echo "(density 6: set BASELINE=main to compare with the build before)"
      fi
      target "density 6: events <= 3x grep -c (issue 8)" "$(awk -v e="$e" -v g="$g" 'BEGIN { printf "%.1fx", e/g }')" "$e/$g <= 3"
      ;;
  esac
  m=${rss[d$d/events]}; [ "${rss[d$d/timeline]}" -le "$m" ] || m=${rss[d$d/timeline]}
  target "density $d: events, timeline peak RSS <= 64 MB" "$(awk -v k="$m" 'BEGIN { printf "%.1f MB", k/1024 }')" "$m/1024 <= 64"
  [ "${MATRIX:-1}" = 0 ] || matrix "density $d %, $size" "$input"

  if [ -n "${RSS_SIZES:-}" ]; then
    echo
    echo "Peak RSS as the input grows, density $d %:"
    printf '| %-8s | %9s | %13s | %7s | %14s | %7s |\n' input events "events RSS MB" MB/s "timeline RSS MB" MB/s
    printf '|%s|%s|%s|%s|%s|%s|\n' "----------" "-----------" "---------------" "---------" "----------------" "---------"
    lo= hi=
    for s in $RSS_SIZES; do
      f=$(density_input "$d" "$s")
      b=$(stat -L -c %s "$f")
      n=$("$hx" events --quiet --format ndjson "$f" | wc -l || true)
      set -- $(run rss-events "$hx" events --quiet --format ndjson "$f")
      es=$1 er=$2
      set -- $(run rss-timeline "$hx" timeline --quiet --format json "$f")
      awk -v n="$s" -v ev="$n" -v es="$es" -v er="$er" -v ts="$1" -v tr="$2" -v b="$b" 'BEGIN {
        printf "| %-8s | %9d | %13.1f | %7.0f | %14.1f | %7.0f |\n", n, ev, er/1024, b/1e6/es, tr/1024, b/1e6/ts }'
      for k in "$er" "$2"; do
        { [ -z "$lo" ] || [ "$k" -lt "$lo" ]; } && lo=$k
        { [ -z "$hi" ] || [ "$k" -gt "$hi" ]; } && hi=$k
      done
    done
    target "density $d: RSS flat as input grows (<= 64 MB)" "$(awk -v l="$lo" -v h="$hi" 'BEGIN { printf "%.0f-%.0f MB", l/1024, h/1024 }')" "$hi/1024 <= 64"
  fi
done

if [ -n "${GZ:-}" ]; then
  input=$(density_input 6 "$size")
  gz="$input.gz"
  [ -s "$gz" ] || gzip -6 -c "$input" > "$gz"
  cat "$gz" > /dev/null
  set -- $(run events-gz "$hx" events --quiet --format ndjson "$gz")
  echo
  awk -v s="$1" -v k="$2" -v b="$(stat -L -c %s "$input")" -v z="$(stat -L -c %s "$gz")" 'BEGIN {
    printf "events on the default-mix HAR gzipped (%d bytes): %.2f s, %.0f MB/s of HAR, peak RSS %.1f MB\n", z, s, b/1e6/s, k/1024 }'
fi

if [ "${HOSTILE:-1}" != 0 ]; then
  echo
  echo "== Hostile inputs"
  rep=$(gen bench-repeat-200000.har --shape repeat --entries 200000)
  bomb=$(gen bench-bomb-1GiB.har.gz --shape huge-body --value 1GiB --gzip)
  url=$(gen bench-url-64MiB.har --shape huge-url --value 64MiB)
  echo "$rep: $(stat -L -c %s "$rep") bytes, 200,000 identical /tr hits"
  echo "$bomb: $(stat -L -c %s "$bomb") bytes, one response body of 1 GiB of A, gzipped"
  echo "$url: $(stat -L -c %s "$url") bytes, a /tr URL with a 64 MiB cd[x]"

  echo
  printf '| %-34s | %8s | %11s | %4s | %9s |\n' "input, command" seconds "peak RSS MB" exit "output MB"
  printf '|%s|%s|%s|%s|%s|\n' "------------------------------------" "----------" "-------------" "------" "-----------"
  # hostile NAME FILE CMD ARGS...: one run, its row; sets h_s h_rss h_exit h_out.
  hostile() {
    local name=$1 file=$2; shift 2
    set -- $(run "h-$name" "$hx" "$@" --quiet "$file")
    h_s=$1 h_rss=$2 h_exit=$3 h_out=$(stat -c %s "$dir/out-h-$name")
    printf '| %-34s | %8.2f | %11.1f | %4s | %9.1f |\n' "$name" "$h_s" "$(awk -v k="$h_rss" 'BEGIN { print k/1024 }')" "$h_exit" "$(awk -v o="$h_out" 'BEGIN { print o/1e6 }')"
  }
  declare -A hs hr hx_exit hw ho
  for c in "repeat events ndjson" "repeat events table" "repeat timeline json" "repeat timeline table" "repeat parties table" \
      "bomb summary table" "bomb events json" "url summary table" "url events json" "url events ndjson" "url events table"; do
    set -- $c
    case $1 in repeat) f=$rep ;; bomb) f=$bomb ;; url) f=$url ;; esac
    hostile "$1 $2 $3" "$f" "$2" --format "$3"
    hs[$c]=$h_s hr[$c]=$h_rss hx_exit[$c]=$h_exit ho[$c]=$h_out
    # A located warning: "entry N (byte B)" naming the cut value's SHA-256.
    hw[$c]=$({ grep -cE 'entry [0-9]+ \(byte [0-9]+\).*sha256' "$dir/out-h-$1 $2 $3" "$dir/err-h-$1 $2 $3" 2>/dev/null || true; } | awk -F: '{ n += $NF } END { print n+0 }')
    rm -f "$dir/out-h-$1 $2 $3"
  done
  echo
  target "200,000 identical hits: events table < 10 s" "${hs[repeat events table]} s" "${hs[repeat events table]} < 10"
  target "200,000 identical hits: timeline table < 10 s" "${hs[repeat timeline table]} s" "${hs[repeat timeline table]} < 10"
  for c in "bomb summary table" "bomb events json" "url summary table" "url events json"; do
    target "$c: < 10 s" "${hs[$c]} s" "${hs[$c]} < 10"
    target "$c: exit 0 or 3" "${hx_exit[$c]}" "${hx_exit[$c]} == 0 || ${hx_exit[$c]} == 3"
    target "$c: a located warning" "${hw[$c]} line(s)" "${hw[$c]} >= 1"
  done
  # The URL's useful content is what is kept of it (1 MiB at most): an
  # output of a few megabytes is a small multiple of it.
  for c in "url summary table" "url events json" "url events ndjson" "url events table"; do
    target "$c: output <= 8 MB" "$(awk -v o="${ho[$c]}" 'BEGIN { printf "%.1f MB", o/1e6 }')" "${ho[$c]} <= 8e6"
  done
  worst=0
  for c in "${!hr[@]}"; do [ "${hr[$c]}" -le "$worst" ] || worst=${hr[$c]}; done
  target "hostile inputs: peak RSS <= 64 MB" "$(awk -v k="$worst" 'BEGIN { printf "%.1f MB", k/1024 }')" "$worst/1024 <= 64"
  if [ "${MATRIX:-1}" != 0 ]; then
    matrix "200,000 identical /tr hits" "$rep"
    matrix "1 GiB gzip bomb" "$bomb"
    matrix "64 MiB URL" "$url"
  fi
fi
