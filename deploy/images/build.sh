#!/usr/bin/env bash
# Builds the local images of the stack with podman, each only when it is missing (FORCE=1 rebuilds):
#   localhost/jiandu-debian:bookworm   debootstrap --variant=minbase bookworm, from the mirror apt uses
#   localhost/jiandu-node:24           that + Node 24 of the pinned npm `node` package (+ npm, for builds)
#   localhost/jiandu-postgres:15       that base + Debian's postgresql-15
#   localhost/jiandu-nats:2            that base + Debian's nats-server
#   jiandu/<service>:${JIANDU_VERSION:-dev}  the Dockerfile, on localhost/jiandu-node:24 (always
#                                            rebuilt from the checkout; podman's layer cache keeps it quick)
# Usage: deploy/images/build.sh [base|node|postgres|nats|services|all]   (default: all)
# The debootstrap tree is cached as a tarball in ${JIANDU_IMAGE_CACHE:-/var/cache/jiandu} so that a
# machine whose podman storage was wiped re-imports it in seconds.
set -euo pipefail
umask 022 # files copied into images keep their modes readable (a caller may run with 077)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${JIANDU_IMAGE_CACHE:-/var/cache/jiandu}"
VERSION="${JIANDU_VERSION:-dev}"
DEBIAN_IMAGE=localhost/jiandu-debian:bookworm
NODE_IMAGE=localhost/jiandu-node:24
POSTGRES_IMAGE=localhost/jiandu-postgres:15
NATS_IMAGE=localhost/jiandu-nats:2
SERVICES=(petitions case-management supervision review analytics publicity gateway)

log() { echo "[images] $*" >&2; }
have() { [ "${FORCE:-0}" != 1 ] && podman image exists "$1"; }
timed() {
  local started; started=$(date +%s)
  "$@"
  log "$*: $(( $(date +%s) - started ))s"
}

# The Debian mirror apt uses on this machine (deb822 or one-line sources).
mirror() {
  local uri
  uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || uri=$(grep -hsE '^deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -n1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

build_base() {
  have "$DEBIAN_IMAGE" && return 0
  local tarball="$CACHE/debian-bookworm-minbase.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
    mkdir -p "$CACHE"
    local tree; tree=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    log "debootstrap --variant=minbase bookworm from $(mirror)"
    debootstrap --variant=minbase bookworm "$tree" "$(mirror)" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -n 20 "$CACHE/debootstrap.log" >&2; rm -rf "$tree"; exit 1; }
    # Smaller: no package lists, caches, documentation or translations (apt-get update restores the lists).
    rm -rf "$tree"/var/lib/apt/lists/* "$tree"/var/cache/apt/* "$tree"/var/cache/debconf/*-old \
      "$tree"/usr/share/doc/* "$tree"/usr/share/man/* "$tree"/usr/share/info/* "$tree"/var/log/*.log
    find "$tree"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +
    # Installs in derived images keep no documentation either.
    printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\npath-include /usr/share/locale/locale.alias\n' \
      >"$tree/etc/dpkg/dpkg.cfg.d/01-jiandu-nodoc"
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$tree/etc/apt/apt.conf.d/01-jiandu-norecommends"
    chmod 755 "$tree"
    tar --numeric-owner -C "$tree" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$tree"
  fi
  podman import -q --change 'CMD ["/bin/bash"]' "$tarball" "$DEBIAN_IMAGE" >/dev/null
}

build_node() {
  have "$NODE_IMAGE" && return 0
  build_base
  local node="$ROOT/node_modules/node/bin/node"
  [ -x "$node" ] || { log "run npm ci first: $node (the pinned npm node package) is missing"; exit 1; }
  local npm_dir; npm_dir="$(npm root -g)/npm"
  [ -f "$npm_dir/bin/npm-cli.js" ] || { log "npm is not at $npm_dir"; exit 1; }
  local context; context=$(mktemp -d)
  install -m 755 "$(readlink -f "$node")" "$context/node"
  # Its symbols and debug sections (18 MB of 127) serve native debuggers only: stripped, when binutils is here.
  if command -v strip >/dev/null; then strip "$context/node"; fi
  cp -r "$npm_dir" "$context/npm"
  chmod -R a+rX "$context/npm"
  # The machine's trust store: its network may reach the npm registry through a TLS proxy whose CA
  # only this machine trusts (Debian minbase has no CA bundle of its own).
  cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$context/ca-certificates.crt"
  cp "$ROOT/deploy/images/node.Containerfile" "$context/Containerfile"
  podman build -q --format docker --network host --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" -t "$NODE_IMAGE" -f "$context/Containerfile" "$context" >/dev/null
  rm -rf "$context"
}

build_postgres() {
  have "$POSTGRES_IMAGE" && return 0
  build_base
  podman build -q --format docker --network host --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" -t "$POSTGRES_IMAGE" \
    -f "$ROOT/deploy/images/postgres/Containerfile" "$ROOT/deploy/images/postgres" >/dev/null
}

build_nats() {
  have "$NATS_IMAGE" && return 0
  build_base
  podman build -q --format docker --network host --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" -t "$NATS_IMAGE" \
    -f "$ROOT/deploy/images/nats/Containerfile" "$ROOT/deploy/images/nats" >/dev/null
}

# Always built, unlike the bases: an image older than the sources would test old code. Unchanged
# sources cost seconds (every layer comes from podman's cache).
build_services() {
  local missing=("${SERVICES[@]}")
  build_node
  # The build stage's npm ci may read this machine's npm cache (filled by the npm ci of the checkout),
  # through an overlay: what it writes is thrown away. Without it, npm ci downloads everything.
  local npm_cache cache_mount=()
  npm_cache=$(npm config get cache 2>/dev/null || true)
  [ -d "$npm_cache/_cacache" ] && cache_mount=(--volume "$npm_cache:/root/.npm:O")
  # One snapshot of the sources for the four builds, so that the build stage is the same for each
  # (built once, then cached) even while files of the checkout change; .dockerignore still applies.
  local context; context=$(mktemp -d)
  tar -C "$ROOT" -cf - --exclude=node_modules --exclude=dist --exclude='*.spec.ts' --exclude=test \
    Dockerfile .dockerignore package.json package-lock.json .swcrc tsconfig.base.json tsconfig.json libs services \
    | tar -C "$context" -xf -
  # One after the other: the build stage is shared (cached after the first), only the last stage differs.
  # --format docker: the OCI format has no HEALTHCHECK.
  for service in "${missing[@]}"; do
    log "jiandu/$service:$VERSION"
    podman build --format docker --network host "${cache_mount[@]}" --build-arg "NODE_IMAGE=$NODE_IMAGE" --build-arg "SERVICE=$service" \
      -t "jiandu/$service:$VERSION" -f "$context/Dockerfile" "$context" >"$CACHE/build-$service.log" 2>&1 \
      || { tail -n 40 "$CACHE/build-$service.log" >&2; rm -rf "$context"; exit 1; }
  done
  rm -rf "$context"
}

mkdir -p "$CACHE"
case "${1:-all}" in
  base) timed build_base ;;
  node) timed build_node ;;
  postgres) timed build_postgres ;;
  nats) timed build_nats ;;
  services) timed build_services ;;
  all)
    timed build_base
    timed build_postgres
    timed build_nats
    timed build_node
    timed build_services
    ;;
  *) echo "usage: $0 [base|node|postgres|nats|services|all]" >&2; exit 2 ;;
esac
