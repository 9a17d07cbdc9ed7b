#!/usr/bin/env bash
# The long soak: 30 simulated days at 500 packages a day through the kiosk's
# runtime, store and outbox worker (see tests/soak.rs), with a table per day.
#   scripts/soak.sh [DAYS] [PACKAGES_PER_DAY]      (default 30 500)
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK_DAYS="${1:-30}" SOAK_PER_DAY="${2:-500}" \
  cargo test --release --test soak -- --nocapture 2>&1 \
  | grep --line-buffered -vE "^\s+(Compiling|Running)|^running|^$"
