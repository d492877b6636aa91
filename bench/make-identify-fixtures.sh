#!/usr/bin/env bash
# Rebuilds the real-binary excerpts in crates/rampart-firmware/tests/fixtures/identify/ that
# the signature rules marked `tested: fixture:FILE` are checked on (tests/identify_real.rs).
# Each excerpt is a few hundred bytes cut from a real binary around the rule's evidence:
#
# - a Debian 12 kernel (`apt-get download`), its bzImage unpacked by rampart itself;
# - uClibc-ng, built with gcc from the release tarball Debian 12's `uclibc-source` ships;
# - lwIP's httpd and open62541, compiled here with gcc from the upstream C sources that
#   the crates.io crates `lwip` and `open62541-sys` vendor (fetched by `cargo fetch` in a
#   scratch project), so the bytes are what the compiler emits, not strings typed by hand.
#
#   bench/make-identify-fixtures.sh [WORKDIR [PART...]]
#
# WORKDIR defaults to target/tmp/identify-fixtures; PARTs (default all): kernel uclibc lwip
# open62541.
#
# Needs: a Debian bookworm apt configuration, gcc, python3, pip (cmake and ninja for
# open62541 come from PyPI into WORKDIR), and target/debug/rampart (`cargo build -p
# rampart-cli`). Not run by CI: the excerpts are committed, so the test is hermetic; this
# script says where every byte came from and prints each excerpt's offset for the README.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/crates/rampart-firmware/tests/fixtures/identify"
work=$(mkdir -p "${1:-$repo/target/tmp/identify-fixtures}" && cd "${1:-$repo/target/tmp/identify-fixtures}" && pwd)
rampart="$repo/target/debug/rampart"
mkdir -p "$out"

# excerpt SOURCE NEEDLE OCCURRENCE BEFORE LENGTH NAME: writes LENGTH bytes of SOURCE starting
# BEFORE bytes ahead of the OCCURRENCE-th (1-based) NEEDLE to $out/NAME, and prints where.
excerpt() {
  python3 - "$@" "$out" <<'EOF'
import hashlib, sys
source, needle, nth, before, length, name, out = sys.argv[1:]
data = open(source, "rb").read()
at = -1
for _ in range(int(nth)):
    at = data.find(needle.encode(), at + 1)
    if at < 0:
        sys.exit(f"{source}: occurrence {nth} of {needle!r} not found")
start = at - int(before)
open(f"{out}/{name}", "wb").write(data[start:start + int(length)])
print(f"{name}: {length} bytes at offset {start} of {source.rsplit('/', 1)[-1]} "
      f"(sha256 {hashlib.sha256(data).hexdigest()})")
EOF
}

# A crate's unpacked source folder, fetched through cargo into a scratch project.
crate_source() {
  local name=$1 version=$2 project="$work/crate-$1"
  mkdir -p "$project/src"
  touch "$project/src/lib.rs"
  printf '[package]\nname = "scratch"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n[dependencies]\n%s = "=%s"\n' \
    "$name" "$version" > "$project/Cargo.toml"
  (cd "$project" && cargo fetch -q)
  (cd "$project" && cargo metadata -q --format-version 1) | python3 -c '
import json, os, sys
name = sys.argv[1]
meta = json.load(sys.stdin)
print(next(os.path.dirname(p["manifest_path"]) for p in meta["packages"] if p["name"] == name))
' "$name"
}

# Linux: linux_banner of Debian 12's cloud kernel, in the vmlinux its bzImage holds.
kernel() {
  kernel_pkg=linux-image-6.1.0-57-cloud-amd64
  (cd "$work" && ls ${kernel_pkg}_*.deb > /dev/null 2>&1 || apt-get download -q "$kernel_pkg=6.1.192-3")
  rm -rf "$work/kernel" "$work/kernel-unpacked"
  dpkg-deb -x "$work"/${kernel_pkg}_*.deb "$work/kernel"
  "$rampart" firmware unpack "$work/kernel/boot/vmlinuz-6.1.0-57-cloud-amd64" -o "$work/kernel-unpacked" > /dev/null
  vmlinux=$(find "$work/kernel-unpacked" -type f -name vmlinux | head -1)
  excerpt "$vmlinux" "Linux version " 2 64 320 linux-6.1.192-debian-vmlinux.bin
}

# uClibc-ng: the shared C library as its own build names it (x86_64 defconfig, Debian's
# kernel headers), the version banner of libc/misc/internals/version.c, and the SONAME in
# its dynamic string table.
uclibc() {
  (cd "$work" && ls uclibc-source_*.deb > /dev/null 2>&1 || apt-get download -q uclibc-source=1.0.35-1)
  rm -rf "$work/uclibc-source" "$work/uClibc-ng-1.0.35" "$work/kernel-headers"
  dpkg-deb -x "$work"/uclibc-source_*.deb "$work/uclibc-source"
  tar -xJf "$work/uclibc-source/usr/src/uClibc-ng-1.0.35.tar.xz" -C "$work"
  mkdir -p "$work/kernel-headers"
  cp -r /usr/include/linux /usr/include/asm-generic "$work/kernel-headers/"
  cp -r /usr/include/x86_64-linux-gnu/asm "$work/kernel-headers/asm"
  make -s -C "$work/uClibc-ng-1.0.35" ARCH=x86_64 defconfig > /dev/null
  sed -i "s|^KERNEL_HEADERS=.*|KERNEL_HEADERS=\"$work/kernel-headers\"|" "$work/uClibc-ng-1.0.35/.config"
  make -s -C "$work/uClibc-ng-1.0.35" lib/libc.so.1 > /dev/null 2>&1
  uclibc="$work/uClibc-ng-1.0.35/lib/libuClibc-1.0.35.so"
  readelf -d "$uclibc" | grep SONAME
  excerpt "$uclibc" "uClibc-ng release" 1 32 320 uclibc-ng-1.0.35-libuClibc.so-banner.bin
  excerpt "$uclibc" "ld64-uClibc.so.1" 1 48 96 uclibc-ng-1.0.35-libuClibc.so-dynstr.bin
}

# lwIP: httpd.c with dynamic headers, whose Server header is HTTPD_SERVER_AGENT.
lwip() {
  lwip=$(crate_source lwip 0.4.0)
  gcc -O2 -c -I"$lwip/contrib/ports/unix/lib" -I"$lwip/contrib/ports/unix/port/include" \
    -I"$lwip/src/include" -DLWIP_HTTPD_DYNAMIC_HEADERS=1 "$lwip/src/apps/http/httpd.c" \
    -o "$work/httpd.o"
  excerpt "$work/httpd.o" "Server: lwIP/" 1 64 192 lwip-2.2.1d-httpd.o.bin
}

# open62541: the shared library as its CMake build makes it; the server's BuildInfo
# (plugins/ua_config_default.c) holds the product name and the version.
open62541() {
  o62541=$(crate_source open62541-sys 0.6.6)/open62541
  pip install -q --target "$work/pytools" cmake ninja
  export PATH="$work/pytools/bin:$PATH" PYTHONPATH="$work/pytools"
  cmake -S "$o62541" -B "$work/open62541-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=ON -DUA_ENABLE_ENCRYPTION=OFF -DUA_BUILD_EXAMPLES=OFF \
    -DUA_NAMESPACE_ZERO=REDUCED > /dev/null
  ninja -C "$work/open62541-build" open62541 > /dev/null
  excerpt "$work/open62541-build/bin/libopen62541.so.1.5.10" "open62541 OPC UA Server" 1 128 256 \
    open62541-1.5.10-libopen62541.so.bin
}

parts=("${@:2}")
if [ ${#parts[@]} -eq 0 ]; then
  parts=(kernel uclibc lwip open62541)
fi
for part in "${parts[@]}"; do
  "$part"
done
