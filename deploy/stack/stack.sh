#!/usr/bin/env bash
# The whole system in containers on this machine: rootful podman, docker-compose through podman's
# Docker-compatible socket, images built here (deploy/images/build.sh; no registry needed).
#   npm run stack -- up        build what is missing (the base image included), start, wait until healthy
#   npm run stack -- smoke     the README's walk-through through the gateway, then a full restart
#                              (down without -v, up) and the same data checked again, `verify` in a
#                              container, and a backup restored into a fresh volume and verified
#   npm run stack -- down [-v] stop and remove the containers (-v: the volumes too: DELETES the data)
#   npm run stack -- logs [service]   |  ps  |  build  |  config
#   npm run stack -- verify    hash chains and seals of every schema, checked in the petitions container
#   npm run stack -- restore-check   pg_dump of the volume, restored into a fresh volume, verified
#   npm run stack -- test      build, then up (testcontainers: deploy/stack/stack-test.mjs), smoke, down -v
#                              (CI: the `stack` Nx project; STACK_TESTCONTAINERS=0: docker-compose alone)
# Secrets: ${STACK_ENV_FILE:-/var/lib/jiandu-stack/stack.env}, made with random values on first use
# (the values of deploy/env.example are empty and compose refuses them; a service refuses the
# development JWT, vault and service signing keys with NODE_ENV=production). It lives beside the volumes it opens.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
STATE_DIR="${STACK_STATE_DIR:-/var/lib/jiandu-stack}"
ENV_FILE="${STACK_ENV_FILE:-$STATE_DIR/stack.env}"
PROJECT="${STACK_PROJECT:-jiandu-stack}"
SOCKET="${STACK_PODMAN_SOCKET:-/run/podman/podman.sock}"
export DOCKER_HOST="unix://$SOCKET"
export COMPOSE_HTTP_TIMEOUT=300
export STACK_POSTGRES_PORT="${STACK_POSTGRES_PORT:-55432}" STACK_NATS_PORT="${STACK_NATS_PORT:-54222}"
export STACK_NATS_MONITOR_PORT="${STACK_NATS_MONITOR_PORT:-58222}" STACK_GATEWAY_PORT="${STACK_GATEWAY_PORT:-53000}"
export STACK_HEALTH_PORT_BASE="${STACK_HEALTH_PORT_BASE:-5300}"
GATEWAY_URL="http://127.0.0.1:$STACK_GATEWAY_PORT"
SERVICES=(petitions case-management supervision review analytics publicity gateway)

log() { echo "[stack] $*" >&2; }
fail() {
  echo "[stack] FAILED: $*" >&2
  exit 1
}
since() { echo "$(($(date +%s) - $1))s"; }

# --- podman and its socket ------------------------------------------------------------------------
ensure_podman() {
  command -v podman >/dev/null || fail "podman is missing (apt-get install podman; see docs/operations.md)"
  command -v docker-compose >/dev/null || fail "docker-compose is missing (apt-get install docker-compose)"
  grep -qs '^default_ulimits' /etc/containers/containers.conf \
    || fail "/etc/containers/containers.conf needs [containers] default_ulimits = [] (every container fails with 'error setting rlimit' otherwise)"
  if ! curl -sf --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; then
    mkdir -p "$(dirname "$SOCKET")" "$STATE_DIR"
    log "starting podman system service on $SOCKET"
    nohup podman system service --time=0 "unix://$SOCKET" >"$STATE_DIR/podman-service.log" 2>&1 &
    PODMAN_SERVICE_PID=$!
    for _ in $(seq 1 50); do
      curl -sf --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1 && return 0
      sleep 0.2
    done
    fail "podman system service does not answer on $SOCKET (see $STATE_DIR/podman-service.log)"
  fi
}

# --- secrets ----------------------------------------------------------------------------------------
SECRET_NAMES=(POSTGRES_PASSWORD PETITIONS_DB_PASSWORD CASE_MANAGEMENT_DB_PASSWORD SUPERVISION_DB_PASSWORD REVIEW_DB_PASSWORD
  ANALYTICS_DB_PASSWORD PUBLICITY_DB_PASSWORD PETITIONS_NATS_PASSWORD CASE_MANAGEMENT_NATS_PASSWORD SUPERVISION_NATS_PASSWORD
  REVIEW_NATS_PASSWORD ANALYTICS_NATS_PASSWORD PUBLICITY_NATS_PASSWORD GATEWAY_NATS_PASSWORD OPS_NATS_PASSWORD)
ensure_env() {
  if [ -s "$ENV_FILE" ]; then
    # A file of an earlier version: the secrets of a service added since are appended (the volumes
    # it opens were made without that service: `down -v` then `up` makes them again with it).
    local name
    for name in "${SECRET_NAMES[@]}"; do
      grep -q "^$name=" "$ENV_FILE" || echo "$name=p$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" >>"$ENV_FILE"
    done
    ensure_service_keys
    return 0
  fi
  mkdir -p "$(dirname "$ENV_FILE")"
  hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
  # Every value starts with a letter: nats-server parses a variable's value as a config value, and
  # one that starts with a digit ("0f3a…") is a parse error, not a string.
  (
    umask 077
    {
    echo "# Made by deploy/stack/stack.sh for the local stack; keep it with the volumes it opens."
    echo "JIANDU_VERSION=${JIANDU_VERSION:-dev}"
    for name in "${SECRET_NAMES[@]}"; do
      echo "$name=p$(hex 24)"
    done
    echo "JWT_SECRET=s$(hex 32)"
    echo "VAULT_MASTER_KEY=$(head -c 32 /dev/urandom | base64)"
    } >"$ENV_FILE"
  )
  ensure_service_keys
  log "secrets written to $ENV_FILE"
}
# Each service's Ed25519 signing key and every public key (ADR 0019), once per env file: a file of
# an earlier version gets them appended.
ensure_service_keys() {
  grep -q '^SERVICE_PUBLIC_KEYS=' "$ENV_FILE" || node "$ROOT/scripts/service-keys.mjs" >>"$ENV_FILE"
}
env_value() { sed -n "s/^$1=//p" "$ENV_FILE" | tail -n1; }

# docker-compose.yml with docker-compose.local.yml, rendered once with the env file. The rendering
# drops `ports` of the services on the host network: docker-compose 1.29 refuses the two together
# (a published port means nothing there; the gateway listens on STACK_GATEWAY_PORT itself).
RENDERED="$STATE_DIR/compose.yml"
render() {
  local python
  python=$(head -n1 "$(command -v docker-compose)" | sed -n 's/^#![[:space:]]*\([^[:space:]]*\).*/\1/p')
  mkdir -p "$STATE_DIR"
  (
    umask 077
    docker-compose -p "$PROJECT" -f docker-compose.yml -f docker-compose.local.yml --env-file "$ENV_FILE" config \
      | "${python:-python3}" -c 'import sys, yaml
d = yaml.safe_load(sys.stdin)
for s in d["services"].values():
    if s.get("network_mode") == "host":
        s.pop("ports", None)
yaml.safe_dump(d, sys.stdout, sort_keys=False)' >"$RENDERED.tmp"
  )
  mv "$RENDERED.tmp" "$RENDERED"
}
compose() {
  [ -s "$RENDERED" ] || render
  docker-compose -p "$PROJECT" -f "$RENDERED" "$@"
}

# podman runs healthchecks from systemd timers; without systemd (these machines) nothing runs them,
# and compose would wait for `service_healthy` forever. This loop runs them while compose waits.
PODMAN_SERVICE_PID=""
HEALTH_TICKER=""
start_health_ticker() {
  (
    while true; do
      for id in $(podman ps -q --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null); do
        podman healthcheck run "$id" >/dev/null 2>&1 || true
      done
      sleep 2
    done
  ) &
  HEALTH_TICKER=$!
}
stop_health_ticker() {
  if [ -n "$HEALTH_TICKER" ]; then
    kill "$HEALTH_TICKER" 2>/dev/null || true
    wait "$HEALTH_TICKER" 2>/dev/null || true
    HEALTH_TICKER=""
  fi
}
trap stop_health_ticker EXIT

wait_healthy() {
  local deadline=$(($(date +%s) + ${1:-180}))
  until curl -sf "$GATEWAY_URL/health" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || {
      compose ps >&2 || true
      compose logs --tail 30 >&2 || true
      fail "the gateway is not healthy at $GATEWAY_URL/health"
    }
    sleep 1
  done
}

# Every service's own /health (host network: STACK_HEALTH_PORT_BASE + its digit), not only the gateway's.
HEALTH_DIGITS=(petitions:1 case-management:2 supervision:3 analytics:4 review:5 publicity:6)
check_service_health() {
  local entry
  for entry in "${HEALTH_DIGITS[@]}"; do
    curl -sf "http://127.0.0.1:${STACK_HEALTH_PORT_BASE}${entry#*:}/health" >/dev/null \
      || fail "${entry%%:*} does not answer on 127.0.0.1:${STACK_HEALTH_PORT_BASE}${entry#*:}/health"
  done
  log "healthy: ${HEALTH_DIGITS[*]%%:*} and the gateway"
}

cmd_build() {
  local started
  started=$(date +%s)
  [ -x node_modules/node/bin/node ] || fail "run npm ci first (the images take Node from the pinned npm node package)"
  deploy/images/build.sh all
  log "images ready in $(since "$started")"
}

cmd_up() {
  ensure_podman
  ensure_env
  render
  cmd_build
  local started
  started=$(date +%s)
  start_health_ticker
  compose up -d --no-build --remove-orphans
  wait_healthy 180
  stop_health_ticker
  check_service_health
  log "up in $(since "$started"): gateway $GATEWAY_URL"
}

cmd_down() {
  ensure_podman
  [ -s "$ENV_FILE" ] || ensure_env
  compose down "$@"
}

run_verify() {
  # `npm run verify` in a service container (its image holds dist/): every schema, as the superuser.
  local url="postgres://postgres:$(env_value POSTGRES_PASSWORD)@127.0.0.1:${1:-$STACK_POSTGRES_PORT}/jiandu"
  local out
  out=$(compose exec -T -e DATABASE_URL="$url" petitions node dist/libs/event-store/src/verify-cli.js 2>&1) \
    || {
      echo "$out" >&2
      fail "verify reported a broken chain or could not run"
    }
  grep -E "intact|BROKEN" <<<"$out" >&2 || true
  for schema in petitions case_management supervision review analytics publicity; do
    grep -q "^$schema: intact" <<<"$out" || fail "verify: $schema is not reported intact"
  done
}

# Backup of the PostgreSQL volume (pg_dump -Fc, as the runbook says), restored into a fresh volume
# by a second PostgreSQL container initialised like the stack's (roles.sql), then verified.
check_backup_restore() {
  local dump="$STATE_DIR/smoke-backup.dump" volume="${PROJECT}_restore-check" port=$((STACK_POSTGRES_PORT + 1))
  local container="${PROJECT}-restore-check" image
  [ -s "$RENDERED" ] || render
  # (from the rendered file, not a pipe: awk's early exit would fail `compose config` under pipefail)
  image=$(awk '/^  postgres:/{p=1} p && /image:/{print $2; exit}' "$RENDERED")
  [ -n "$image" ] || fail "no postgres image in $RENDERED"
  compose exec -T postgres pg_dump -U postgres -Fc jiandu >"$dump"
  [ -s "$dump" ] || fail "pg_dump wrote nothing"
  podman rm -f -t 0 "$container" >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
  podman run -d --name "$container" --network host \
    -e PGPORT="$port" -e POSTGRES_PASSWORD="$(env_value POSTGRES_PASSWORD)" -e JIANDU_DB_NAME=jiandu \
    -e POSTGRES_INITDB_ARGS="--data-checksums --auth-host=scram-sha-256" \
    -e PETITIONS_DB_PASSWORD="$(env_value PETITIONS_DB_PASSWORD)" \
    -e CASE_MANAGEMENT_DB_PASSWORD="$(env_value CASE_MANAGEMENT_DB_PASSWORD)" \
    -e SUPERVISION_DB_PASSWORD="$(env_value SUPERVISION_DB_PASSWORD)" \
    -e REVIEW_DB_PASSWORD="$(env_value REVIEW_DB_PASSWORD)" \
    -e ANALYTICS_DB_PASSWORD="$(env_value ANALYTICS_DB_PASSWORD)" \
    -e PUBLICITY_DB_PASSWORD="$(env_value PUBLICITY_DB_PASSWORD)" \
    -v "$ROOT/deploy/postgres/initdb:/docker-entrypoint-initdb.d:ro" -v "$ROOT/deploy/postgres/roles.sql:/jiandu/roles.sql:ro" \
    -v "$volume:/var/lib/postgresql/data" "$image" postgres -c listen_addresses=127.0.0.1 >/dev/null
  local ready=""
  for _ in $(seq 1 60); do
    # Over TCP: during initialisation a temporary server answers on the socket only, then stops.
    if podman exec "$container" pg_isready -q -h 127.0.0.1 -p "$port" -U postgres -d jiandu 2>/dev/null; then
      ready=1
      break
    fi
    sleep 1
  done
  [ -n "$ready" ] || {
    podman logs "$container" >&2
    fail "the restore PostgreSQL did not start"
  }
  podman exec -i "$container" pg_restore -U postgres -d jiandu --exit-on-error <"$dump" \
    || fail "pg_restore into a fresh volume failed"
  run_verify "$port"
  podman rm -f -t 10 "$container" >/dev/null
  podman volume rm -f "$volume" >/dev/null
  log "backup restored into a fresh volume: every chain intact"
}

cmd_smoke() {
  ensure_podman
  [ -s "$ENV_FILE" ] || fail "no $ENV_FILE: run npm run stack -- up first"
  curl -sf "$GATEWAY_URL/health" >/dev/null || fail "the gateway does not answer at $GATEWAY_URL: run npm run stack -- up first"
  check_service_health
  local started state="$STATE_DIR/smoke-state.json"
  started=$(date +%s)
  export GATEWAY_URL JWT_SECRET
  JWT_SECRET="$(env_value JWT_SECRET)"
  node deploy/stack/smoke.mjs walk "$state"
  log "walk-through passed in $(since "$started")"

  log "restart: stop (SIGTERM), down (volumes kept), up"
  local stop_started
  stop_started=$(date +%s)
  compose stop
  log "stopped in $(since "$stop_started")"
  # A clean stop on SIGTERM: each service drained and closed, and exited 0 (not killed after the grace).
  for service in "${SERVICES[@]}"; do
    local code
    code=$(podman inspect --format '{{.State.ExitCode}}' "${PROJECT}_${service}_1")
    [ "$code" = 0 ] || {
      podman logs --tail 20 "${PROJECT}_${service}_1" >&2 || true
      fail "$service exited $code on SIGTERM"
    }
  done
  log "every service exited 0 on SIGTERM"
  compose down
  start_health_ticker
  compose up -d --no-build
  wait_healthy 180
  stop_health_ticker
  check_service_health
  node deploy/stack/smoke.mjs check "$state"

  # Seals are written every SEAL_INTERVAL_MS; unsealed events are checked by their chains.
  run_verify
  check_backup_restore
  log "smoke passed in $(since "$started")"
}

cmd_test() {
  local started
  started=$(date +%s)
  ensure_podman
  # up and smoke in a subshell with errexit on, so that a failure anywhere still reaches the cleanup.
  local status
  set +e
  (
    set -e
    trap stop_health_ticker EXIT
    if [ "${STACK_TESTCONTAINERS:-1}" = 0 ]; then
      cmd_up
      cmd_smoke
    else
      # testcontainers (deploy/stack/stack-test.mjs) brings the rendered project up through the
      # podman socket, waits for every healthcheck, runs the smoke, and takes it down with its volumes.
      ensure_env
      render
      cmd_build
      start_health_ticker
      node deploy/stack/stack-test.mjs "$RENDERED" "$PROJECT" -- bash "$ROOT/deploy/stack/stack.sh" smoke
    fi
  )
  status=$?
  set -e
  if [ "$status" -ne 0 ]; then compose logs --tail 50 >&2 || true; fi
  compose down -v || true
  # The podman service this run started (if any) ends with it.
  [ -z "$PODMAN_SERVICE_PID" ] || kill "$PODMAN_SERVICE_PID" 2>/dev/null || true
  log "stack test: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $(since "$started")"
  [ "$status" -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
  return "$status"
}

case "${1:-}" in
  up) cmd_up ;;
  down)
    shift
    cmd_down "$@"
    ;;
  smoke) cmd_smoke ;;
  logs)
    shift
    ensure_podman
    compose logs --tail "${STACK_LOG_LINES:-200}" "$@"
    ;;
  ps)
    ensure_podman
    compose ps
    ;;
  config)
    ensure_env
    render
    cat "$RENDERED"
    ;;
  build) cmd_build ;;
  verify)
    ensure_podman
    run_verify
    ;;
  restore-check)
    ensure_podman
    check_backup_restore
    ;;
  test) cmd_test ;;
  *)
    sed -n '2,17p' "$0" >&2
    exit 2
    ;;
esac
