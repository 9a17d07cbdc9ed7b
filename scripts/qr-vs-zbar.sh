#!/usr/bin/env bash
# QR decoding, ours against ZBar's zbarimg, on the same synthetic 1280x720
# frames, in one run: decode rate per condition and total time.
# Needs zbar-tools (apt-get install zbar-tools). Usage: scripts/qr-vs-zbar.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v zbarimg >/dev/null || { echo "zbarimg missing: apt-get install zbar-tools"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --example qr_set --bin lockerwall
target=${CARGO_TARGET_DIR:-target}
"$target/release/examples/qr_set" "$work" >/dev/null

# One process per tool over every file, timed as a whole.
files=$(cut -f1 "$work/expected.tsv" | sed "s|^|$work/|")
start=$(date +%s.%N)
# shellcheck disable=SC2086
zbarimg -q --raw -Sdisable -Sqrcode.enable $files >"$work/zbar.out" 2>/dev/null || true
zbar_s=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
# shellcheck disable=SC2086
"$target/release/lockerwall" decode $files >"$work/ours.out" 2>/dev/null || true
ours_s=$(echo "$(date +%s.%N) - $start" | bc)

# zbarimg prints decoded texts only; count, per condition, the expected texts it printed.
python3 - "$work" "$zbar_s" "$ours_s" <<'PY'
import sys, collections
work, zbar_s, ours_s = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rows = [l.rstrip("\n").split("\t") for l in open(f"{work}/expected.tsv")]
zbar = set(l.strip() for l in open(f"{work}/zbar.out"))
ours = collections.defaultdict(set)
for l in open(f"{work}/ours.out"):
    if ": QR: " in l:
        f, rest = l.split(": QR: ", 1)
        ours[f.rsplit("/", 1)[-1]].add(rest.split("  [")[0].strip())
per = collections.OrderedDict()
for f, cond, want in rows:
    if want == "-":
        continue
    z, o = per.setdefault(cond, [0, 0, 0])[0:2]
    per[cond][0] += want in zbar
    per[cond][1] += want in ours[f]
    per[cond][2] += 1
print(f"{'condition':<36} {'zbarimg':>8} {'lockerwall':>11}")
tz = to = tn = 0
for cond, (z, o, n) in per.items():
    print(f"{cond:<36} {z*100//n:>7}% {o*100//n:>10}%")
    tz += z; to += o; tn += n
print(f"{'all':<36} {tz*100//tn:>7}% {to*100//tn:>10}%")
frames = len(rows)
print(f"time for {frames} frames: zbarimg {zbar_s:.2f} s ({zbar_s*1000/frames:.1f} ms/frame), "
      f"lockerwall {ours_s:.2f} s ({ours_s*1000/frames:.1f} ms/frame); ratio lockerwall/zbar {ours_s/zbar_s:.2f}")
PY
