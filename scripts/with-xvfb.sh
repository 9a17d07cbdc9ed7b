#!/usr/bin/env bash
# Run a command with DISPLAY set to a private Xvfb server, stopped afterwards.
# Usage: scripts/with-xvfb.sh COMMAND [ARGS...]
set -euo pipefail
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=$display "$@"
