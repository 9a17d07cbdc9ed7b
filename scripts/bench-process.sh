#!/usr/bin/env bash
# Whole-process figures, each beside a bare Slint window (examples/bare_window.rs)
# measured in the same run on the same X server: process start (just before
# exec) to the first frame drawn, and the resident set size idle after 3 s.
# The kiosk runs as on a wall: release build, software renderer, no simulator
# window, a data folder that already exists (a restart; the very first start,
# which creates and seeds the database, is shown apart). Both use the
# machine's own font configuration (a bare window with no font at all cannot
# start; the kiosk's start with none is CI's smoke test).
#   scripts/bench-process.sh [RUNS]      (default 10; needs Xvfb)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --release --bin lockerwall --example bare_window 2>&1 | grep -vE "^\s+(Compiling|Finished)" || true
fi
kiosk=target/release/lockerwall
bare=target/release/examples/bare_window
work=$(mktemp -d)
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
export DISPLAY=$display SLINT_BACKEND=winit-software RUST_LOG=info

# One start: prints "FIRST_FRAME_MS RSS_KIB".
once() {
  local log="$work/log"
  : > "$log"
  local t0
  t0=$(date +%s%6N)
  "$@" >"$log" 2>&1 &
  local pid=$!
  local at=""
  for _ in $(seq 1 1000); do
    at=$(grep -o "unix_us [0-9]*" "$log" | head -1 | cut -d' ' -f2 || true)
    [ -n "$at" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.01
  done
  if [ -z "$at" ]; then
    echo "no first frame from $*; its log:" >&2
    cat "$log" >&2
    kill $pid 2>/dev/null || true
    exit 1
  fi
  sleep 3
  local rss
  rss=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status)
  kill $pid
  wait $pid 2>/dev/null || true
  echo "$(( (at - t0) / 1000 )) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
worst() { sort -n | tail -1; }

first=$(once "$kiosk" --data-dir "$work/data" run --no-simulator)
: > "$work/bare.txt"
: > "$work/kiosk.txt"
for _ in $(seq 1 "$runs"); do
  once "$bare" >> "$work/bare.txt"
  once "$kiosk" --data-dir "$work/data" run --no-simulator >> "$work/kiosk.txt"
done

# The kiosk again, after a staff PIN check (one argon2id hash): the memory it keeps.
"$kiosk" --data-dir "$work/data" run --no-simulator >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 500); do grep -q "unix_us" "$work/log" && break; sleep 0.01; done
sleep 1
command -v xdotool >/dev/null || { echo "xdotool is needed for the PIN-check row" >&2; exit 1; }
xdotool mousemove 1171 715 click 1   # "Staff" on Home
sleep 0.5
# The PIN 258025 on the on-screen keypad, then "Log in" (taps: no window manager here).
for at in "1012 201" "1012 363" "1012 525" "1012 687" "1012 201" "1012 363" "1165 687"; do
  xdotool mousemove $at click 1
  sleep 0.1
done
sleep 3
grep -q "staff session" "$work/log" || { echo "the staff login did not happen; log:" >&2; cat "$work/log" >&2; exit 1; }
after_pin=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status)
kill $pid
wait $pid 2>/dev/null || true

row() {
  local name=$1 file=$2
  local f50 fmax r50
  f50=$(cut -d' ' -f1 "$file" | median)
  fmax=$(cut -d' ' -f1 "$file" | worst)
  r50=$(cut -d' ' -f2 "$file" | median)
  printf "%-34s first frame median %4d ms, worst %4d ms   idle RSS median %6.1f MiB\n" \
    "$name" "$f50" "$fmax" "$(echo "$r50/1024" | bc -l)"
}
echo "process start to first frame, and idle resident set, $runs runs each:"
row "bare Slint window (baseline)" "$work/bare.txt"
row "kiosk (restart, data folder kept)" "$work/kiosk.txt"
printf "%-34s first frame %4d ms   idle RSS %6.1f MiB\n" "kiosk (first start, new database)" \
  "$(echo "$first" | cut -d' ' -f1)" "$(echo "$(echo "$first" | cut -d' ' -f2)/1024" | bc -l)"
printf "%-34s idle RSS %6.1f MiB\n" "kiosk after a staff PIN check" "$(echo "$after_pin/1024" | bc -l)"
