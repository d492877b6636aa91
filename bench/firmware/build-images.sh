#!/usr/bin/env bash
# Packs a root filesystem folder into the firmware image formats Rampart unpacks, with the
# Debian tools that make them on real devices' build systems.
#
#   bench/firmware/build-images.sh ROOTFS OUTDIR [FORMATS]
#
# FORMATS is a comma list of: squashfs-gzip, squashfs-xz, squashfs-zstd, cpio-gz, ext4,
# tar-gz, uimage-cpio (default: all). Needs squashfs-tools, cpio, e2fsprogs, u-boot-tools
# (`.ci/run` installs them). Each image is written once; an existing one is kept.
set -euo pipefail
rootfs=$(realpath "$1")
out=$2
formats=${3:-squashfs-gzip,squashfs-xz,squashfs-zstd,cpio-gz,ext4,tar-gz,uimage-cpio}
mkdir -p "$out"
out=$(realpath "$out")

has() { [[ ",$formats," == *",$1,"* ]]; }
make() { # name command...
  local name=$1; shift
  if [[ -s "$out/$name" ]]; then return; fi
  "$@" > "$out/$name.log" 2>&1 || { cat "$out/$name.log" >&2; exit 1; }
}

for comp in gzip xz zstd; do
  if has "squashfs-$comp"; then
    make "rootfs-$comp.sqfs" mksquashfs "$rootfs" "$out/rootfs-$comp.sqfs" -comp "$comp" -noappend -no-progress -all-root -processors 2
  fi
done
if has cpio-gz && [[ ! -s "$out/rootfs.cpio.gz" ]]; then
  (cd "$rootfs" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) > "$out/rootfs.cpio.gz"
fi
if has ext4 && [[ ! -s "$out/rootfs.ext4" ]]; then
  size_kb=$(( $(du -sk "$rootfs" | cut -f1) * 13 / 10 + 16384 ))
  make rootfs.ext4 mke2fs -q -t ext4 -d "$rootfs" -E root_owner=0:0 "$out/rootfs.ext4" "${size_kb}k"
fi
if has tar-gz && [[ ! -s "$out/rootfs.tar.gz" ]]; then
  tar -C "$rootfs" --numeric-owner -czf "$out/rootfs.tar.gz" .
fi
if has uimage-cpio; then
  if [[ ! -s "$out/rootfs.cpio.gz" ]]; then
    (cd "$rootfs" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) > "$out/rootfs.cpio.gz"
  fi
  make rootfs.uimage mkimage -A arm -O linux -T ramdisk -C gzip -n "rampart test ramdisk" -d "$out/rootfs.cpio.gz" "$out/rootfs.uimage"
fi
ls -l "$out" | grep -v '\.log$'
