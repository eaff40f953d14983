# syntax=docker/dockerfile:1
# review-stars container image: `docker build .` gives the API (stage `runtime`, the default, last);
# `docker build --target acceptance .` gives the acceptance client. Both run as a non-root user and
# carry only production dependencies and compiled code. See docs/container.md.

# The Node.js 20 image on Debian bookworm; any image with node and npm 20 on glibc works
# (tools/container/container-test.sh builds one locally from Debian packages and the Node binary).
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- build: install every dependency, compile TypeScript to dist/ and bundle the serve command ----
FROM ${BASE_IMAGE} AS build
WORKDIR /build
# npm reads NPM_CONFIG_REGISTRY; the default is npm's own. An extra CA bundle for a TLS-inspecting
# proxy can be given as the build secret `npm_ca` (docker/podman build --secret id=npm_ca,src=FILE).
ARG NPM_CONFIG_REGISTRY=https://registry.npmjs.org/
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are here; dependencies need no scripts.
RUN --mount=type=secret,id=npm_ca \
    if [ -f /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY tools/acceptance ./tools/acceptance
# `npm run build` compiles, then bundles the serve command into one module (faster start).
COPY tools/build ./tools/build
# Compiled tests stay in this stage: the images carry the service and the acceptance client only.
RUN npm run build && find dist -name '*.test.js' -delete -o -name '*.test.js.map' -delete

# ---- prod-deps: production dependencies only ----
FROM ${BASE_IMAGE} AS prod-deps
WORKDIR /build
ARG NPM_CONFIG_REGISTRY=https://registry.npmjs.org/
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npm_ca \
    if [ -f /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi; \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- app: what the API and the acceptance client share ----
FROM ${BASE_IMAGE} AS app
ENV NODE_ENV=production
# A fixed uid/gid (10001) so that Kubernetes' runAsUser and file ownership of mounted secrets match.
RUN groupadd --gid 10001 reviewstars \
    && useradd --uid 10001 --gid reviewstars --home-dir /app --no-create-home --shell /usr/sbin/nologin reviewstars
WORKDIR /app
# Code and dependencies stay owned by root: the service can read them, never change them.
COPY --from=prod-deps /build/node_modules ./node_modules
COPY package.json ./
COPY --from=build /build/dist/src ./dist/src

# ---- acceptance: the acceptance client (tools/acceptance, `npm run acceptance` outside a container) ----
# Configure with API_ADDRESS, API_PORT, API_USER, API_PASSWORD; LOG=1 appends the report to
# RESULTS_FILE (default /app/results/log.txt: mount a volume there to keep it).
FROM app AS acceptance
RUN mkdir -p /app/results && chown reviewstars:reviewstars /app/results
ENV RESULTS_FILE=/app/results/log.txt
USER reviewstars
COPY --from=build /build/dist/tools/acceptance ./dist/tools/acceptance
ENTRYPOINT ["node", "dist/tools/acceptance/main.js"]

# ---- runtime: the API (default target) ----
FROM app AS runtime
COPY models/default ./models/default
# Users come from a file mounted from a secret (`review-stars users add ... --users FILE` makes it).
# For a demo without one: -e REVIEW_STARS_DEV_USER=1 -e REVIEW_STARS_USERS_FILE= (user bob/builder).
# serve's other defaults suit a container: host 0.0.0.0, port 8000, models from /app/models/default.
ENV REVIEW_STARS_USERS_FILE=/etc/review-stars/users.json
# The prediction log and feedback: off unless a store is given, so that the read-only root file
# system works as is. Replicas share PostgreSQL: mount its URL as a secret file and set
# REVIEW_STARS_STORE_FILE to it (it wins over this default). The image carries no compiled SQLite
# driver (dependencies install without build scripts), so SQLite stores are for `npm start`.
ENV REVIEW_STARS_STORE=none
# A 4 MB young generation (V8's default grows to 16 MB per semi-space) keeps the resident memory
# about 25-30 MB lower with no measurable cost per request; npm start passes the same flag.
ENV NODE_OPTIONS=--max-semi-space-size=4
USER reviewstars
EXPOSE 8000
# Probes the port the service listens on (REVIEW_STARS_PORT, default 8000).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.REVIEW_STARS_PORT || 8000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (the service drains and exits 0).
CMD ["node", "dist/src/cli/main.js", "serve"]
