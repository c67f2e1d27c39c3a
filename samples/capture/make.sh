#!/usr/bin/env bash
# Re-makes samples/chromium-capture.har: a real headless Chromium visits the
# fictional police site of internal/mocksite through "haruspex capture",
# entirely offline. The site (one local HTTPS server for www.police.example,
# connect.facebook.net and www.facebook.com) loads a Meta-Pixel stand-in
# that sends a PageView on each page, a SubscribedButtonClick when the page
# presses "Report domestic abuse", and a Lead by sendBeacon.
#
# Usage: samples/capture/make.sh [OUT]   (default samples/chromium-capture.har;
# OUT must not exist: a capture never overwrites a file)
# Needs Go and Chromium (.ci/deps installs it). Only loopback is used:
# the proxy connects only to the hosts given with --resolve (--offline), and
# Chromium's resolver fails every other name.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-samples/chromium-capture.har}
if [ -e "$out" ]; then
  echo "make.sh: $out exists; remove it first or give another name" >&2
  exit 1
fi
chromium=${HARUSPEX_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$chromium" ]; then
  echo "make.sh: Chromium not found (run .ci/deps or apt-get install chromium)" >&2
  exit 1
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# wait_for FILE REGEX: wait up to 60 s for a line matching REGEX in FILE.
wait_for() {
  for _ in $(seq 600); do
    if grep -qE "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "make.sh: timed out waiting for /$2/ in $1:" >&2
  cat "$1" >&2
  return 1
}

go build -o "$work/haruspex" ./cmd/haruspex
go build -o "$work/mocksite" ./samples/capture/mocksite

"$work/mocksite" --addr 127.0.0.1:0 --ca "$work/mock-ca.pem" >"$work/site.out" &
pids+=($!)
wait_for "$work/site.out" '^listening '
site=$(sed -n 's/^listening //p' "$work/site.out")

"$work/haruspex" capture --out "$work/capture.har" --listen 127.0.0.1:0 --ca-dir "$work/ca" \
  --offline --upstream-ca "$work/mock-ca.pem" \
  --resolve "www.police.example:443:$site" \
  --resolve "connect.facebook.net:443:$site" \
  --resolve "www.facebook.com:443:$site" \
  >"$work/capture.out" 2>"$work/capture.err" &
capture_pid=$!
pids+=($capture_pid)
wait_for "$work/capture.out" '^spki '
proxy=$(sed -n 's|^proxy *http://||p' "$work/capture.out")
spki=$(sed -n 's/^spki *//p' "$work/capture.out")

# The same flags as cmd/haruspex TestCaptureChromium: headless as root, no
# QUIC, no background traffic, a fresh profile, the proxy's CA trusted by
# its SPKI hash, and a resolver that fails every name but the proxy's.
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-default-apps --disable-domain-reliability --no-pings \
  --disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter \
  --user-data-dir="$work/profile" \
  --proxy-server="http://$proxy" \
  --proxy-bypass-list='update.googleapis.com;accounts.google.com;clients2.google.com' \
  --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' \
  --ignore-certificate-errors-spki-list="$spki" \
  https://www.police.example/ >"$work/chromium.out" 2>&1 &
pids+=($!)

wait_for "$work/site.out" '^event Lead$'
wait_for "$work/site.out" '^event SubscribedButtonClick$'
sleep 1 # let the proxy write the last exchange
kill -INT "$capture_pid"
wait "$capture_pid"
cat "$work/capture.err" >&2
cp "$work/capture.har" "$out"
"$work/haruspex" summary "$out"
