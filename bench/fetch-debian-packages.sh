#!/usr/bin/env bash
# Fetches a pinned list of real Debian 12 (bookworm, amd64) binary packages with
# `apt-get download` and extracts each with `dpkg-deb -x` into DIR/<package>/, for the
# component identification test on real binaries (crates/rampart-firmware/tests/
# debian_packages.rs, feature `debian-packages`):
#
#   bench/fetch-debian-packages.sh target/tmp/debian
#   RAMPART_DEBIAN_DIR=target/tmp/debian cargo test -p rampart-firmware \
#       --features debian-packages --test debian_packages -- --nocapture
#
# Versions are those of `apt-cache policy` on 2026-12-04. When the mirror no longer serves
# one (a point release or security update replaced it), the current candidate is fetched
# instead, with a warning: the test reads the expected version from each .deb's file name,
# so it checks whatever was fetched, never a hard-coded number. Needs a Debian bookworm apt
# configuration (deb.debian.org main + security + updates).
set -euo pipefail
dir=${1:?usage: $0 DIR}
mkdir -p "$dir/debs"
packages=(
  busybox=1:1.35.0-4+deb12u1+b1
  libssl3=3.0.22-1~deb12u2
  openssl=3.0.22-1~deb12u2
  libwolfssl35=5.5.4-2+deb12u3
  libmbedcrypto7=2.28.3-1
  libgnutls30=3.7.9-2+deb12u7
  dropbear-bin=2022.83-1+deb12u3
  openssh-client=1:9.2p1-2+deb12u10
  lighttpd=1.4.69-1
  nginx-core=1.22.1-9+deb12u12
  nginx=1.22.1-9+deb12u12
  dnsmasq-base=2.90-4~deb12u2
  hostapd=2:2.10-12+deb12u3
  wpasupplicant=2:2.10-12+deb12u3
  libcurl4=7.88.1-10+deb12u15
  curl=7.88.1-10+deb12u15
  zlib1g=1:1.2.13.dfsg-1+deb12u1
  libpng16-16=1.6.39-2+deb12u6
  libjpeg62-turbo=1:2.1.5-2
  libexpat1=2.5.0-1+deb12u5
  libxml2=2.9.14+dfsg-1.3~deb12u6
  libsqlite3-0=3.40.1-2+deb12u2
  libc6=2.36-9+deb12u14
  musl=1.2.3-1
  u-boot-qemu=2023.01+dfsg-2+deb12u3
  iptables=1.8.9-2
  libxtables12=1.8.9-2
  nftables=1.0.6-2+deb12u2
  libnftables1=1.0.6-2+deb12u2
  ntpsec=1.2.2+dfsg1-1+deb12u1
  chrony=4.3-2+deb12u3
  bind9=1:9.18.49-1~deb12u3
  samba=2:4.17.12+dfsg-0+deb12u4
  samba-libs=2:4.17.12+dfsg-0+deb12u4
  avahi-daemon=0.8-10+deb12u1
  mosquitto=2.0.11-1.2+deb12u2
  libsnmp40=5.9.3+dfsg-2+deb12u1
  openvpn=2.6.14-0+deb12u2
  libstrongswan=5.9.8-5+deb12u6
  strongswan-charon=5.9.8-5+deb12u6
  ppp=2.4.9-1+1.1+b1
  liblua5.4-0=5.4.4-3+deb12u1
  lua5.4=5.4.4-3+deb12u1
  python3.11-minimal=3.11.2-6+deb12u9
  libpython3.11-minimal=3.11.2-6+deb12u9
  php8.2-cli=8.2.36-1~deb12u1
  perl-base=5.36.0-7+deb12u4
  libmodbus5=3.1.6-2.1+deb12u1
  libuv1=1.44.2-1+deb12u1
  libevent-2.1-7=2.1.12-stable-8+deb12u1
  libssh-4=0.10.6-0+deb12u3
  libssh2-1=1.10.0-3+deb12u1
  libgcrypt20=1.10.1-3+deb12u1
  libpcre3=2:8.39-15
  libpcre2-8-0=10.42-1+deb12u2
  libjson-c5=0.16-2
  libjansson4=2.14-2
  e2fsprogs=1.47.0-2+b2
  libext2fs2=1.47.0-2+b2
  util-linux=2.38.1-5+deb12u3
  iproute2=6.1.0-3
  sudo=1.9.13p3-1+deb12u4
  bash=5.2.15-2+b13
  libdbus-1-3=1.14.10-1~deb12u1
  libsystemd0=252.39-1~deb12u2
  libsystemd-shared=252.39-1~deb12u2
  systemd=252.39-1~deb12u2
  libpcap0.8=1.10.3-1
  liblzma5=5.4.1-1+deb12u2
  libbz2-1.0=1.0.8-5+b1
  libzstd1=1.5.4+dfsg2-5+deb12u1
  liblz4-1=1.9.4-1
  libnl-3-200=3.7.0-0.2+b1
  libncursesw6=6.4-4
  libreadline8=8.2-1.3
  libcap2=1:2.66-4+deb12u3+b1
  libffi8=3.4.4-1
  nettle-bin=3.8.1-2
  libnettle8=3.8.1-2
  libidn2-0=2.3.3-1+b1
  libtasn1-6=4.19.0-2+deb12u1
  libgpg-error0=1.46-1
  tcpdump=4.99.3-1
  vsftpd=3.0.3-13+b2
  rsyslog=8.2302.0-1+deb12u2
  libmnl0=1.0.4-3
  haproxy=2.6.12-1+deb12u4
  stunnel4=3:5.68-2+deb12u1
  socat=1.7.4.4-2
  liblwip0=2.1.3+dfsg1-2
)
cd "$dir/debs"
for spec in "${packages[@]}"; do
  name=${spec%%=*}
  if ! ls "${name}"_*.deb >/dev/null 2>&1; then
    if ! apt-get download -q "$spec" 2>/dev/null; then
      echo "warning: $spec is no longer served; fetching the current $name" >&2
      apt-get download -q "$name"
    fi
  fi
done
cd ..
for spec in "${packages[@]}"; do
  name=${spec%%=*}
  if [ ! -d "$name" ]; then
    mkdir -p "$name.tmp"
    dpkg-deb -x debs/"${name}"_*.deb "$name.tmp"
    mv "$name.tmp" "$name"
  fi
done
echo "extracted ${#packages[@]} packages into $dir"
