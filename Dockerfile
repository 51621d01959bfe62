# syntax=docker/dockerfile:1
#
# One image for every sasgraph process: the GraphQL API (`serve`, the default), job workers
# (`worker`) and the one-shot `migrate`. docker-compose.yml runs them; test/deploy/compose.test.ts
# checks both files against the code, since no Docker engine runs where sasgraph is developed.
#
#   docker build -t sasgraph .
#   docker run --rm sasgraph --help
#
# Node >= 20.19 is required: pg-boss, embedded-postgres and h5wasm are ES modules that the
# compiled CommonJS require()s.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, compile TypeScript, then drop the dev dependencies -------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The manifests alone first, so the dependency layer is rebuilt only when they change.
# onnxruntime-node's install script would download CUDA binaries; the CPU binding ships inside the
# package. npm 11 skips the script (package.json allowScripts denies it); the npm of this image
# does not read allowScripts, so the variable tells the script itself to skip.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Sources (what .dockerignore lets through: no tests, benches, data or local state).
COPY . .
# tsc -p tsconfig.build.json -> dist/ (src, migrations, models; no tests, no jest types). Then production dependencies only. The optional
# @tensorflow/tfjs-node-gpu is imported nowhere in src (TensorFlow.js runs on its wasm backend)
# and would add libtensorflow: leave it out of the image.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@tensorflow/tfjs-node-gpu \
 && npm cache clean --force

# ---- runtime ---------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
# Only used without DATABASE_URL / S3_ENDPOINT (embedded PostgreSQL and object store, e.g. a quick
# `docker run -p 4000:4000 sasgraph`): it must be writable by the non-root user. Mount a volume
# there to keep the data. PostgreSQL refuses to run as root anyway.
ENV SASGRAPH_HOME=/var/lib/sasgraph
# Outside a container the embedded set-up binds the API to 127.0.0.1; inside one that would make
# `docker run -p 4000:4000` reach nothing, and what reaches the container is decided by -p.
ENV HOST=0.0.0.0
RUN mkdir -p /var/lib/sasgraph && chown node:node /var/lib/sasgraph
WORKDIR /app
# Owned by root and read-only to the process: the code cannot be rewritten at run time.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/bin ./bin
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The shipped ONNX models and their cards are read at run time (the demo seed registers them).
COPY --from=build /app/models ./models
# The `node` user (uid 1000) comes with the official image.
USER node
# PORT defaults to 4000 (src/platform/config.ts); change both together.
EXPOSE 4000
# Liveness only (/healthz: the process answers). Load balancers should route on /readyz, which
# also checks PostgreSQL and the object store. No curl in the slim image: Node's fetch does it.
# Workers and one-shots serve no HTTP: docker-compose.yml disables this check for them.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 4000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (src/cli/command.ts untilSignal): graceful shutdown.
ENTRYPOINT ["node", "bin/sasgraph.js"]
CMD ["serve"]
