#!/usr/bin/env bash
# The kiosk for 64-bit ARM boards, cross-built with Debian's toolchain, on
# Slint's linuxkms backend (no display server: DRM and libinput) as well as
# winit. Then the binary is run under qemu to show it starts.
#   bash scripts/cross-aarch64.sh            (as root: installs what it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null \
   || ! dpkg -s libinput-dev:arm64 libudev-dev:arm64 libxkbcommon-dev:arm64 >/dev/null 2>&1; then
  dpkg --add-architecture arm64
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
    libinput-dev:arm64 libudev-dev:arm64 libxkbcommon-dev:arm64 qemu-user >/dev/null
fi
rustup target list --installed | grep -qx aarch64-unknown-linux-gnu || rustup target add aarch64-unknown-linux-gnu
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
# The board's libraries (libinput, libudev, xkbcommon), not this machine's.
export PKG_CONFIG_ALLOW_CROSS=1
export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
# No debug info: a third of the time, and nothing here reads it.
export CARGO_PROFILE_DEV_DEBUG=0
cargo build --target aarch64-unknown-linux-gnu --bin lockerwall --features linuxkms
bin="${CARGO_TARGET_DIR:-target}/aarch64-unknown-linux-gnu/debug/lockerwall"
file "$bin" | grep -q "ARM aarch64" || { echo "not an aarch64 binary: $(file "$bin")"; exit 1; }
# Under qemu, with the board's libraries: it starts and answers.
out=$(qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH=/usr/lib/aarch64-linux-gnu "$bin" --version)
echo "aarch64 under qemu: $out"
echo "$out" | grep -q "^lockerwall "
