#!/usr/bin/env bash
# The kiosk window cannot be left for a desktop. The real kiosk binary runs
# full screen (as on a wall) under Xvfb and a window manager; this script then
# tries what a person at the screen (or a keyboard plugged into the box) could:
# the window manager's close (what Alt+F4 or a title-bar button sends), Alt+F4
# itself, Ctrl+Q, Ctrl+W, Escape, Alt+Tab, the Super key. After each, the kiosk
# must still be running, its window mapped and covering the whole screen.
# As a control, the same close request does end the windowed demo, so the
# request really reaches the program.
#   scripts/kiosk-escape.sh [BINARY]   (needs Xvfb, matchbox-window-manager, xdotool, wmctrl)
set -euo pipefail
bin=${1:-target/release/lockerwall}
work=$(mktemp -d)
display=:$((70 + RANDOM % 9))
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
sleep 1
export DISPLAY=$display SLINT_BACKEND=winit-software RUST_LOG=info
matchbox-window-manager -use_titlebar no >/dev/null 2>&1 &
pids+=($!)
sleep 0.5

passed=0
failed=0
check() {
  if eval "$2"; then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAILED: $1"; fi
}

start() { # $1: fullscreen true|false
  mkdir -p "$work/data-$1"
  printf 'fullscreen = %s\nsimulator_window = false\n' "$1" > "$work/kiosk-$1.toml"
  "$bin" --config "$work/kiosk-$1.toml" --data-dir "$work/data-$1" run >"$work/log-$1" 2>&1 &
  kiosk=$!
  pids+=($kiosk)
  for _ in $(seq 1 100); do
    grep -q "ready in" "$work/log-$1" && break
    sleep 0.1
  done
  grep -q "ready in" "$work/log-$1" || { echo "the kiosk did not start:"; cat "$work/log-$1"; exit 1; }
  sleep 0.5
  win=$(xdotool search --onlyvisible --name "Lockerwall" | head -1)
}

still_there() {
  kill -0 "$kiosk" 2>/dev/null || return 1
  xdotool search --onlyvisible --name "Lockerwall" >/dev/null || return 1
  local geo
  geo=$(xdotool getwindowgeometry "$win" | grep Geometry | awk '{print $2}')
  [ "$geo" = "1280x800" ] || { echo "  window is $geo"; return 1; }
}

start true
check "full-screen kiosk covers the screen" still_there
wmctrl -c "Lockerwall" || true
sleep 0.5
check "the window manager's close is refused" still_there
check "the refusal is logged" 'grep -q "close the kiosk window was refused" "$work/log-true"'
for keys in "alt+F4" "ctrl+q" "ctrl+w" "Escape" "alt+Tab" "super" "ctrl+alt+BackSpace"; do
  xdotool windowactivate --sync "$win" 2>/dev/null || true
  xdotool key --clearmodifiers "$keys"
  sleep 0.4
  check "$keys leaves the kiosk in place" still_there
done
kill "$kiosk"

# The control: the same request closes the windowed demo.
start false
wmctrl -c "Lockerwall" || true
ended=no
for _ in $(seq 1 30); do
  kill -0 "$kiosk" 2>/dev/null || { ended=yes; break; }
  sleep 0.1
done
check "control: the windowed demo does close on the same request" '[ $ended = yes ]'

echo "escape: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
