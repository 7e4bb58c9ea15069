#!/usr/bin/env bash
# A nats-server 2.10 (or later) binary for the fault suite's PRIVATE broker (docs/reliability.md:
# the stream-full fault needs 2.10; Debian bookworm's nats-server is 2.9.10). Prints its path on
# stdout, everything else on stderr:
#   FAULTS_NATS_SERVER="$(bash scripts/nats-server-2.10.sh)" npm run test:faults
# It downloads Debian trixie's nats-server package once into the cache directory (gitignored),
# checked the way apt checks it: the suite's InRelease verified with gpgv against the Debian
# archive keyring, the Packages index checked against the SHA256 that InRelease lists, the .deb
# checked against the SHA256 that the index lists. Then `dpkg-deb -x` into the cache (nothing is
# installed: the system's /usr/sbin/nats-server and the running NATS are left alone). The binary
# is a Go program that needs only libc6 >= 2.34 (bookworm has 2.36). Later calls print the cached
# path without the network, once the cached .deb still has the SHA256 recorded when it was fetched.
#
# Environment: NATS_SERVER_CACHE_DIR (default .cache/nats-server-2.10), DEBIAN_MIRROR (default
# http://deb.debian.org/debian), NATS_SERVER_SUITE (default trixie).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${NATS_SERVER_CACHE_DIR:-$root/.cache/nats-server-2.10}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="${NATS_SERVER_SUITE:-trixie}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"

log() { echo "[nats-server-2.10] $*" >&2; }
fail() {
  log "$*"
  exit 1
}
# True when the binary runs here and says it is 2.10 or later.
recent_enough() {
  local version
  version="$("$1" --version 2>/dev/null)" || return 1
  [[ $version =~ v([0-9]+)\.([0-9]+)\. ]] || return 1
  ((BASH_REMATCH[1] > 2 || (BASH_REMATCH[1] == 2 && BASH_REMATCH[2] >= 10)))
}
fetch() { curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 20 --max-time 300 -o "$2" "$1"; }

# The cache: the binary, the .deb it came from, and the .deb's SHA256 from the signed index.
binary="$cache/root/usr/sbin/nats-server" # where the package puts it
if [ -x "$binary" ] && [ -f "$cache/nats-server.deb" ] && [ -f "$cache/SHA256" ] &&
  [ "$(sha256sum "$cache/nats-server.deb" | cut -d' ' -f1)" = "$(cat "$cache/SHA256")" ] &&
  recent_enough "$binary"; then
  echo "$binary"
  exit 0
fi

for tool in curl gpgv xz sha256sum dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing"
done
[ -r "$keyring" ] || fail "$keyring is missing (package debian-archive-keyring)"
mkdir -p "$(dirname "$cache")"
work="$(mktemp -d "$(dirname "$cache")/.nats-server-download.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "fetching $mirror/dists/$suite/InRelease"
fetch "$mirror/dists/$suite/InRelease" "$work/InRelease"
# gpgv --output writes only what the signature covers.
gpgv --quiet --keyring "$keyring" --output "$work/Release" "$work/InRelease" 2>"$work/gpgv.log" ||
  fail "the signature of $suite's InRelease does not verify: $(cat "$work/gpgv.log")"

index="main/binary-$arch/Packages.xz"
index_sha="$(awk -v f="$index" '/^[A-Za-z]/ { in_sha = ($1 == "SHA256:") } in_sha && $3 == f { print $1 }' "$work/Release")"
[ -n "$index_sha" ] || fail "$suite's InRelease lists no SHA256 for $index"
# By hash (Acquire-By-Hash): the index the signed Release names, even if the mirror moves on meanwhile.
fetch "$mirror/dists/$suite/main/binary-$arch/by-hash/SHA256/$index_sha" "$work/Packages.xz" ||
  fetch "$mirror/dists/$suite/$index" "$work/Packages.xz"
[ "$(sha256sum "$work/Packages.xz" | cut -d' ' -f1)" = "$index_sha" ] ||
  fail "$index does not have the SHA256 that $suite's InRelease lists"

# The nats-server stanza: Version, Filename, SHA256.
xz -dc "$work/Packages.xz" >"$work/Packages"
stanza="$(awk -v RS= '/(^|\n)Package: nats-server\n/ { print; exit }' "$work/Packages")"
[ -n "$stanza" ] || fail "no nats-server package in $suite/$index"
field() { sed -n "s/^$1: //p" <<<"$stanza" | head -n1; }
version="$(field Version)"
filename="$(field Filename)"
deb_sha="$(field SHA256)"
[ -n "$filename" ] && [ -n "$deb_sha" ] || fail "the nats-server stanza has no Filename or SHA256"
[[ $version =~ ^([0-9]+)\.([0-9]+)\. ]] && ((BASH_REMATCH[1] > 2 || (BASH_REMATCH[1] == 2 && BASH_REMATCH[2] >= 10))) ||
  fail "$suite's nats-server is $version, not 2.10 or later"

log "fetching $mirror/$filename ($version)"
fetch "$mirror/$filename" "$work/nats-server.deb"
[ "$(sha256sum "$work/nats-server.deb" | cut -d' ' -f1)" = "$deb_sha" ] ||
  fail "$filename does not have the SHA256 that the index lists ($deb_sha)"
dpkg-deb -x "$work/nats-server.deb" "$work/root"
extracted="$work/root/usr/sbin/nats-server"
[ -x "$extracted" ] || fail "the package has no usr/sbin/nats-server"
recent_enough "$extracted" ||
  fail "the extracted nats-server does not run here, or is older than 2.10: $("$extracted" --version 2>&1 || true)"

rm -f "$work/Packages" "$work/Packages.xz" "$work/gpgv.log"
echo "$deb_sha" >"$work/SHA256"
echo "$version" >"$work/VERSION"
rm -rf "$cache"
mv "$work" "$cache"
trap - EXIT
chmod 755 "$cache"
log "$("$binary" --version) in $cache"
echo "$binary"
