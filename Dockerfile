# syntax=docker/dockerfile:1
# Plumbline's image. Three stages: dependencies (all, for the build), build (next build +
# the compiled server/workers/CLI in dist/), runtime (production dependencies and build
# output only, non-root, read-only root filesystem friendly).
# Build: docker build -t plumbline .
# Run:   docker run --read-only -p 3000:3000 -e DATABASE_URL=… -e PLUMBLINE_AUTH_SECRET=… plumbline
# scripts/runtime-stage.integration.test.ts performs the runtime stage's commands on a
# clean copy (no container engine on CI) and keeps this file and that test in step.

ARG NODE_IMAGE=node:22.21.0-bookworm-slim
# The npm developers and CI use: it honours package.json's allowScripts (no engine downloads).
ARG NPM_VERSION=11.19.1

FROM ${NODE_IMAGE} AS deps
ARG NPM_VERSION
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
RUN npm install -g npm@${NPM_VERSION}
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# postinstall runs `prisma generate` (wasm only: no engine download).
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build && rm -rf .next/cache

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 HOST=0.0.0.0 PORT=3000 PLUMBLINE_DATA_DIR=/data/pglite LOG_FORMAT=json
# glibc's malloc: a fixed mmap threshold (128 KB) and trim threshold, and two arenas. By default the
# mmap threshold grows with every large free, so the Buffers a busy server churns through land in the
# main heap, fragment it, and RSS only grows (measured: 456 -> 1,262 MB in three minutes of mixed
# traffic at 10,000 services, with a steady 190 MB of live JavaScript). See bench/memory-soak.bench.ts.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072
COPY package.json package-lock.json ./
# Production dependencies only. No install scripts: the Prisma client is generated at build
# time and compiled into dist/ and .next/; nothing at run time downloads anything.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY next.config.js ./
COPY prisma ./prisma
COPY catalog ./catalog
COPY packages/plumbline-gate ./packages/plumbline-gate
COPY --from=build /app/dist ./dist
COPY --from=build /app/.next ./.next
# The only writable places: Next's cache and the embedded database's data (unused with
# DATABASE_URL). Mount volumes there (Kubernetes: emptyDir) when the root fs is read-only.
RUN mkdir -p .next/cache /data && chown node:node .next/cache /data
USER node
VOLUME ["/app/.next/cache", "/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/healthcheck.js"]
# Web and workers in one process; --role=web or --role=workers to split (see README, "Run in Kubernetes").
# The JavaScript heap is capped: without a cap V8 sizes it from the machine and lets garbage pile
# up between major GCs (embedded database, 10,000 services: RSS 641 -> 885 MB in 2 minutes of mixed
# traffic; with 320 MB it held at 575-597 MB at the same throughput, and a 10,000-service mesh
# round, the largest allocation, fits). The workers Deployment, which was not measured under a
# cap, names its own command (deploy/kubernetes/base/workers-deployment.yaml).
# No --enable-source-maps: it kept every loaded module's map in the heap (~25 MB); stack traces
# are mapped when printed or logged instead (docs/adr/015-source-maps-read-on-demand.md).
CMD ["node", "--max-old-space-size=320", "dist/start.js"]
