# syntax=docker/dockerfile:1
# One image per service: docker build --build-arg SERVICE=gateway|petitions|case-management|supervision .
# Node 24, the same major as the pinned runtime (package.json devDependency "node": 24.x).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NX_NO_CLOUD=true NX_DAEMON=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .swcrc tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY services ./services
COPY bench ./bench
RUN npm run build
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "--build-arg SERVICE=<gateway|petitions|case-management|supervision> is required" >&2; exit 1; } \
 && test -f "dist/services/${SERVICE}/src/main.js" || { echo "no dist/services/${SERVICE}/src/main.js" >&2; exit 1; }
# Keep only what runs: production dependencies and the compiled code (no sources, no specs).
RUN npm prune --omit=dev --no-audit --no-fund \
 && find dist -name '*.map' -delete

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Files stay root-owned and read-only to the process.
USER node
# gateway: /health on PORT (3000); the NATS services: /health on HEALTH_PORT (3001, 3002, 3003).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const p=process.env.HEALTH_PORT||process.env.PORT||3000;fetch('http://127.0.0.1:'+p+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: node is PID 1 and receives SIGTERM for a clean drain.
CMD ["/bin/sh", "-c", "exec node dist/services/${SERVICE}/src/main.js"]
