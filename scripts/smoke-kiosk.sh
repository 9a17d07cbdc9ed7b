#!/usr/bin/env bash
# Start the kiosk binary under Xvfb with an empty font configuration (only the
# bundled font is available), wait for "ready in N ms", then stop it.
# Usage: scripts/smoke-kiosk.sh [BINARY]
set -euo pipefail
bin=${1:-target/release/lockerwall}
work=$(mktemp -d)
trap 'kill $kiosk $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
cat > "$work/fonts.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/nonexistent</dir><cachedir>/tmp/lockerwall-smoke-fontcache</cachedir></fontconfig>
XML
DISPLAY=$display SLINT_BACKEND=winit-software FONTCONFIG_FILE="$work/fonts.conf" RUST_LOG=info \
  "$bin" --data-dir "$work/data" >"$work/log" 2>&1 &
kiosk=$!
for _ in $(seq 1 100); do
  if grep -q "ready in" "$work/log"; then
    grep "ready in" "$work/log"
    echo "smoke: 1 passed, 0 failed"
    exit 0
  fi
  if ! kill -0 $kiosk 2>/dev/null; then break; fi
  sleep 0.2
done
echo "the kiosk did not show its first frame; its log:"
cat "$work/log"
echo "smoke: 0 passed, 1 failed"
exit 1
