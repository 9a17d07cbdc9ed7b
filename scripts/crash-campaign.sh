#!/usr/bin/env bash
# The whole crash campaign: the kiosk killed with SIGKILL at every one of its
# crash points (not every 4th, as `cargo test` does), ROUNDS times over (each
# round draws its own pickup code and interleaving), then the invariants checked
# after every restart. Each round runs twice: a plain kill, and a power cut
# (every database write not yet synced is lost; at every other point half of
# them reached the disk early, in any order). See tests/crash_campaign.rs.
#   scripts/crash-campaign.sh [ROUNDS]      (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
for round in $(seq 1 "$rounds"); do
  echo "== round $round of $rounds"
  CRASH_EVERY=1 cargo test --release --test crash_campaign -- --nocapture --test-threads=1 \
    crash_campaign power_cut_campaign power_cut_loses 2>&1 \
    | grep -E "campaign:|after a power cut|panicked|killed at|test result"
done
