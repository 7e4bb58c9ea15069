# syntax=docker/dockerfile:1
# One image per service: docker build --build-arg SERVICE=gateway|petitions|case-management|supervision|review|analytics|publicity .
# NODE_IMAGE: Node 24, the same major as the pinned runtime (package.json devDependency "node": 24.x).
# The official slim image by default; without a registry, the local one of deploy/images/build.sh
# (--build-arg NODE_IMAGE=localhost/jiandu-node:24). Any base works that has node and npm on PATH
# and a non-root user `node`.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NX_NO_CLOUD=true NX_DAEMON=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY .swcrc tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY services ./services
# The build script also compiles bench/ and e2e/, which no image needs.
RUN mkdir -p bench e2e && npm run build
# Keep only what runs: production dependencies and the compiled code (no sources, specs or maps).
# Then what no service loads at run time: TypeScript (a dependency of @nestjs/swagger for its
# compiler plugin only), type declarations, source maps, readmes and changelogs (licences stay).
RUN npm prune --omit=dev --no-audit --no-fund --loglevel=error \
 && find dist -name '*.map' -delete \
 && rm -rf dist/bench dist/e2e node_modules/.cache node_modules/.package-lock.json node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver \
 && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' -o -iname '*.md' -o -iname '*.markdown' \) ! -iname 'licen[cs]e*' -delete

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Shared by every service's image (SERVICE is declared below them): stored once, pulled once.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
# The libraries (their CLIs too: verify, dead-letters), then this one service only.
COPY --from=build /app/dist/libs ./dist/libs
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "--build-arg SERVICE=<gateway|petitions|case-management|supervision|review|analytics|publicity> is required" >&2; exit 1; }
ENV SERVICE=${SERVICE}
COPY --from=build /app/dist/services/${SERVICE} ./dist/services/${SERVICE}
RUN test -f "dist/services/${SERVICE}/src/main.js" || { echo "no dist/services/${SERVICE}/src/main.js" >&2; exit 1; }
# Files stay root-owned and read-only to the process; run it with a read-only root filesystem
# (compose: read_only: true, tmpfs /tmp).
USER node
# gateway: /health on PORT (3000); the NATS services: /health on HEALTH_PORT (3001-3006).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const p=process.env.HEALTH_PORT||process.env.PORT||3000;fetch('http://127.0.0.1:'+p+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: stop HTTP/RPC (requests in flight finish), background jobs, consumers, relay, NATS, pools.
STOPSIGNAL SIGTERM
# exec: node is PID 1 and receives SIGTERM itself.
CMD ["/bin/sh", "-c", "exec node dist/services/${SERVICE}/src/main.js"]
