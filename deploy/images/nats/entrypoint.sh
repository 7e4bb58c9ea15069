#!/bin/sh
# nats-server wrapper of the local NATS image (see Containerfile). Same arguments as nats-server.
set -eu
SERVER=/usr/sbin/nats-server
if [ "$(id -u)" = 0 ]; then
  mkdir -p /data
  [ "$(stat -c %U /data)" = nats ] || chown -R nats: /data
  exec setpriv --reuid=nats --regid=nats --init-groups "$0" "$@"
fi
version=$("$SERVER" --version | sed -n 's/.*v\([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p')
major=${version% *}
minor=${version#* }
if [ "${major:-0}" -eq 2 ] && [ "${minor:-0}" -lt 10 ]; then
  # Rewrite the config given with -c/--config without sync_interval (unknown before 2.10).
  out=""
  next_is_config=false
  for arg in "$@"; do
    if $next_is_config; then
      grep -v '^[[:space:]]*sync_interval:' "$arg" >/tmp/nats.conf
      echo "nats-server $major.$minor: sync_interval left out of $arg (local test image only)" >&2
      arg=/tmp/nats.conf
      next_is_config=false
    elif [ "$arg" = -c ] || [ "$arg" = --config ]; then
      next_is_config=true
    fi
    out="$out$(printf '%s' "$arg" | sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/") "
  done
  eval "set -- $out"
fi
exec "$SERVER" "$@"
