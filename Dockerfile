# pliant-sync as a container: `docker build -t pliant-sync .`, then
# `docker run --rm -e DATABASE_URL=… pliant-sync migrate` and `… pliant-sync` (the worker).
# docker-compose.yml wires it to PostgreSQL; docs/docker.md explains both.

# Node 20 is end of life; the code stays compatible with it (engines >=20.19), the image
# uses a supported LTS.
ARG NODE_VERSION=22

# ---- build: dev dependencies, the Prisma client, the compiled CLI in dist/ ----
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app

# Dependencies first, in a layer of their own, so that a source change does not reinstall
# them. --ignore-scripts here because the project's postinstall needs the sources (next
# step); the dependencies' own install scripts only fetch Prisma's schema engine, which
# `generate` does not need (scripts/prisma-generate.mjs), and native helpers of the test
# and dev tools.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# The project's postinstall: `prisma generate` (offline-safe) into src/generated/prisma,
# then tsc into dist/ (the generated client is compiled in with the rest).
COPY scripts/ scripts/
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma/ prisma/
COPY bin/ bin/
COPY jobs/ jobs/
COPY src/ src/
RUN npm run postinstall

# ---- run: production dependencies only, non-root, tini as PID 1 ----
FROM node:${NODE_VERSION}-bookworm-slim AS run

# tini forwards SIGTERM to the worker (which then finishes its page and commits) and reaps
# zombies; `docker run --init` would do the same, but compose users forget it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production
WORKDIR /app

# --omit=optional too: prisma and typescript are optional peers of @prisma/client, which npm
# keeps under --omit=dev alone (+250 MB); the runtime needs neither (the client is compiled
# into dist/, its query compiler is WASM inside @prisma/client). --ignore-scripts: the
# postinstall would run `prisma generate` and tsc, which are not installed here.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# What the compiled CLI reads at run time: dist/ (src/generated is compiled into it),
# bin/, package.json (finds the package root) and prisma/migrations (for `migrate`).
COPY --from=build /app/bin/ bin/
COPY --from=build /app/dist/ dist/
COPY --from=build /app/prisma/migrations/ prisma/migrations/

# `pliant-sync` on PATH. The application stays root-owned (read-only for the process);
# only data/ (receipts, embedded database) and out/ (exports) are writable, and a named
# volume mounted there starts with this ownership.
RUN ln -s /app/bin/pliant-sync.js /usr/local/bin/pliant-sync \
 && mkdir -p data/receipts out \
 && chown -R node:node data out

ENV RECEIPTS_DIR=/app/data/receipts \
    CALLBACK_PORT=8080

# The image's `node` user, numeric so that runAsNonRoot checks can verify it.
USER 1000:1000

# The worker's callback receiver (POST /callbacks/pliant) and GET /health.
EXPOSE 8080

# slim has no curl; node's fetch does. Meaningful for the worker only: other commands
# (simulator, one-shots) set their own in docker-compose.yml or ignore it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.CALLBACK_PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["tini", "--", "pliant-sync"]
CMD ["worker"]
