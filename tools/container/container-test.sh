#!/usr/bin/env bash
# Builds the review-stars container image for real with podman and checks it end to end:
#   1. makes a local base image (no image registry needed): `debootstrap --variant=minbase` of the
#      Debian suite from the mirror apt on this machine already uses, plus the Node.js binary of the
#      npm package node-linux-<arch> and npm itself, both at this machine's versions;
#   2. builds the Dockerfile's `runtime` and `acceptance` targets on it;
#   3. checks the image (non-root user, health check, no dev dependencies, no sources);
#   4. makes a users file with `review-stars users add` in the image, runs the API container on a
#      127.0.0.1 port with it, runs the acceptance image against it (all SUCCESS, results file
#      written), and once more with a wrong password (must fail);
#   5. runs the demo (REVIEW_STARS_DEV_USER=1, no users file) and checks bob/builder is accepted;
#   6. runs the image's health check, checks that no password reached the API's log, and stops the
#      API with SIGTERM (`podman stop -t 10`): it must exit 0, quickly.
# Everything runs in a podman storage of its own under the work dir, removed at the end (even on
# failure); the base image's root file system tarball is kept there for later steps and runs in the
# same checkout, and the logs of the last run in its last-run/ folder.
#
# Needs root, podman with runc, debootstrap, node and npm, and `npm run build` done. Environment:
#   CONTAINER_TEST_WORK   work dir (default: .cache/container-test in the repository)
#   CONTAINER_TEST_FRESH  1: rebuild the base tarball even if the work dir has one
#   CONTAINER_TEST_BASE_ONLY  1: only make (or reuse) the base tarball, then stop
#   CONTAINER_TEST_KEEP   1: keep this run's containers, images and storage (for debugging)
#   CONTAINER_TEST_TMPFS_SIZE  size of the in-memory storage of this run (default 6g; 0: on disk)
#   STOP_LIMIT_MS         longest accepted `podman stop` of the API (default 2000)
set -Eeuo pipefail

SUITE=bookworm
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${CONTAINER_TEST_WORK:-$REPO/.cache/container-test}
STOP_LIMIT_MS=${STOP_LIMIT_MS:-2000}
RUN_ID="$(date -u +%Y%m%d%H%M%S)-$$"
RUN_DIR="$WORK/run-$RUN_ID"
API_NAME="review-stars-api-$RUN_ID"
IMAGE="localhost/review-stars:ct-$RUN_ID"
ACCEPTANCE_IMAGE="localhost/review-stars-acceptance:ct-$RUN_ID"
T0=$(date +%s)

step() { printf '\n==> [%s +%ss] %s\n' "$(date -u +%H:%M:%S)" "$(($(date +%s) - T0))" "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\ncontainer-test: FAILED: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
# Prints podman's stderr from FILE, less its complaint that it cannot reach systemd for health check timers.
without_timer_noise() { { grep -v 'unable to get systemd connection' "$1" || true; } | sed 's/^/    podman: /'; }

# ---- preflight ----
step "preflight"
if [ "$(id -u)" != 0 ]; then
  fail "needs root (rootful podman and debootstrap): run it as root, e.g. sudo npm run container:test"
fi
for tool in podman runc debootstrap node npm tar findmnt; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (apt-get install podman runc debootstrap uidmap slirp4netns fuse-overlayfs)"
done
[ -f "$REPO/dist/tools/container/debian-mirror.js" ] || fail "dist/tools/ is missing: run \`npm run build\` first"
export CONTAINERS_CONF="$REPO/tools/container/containers.conf"
mkdir -p "$WORK" "$RUN_DIR"/{storage,secrets,results}
# This run's image storage lives in memory when it can: builds write tens of thousands of small
# files, which a busy disk is slow to write and slower to delete (over a minute, measured).
STORAGE_SIZE=${CONTAINER_TEST_TMPFS_SIZE:-6g}
if [ "$STORAGE_SIZE" != 0 ] && mount -t tmpfs -o "size=$STORAGE_SIZE,mode=0700" review-stars-ct "$RUN_DIR/storage"; then
  STORAGE_NOTE="in memory (tmpfs, at most $STORAGE_SIZE)"
else
  STORAGE_NOTE="on disk"
fi
# Podman wants its run root short (at most 50 characters), so that part lives under /run.
RUN_STATE=$(mktemp -d /run/rs-ct.XXXXXX)
pm() { podman --root "$RUN_DIR/storage" --runroot "$RUN_STATE/root" --tmpdir "$RUN_STATE/tmp" "$@"; }
info "podman $(podman --version | awk '{print $3}'), runc $(runc --version | awk 'NR==1{print $3}'), node $(node -p process.versions.node), npm $(npm --version)"
info "work dir $WORK; this run's storage $RUN_DIR/storage, $STORAGE_NOTE"

cleanup() {
  local status=$?
  trap - ERR
  set +e
  # The logs of the last run stay in the work dir (build output, reports, the API's log).
  rm -rf "$WORK/last-run" && mkdir -p "$WORK/last-run" && cp "$RUN_DIR"/*.log "$RUN_DIR"/*.txt "$WORK/last-run/" 2>/dev/null
  if [ "${CONTAINER_TEST_KEEP:-0}" = 1 ]; then
    step "cleanup skipped (CONTAINER_TEST_KEEP=1): storage kept in $RUN_DIR"
    info "inspect with: CONTAINERS_CONF=$CONTAINERS_CONF podman --root $RUN_DIR/storage --runroot $RUN_STATE/root --tmpdir $RUN_STATE/tmp ps -a"
    info "then free it: podman ... rm -af; findmnt -rn -o TARGET | grep -F $RUN_DIR/ | sort -r | xargs -r umount -l; rm -rf $RUN_DIR $RUN_STATE"
  else
    step "cleanup: containers, then this run's storage (its images with it)"
    if findmnt -rn "$RUN_DIR/storage" >/dev/null; then info "storage in memory used: $(df -h --output=used "$RUN_DIR/storage" | tail -1 | tr -d ' ')"; fi
    local t
    t=$(now_ms)
    pm rm --all --force --time 0 >/dev/null 2>&1
    info "containers removed in $(($(now_ms) - t)) ms"
    t=$(now_ms)
    # The storage is this run's own: removing it removes its images at once (podman rmi takes far
    # longer). Anything still mounted under it is unmounted first.
    findmnt -rn -o TARGET | grep -F -e "$RUN_DIR/" -e "$RUN_STATE/" -e "$WORK/rootfs-$RUN_ID/" | sort -r | while read -r mnt; do umount -l "$mnt"; done
    rm -rf "$RUN_DIR" "$RUN_STATE" "$WORK/rootfs-$RUN_ID" "$WORK/packs-$RUN_ID" "$WORK"/base-*.tar.partial
    info "storage removed in $(($(now_ms) - t)) ms; logs of this run: $WORK/last-run/"
  fi
  if [ "$status" = 0 ]; then
    printf '\ncontainer-test: OK in %ss\n' "$(($(date +%s) - T0))"
  else
    printf '\ncontainer-test: FAILED (exit %s) after %ss\n' "$status" "$(($(date +%s) - T0))" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'printf "\ncontainer-test: FAILED at line %s: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR

case "$(uname -m)" in
  x86_64) NODE_ARCH=x64 ;;
  aarch64) NODE_ARCH=arm64 ;;
  *) fail "no node-linux-* npm package for machine $(uname -m)" ;;
esac
NODE_VERSION=$(node -p process.versions.node)
NPM_VERSION=$(npm --version)
NPM_REGISTRY=$(npm config get registry)
# A TLS-inspecting proxy's CA, when npm or node on this machine is told to trust one, is handed to
# npm inside the build as the build secret npm_ca (never stored in an image layer).
NPM_CA=$(npm config get cafile 2>/dev/null || true)
if [ -z "$NPM_CA" ] || [ "$NPM_CA" = null ] || [ "$NPM_CA" = undefined ] || [ ! -f "$NPM_CA" ]; then NPM_CA=${NODE_EXTRA_CA_CERTS:-}; fi
SECRET_ARGS=()
if [ -n "$NPM_CA" ] && [ -f "$NPM_CA" ]; then SECRET_ARGS=(--secret "id=npm_ca,src=$NPM_CA"); fi

# ---- 1. base image ----
IFS=$'\t' read -r MIRROR KEYRING < <(node "$REPO/dist/tools/container/debian-mirror.js" "$SUITE") || true
[ -n "${MIRROR:-}" ] || fail "no Debian $SUITE mirror found in the apt sources (see the message above)"
BASE_KEY="$SUITE-$(printf '%s' "$MIRROR" | sha256sum | cut -c1-12)-node$NODE_VERSION-npm$NPM_VERSION-$NODE_ARCH"
BASE_TAR="$WORK/base-$BASE_KEY.tar"
BASE_IMAGE="localhost/review-stars-base:$BASE_KEY"
if [ "${CONTAINER_TEST_FRESH:-0}" = 1 ]; then rm -f "$BASE_TAR"; fi
if [ -f "$BASE_TAR" ]; then
  step "base: reusing $BASE_TAR (made earlier in this work dir)"
else
  step "base: debootstrap --variant=minbase $SUITE from $MIRROR"
  ROOTFS="$WORK/rootfs-$RUN_ID"
  rm -rf "$ROOTFS"
  KEYRING_ARGS=()
  if [ -n "${KEYRING:-}" ] && [ -f "$KEYRING" ]; then KEYRING_ARGS=(--keyring="$KEYRING"); fi
  debootstrap --variant=minbase "${KEYRING_ARGS[@]}" "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed (full log: $WORK/debootstrap.log)"; }
  info "$(du -sh "$ROOTFS" | cut -f1) root file system"

  step "base: Node.js $NODE_VERSION (npm package node-linux-$NODE_ARCH) and npm $NPM_VERSION"
  PACKS="$WORK/packs-$RUN_ID"
  mkdir -p "$PACKS"
  (cd "$PACKS" && npm pack --silent "node-linux-$NODE_ARCH@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  tar -xzf "$PACKS/node-linux-$NODE_ARCH-$NODE_VERSION.tgz" -C "$ROOTFS/usr/local" --strip-components=1 package/bin/node
  mkdir -p "$ROOTFS/usr/local/lib/node_modules/npm"
  tar -xzf "$PACKS/npm-$NPM_VERSION.tgz" -C "$ROOTFS/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
  # As slim images do: no package caches, documentation, manual pages or translations.
  rm -rf "$PACKS" "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/tmp/* \
    "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/*
  [ "$(env -i PATH=/usr/local/bin:/usr/bin:/bin "$(command -v chroot)" "$ROOTFS" node -p process.versions.node)" = "$NODE_VERSION" ] || fail "node does not run in the new root file system"
  tar -C "$ROOTFS" --numeric-owner -cf "$BASE_TAR.partial" .
  mv "$BASE_TAR.partial" "$BASE_TAR"
  rm -rf "$ROOTFS"
  info "$(du -h "$BASE_TAR" | cut -f1) $BASE_TAR"
fi

# npm run compose:test asks only for the base tarball (kept in the work dir), then builds on it.
if [ "${CONTAINER_TEST_BASE_ONLY:-0}" = 1 ]; then
  step "base only (CONTAINER_TEST_BASE_ONLY=1): $BASE_TAR"
  trap - EXIT; umount "$RUN_DIR/storage" 2>/dev/null || true; rm -rf "$RUN_DIR" "$RUN_STATE"; exit 0
fi

step "base: podman import as $BASE_IMAGE"
pm import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  "$BASE_TAR" "$BASE_IMAGE" >/dev/null

# ---- 2. build ----
# npm inside the build must reach the registry; when podman's bridge network cannot, build on the host's.
BUILD_NETWORK=()
step "build: can npm reach $NPM_REGISTRY over podman's bridge network?"
CA_MOUNT=()
if [ "${#SECRET_ARGS[@]}" -gt 0 ]; then CA_MOUNT=(-v "$NPM_CA:/run/npm-ca.pem:ro" -e NODE_EXTRA_CA_CERTS=/run/npm-ca.pem); fi
if pm run --rm "${CA_MOUNT[@]}" -e "REGISTRY=$NPM_REGISTRY" "$BASE_IMAGE" \
  node -e "fetch(process.env.REGISTRY, { signal: AbortSignal.timeout(15000) }).then(() => process.exit(0), (e) => { console.error(String(e.cause ?? e)); process.exit(1); })"; then
  info "yes: building on the bridge network"
else
  info "no: building with --network=host"
  BUILD_NETWORK=(--network=host)
fi

build_target() {
  local target=$1 tag=$2
  step "build: Dockerfile target $target as $tag"
  local started
  started=$(date +%s)
  pm build --format docker --target "$target" --tag "$tag" \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "NPM_CONFIG_REGISTRY=$NPM_REGISTRY" \
    "${SECRET_ARGS[@]}" "${BUILD_NETWORK[@]}" \
    --file "$REPO/Dockerfile" "$REPO" >"$RUN_DIR/build-$target.log" 2>&1 \
    || { tail -40 "$RUN_DIR/build-$target.log" >&2; fail "podman build --target $target failed"; }
  { grep -E '^(\[[0-9]+/[0-9]+\] )?STEP' "$RUN_DIR/build-$target.log" || true; } | cut -c1-150 | sed 's/^/    /'
  info "built in $(($(date +%s) - started))s, $(pm image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1 / 1e6}')"
}
build_target runtime "$IMAGE"
build_target acceptance "$ACCEPTANCE_IMAGE"

# ---- 3. image checks ----
step "image: user, port, health check, contents"
IMAGE_USER=$(pm image inspect --format '{{.Config.User}}' "$IMAGE")
case "$IMAGE_USER" in "" | root | 0 | 0:* | root:*) fail "the image runs as root (User=\"$IMAGE_USER\")" ;; esac
info "user: $IMAGE_USER"
PORTS=$(pm image inspect --format '{{json .Config.ExposedPorts}}' "$IMAGE")
case "$PORTS" in *'"8000/tcp"'*) ;; *) fail "the image does not expose 8000 (got $PORTS)" ;; esac
HEALTH=$(pm image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE")
case "$HEALTH" in *healthz*) info "health check: $HEALTH" ;; *) fail "the image has no health check on /healthz (got $HEALTH)" ;; esac
pm run --rm --no-healthcheck --entrypoint '' "$IMAGE" sh -c \
  'test ! -e src && test ! -e node_modules/typescript && test ! -e node_modules/eslint && test -f dist/src/cli/main.js && test -f models/default/manifest.json && test "$(id -u)" != 0' \
  || fail "the image holds sources or dev dependencies, lacks dist/ or models/default/, or runs as root"
info "no src/, no dev dependencies, dist/ and models/default/ present, uid $(pm run --rm --no-healthcheck "$IMAGE" id -u)"

# ---- 4. run the API and the acceptance image ----
step "users: review-stars users add (password on stdin) in the image"
API_USER=acceptance
API_PASSWORD=$(node -p "require('node:crypto').randomBytes(18).toString('base64url')")
printf '%s\n' "$API_PASSWORD" | pm run --rm -i --no-healthcheck --user 0 -v "$RUN_DIR/secrets:/secrets" "$IMAGE" \
  node dist/src/cli/main.js users add "$API_USER" --users /secrets/users.json
# As a mounted secret would be: readable by the service's user, not writable.
chmod 0444 "$RUN_DIR/secrets/users.json"

PORT=$(node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
step "api: podman run $IMAGE on 127.0.0.1:$PORT"
# Without systemd podman cannot schedule the health check's timer and says so; the check itself is
# run on demand below (podman healthcheck run), so that message is filtered out.
pm run --detach --name "$API_NAME" --publish "127.0.0.1:$PORT:8000" \
  --volume "$RUN_DIR/secrets/users.json:/etc/review-stars/users.json:ro" \
  "$IMAGE" >/dev/null 2>"$RUN_DIR/api-run.log" || { cat "$RUN_DIR/api-run.log" >&2; fail "podman run of the API failed"; }
without_timer_noise "$RUN_DIR/api-run.log"

step "acceptance: podman run $ACCEPTANCE_IMAGE against 127.0.0.1:$PORT (LOG=1)"
chmod 0777 "$RUN_DIR/results"
ACCEPTANCE_STATUS=0
pm run --rm --network host \
  -e API_ADDRESS=127.0.0.1 -e "API_PORT=$PORT" -e "API_USER=$API_USER" -e "API_PASSWORD=$API_PASSWORD" -e LOG=1 \
  -v "$RUN_DIR/results:/app/results" \
  "$ACCEPTANCE_IMAGE" --wait 60s >"$RUN_DIR/acceptance.txt" 2>&1 || ACCEPTANCE_STATUS=$?
sed 's/^/    /' "$RUN_DIR/acceptance.txt"
[ "$ACCEPTANCE_STATUS" = 0 ] || { pm logs "$API_NAME" 2>&1 | tail -30 >&2; fail "the acceptance image exited $ACCEPTANCE_STATUS"; }
grep -q '^result   : SUCCESS' "$RUN_DIR/acceptance.txt" || fail "the acceptance report does not end in SUCCESS"
if grep -q '==> FAILURE' "$RUN_DIR/acceptance.txt"; then fail "the acceptance report has a FAILURE"; fi
CHECKS=$(grep -c '==> SUCCESS' "$RUN_DIR/acceptance.txt")
[ -s "$RUN_DIR/results/log.txt" ] || fail "LOG=1 did not write the results file"
grep -q '^result   : SUCCESS' "$RUN_DIR/results/log.txt" || fail "the results file does not hold the report"
info "acceptance: exit 0, $CHECKS checks SUCCESS, report appended to results/log.txt ($(wc -l <"$RUN_DIR/results/log.txt") lines)"

step "acceptance: a wrong password must fail"
WRONG_STATUS=0
pm run --rm --network host \
  -e API_ADDRESS=127.0.0.1 -e "API_PORT=$PORT" -e "API_USER=$API_USER" -e "API_PASSWORD=not-$API_PASSWORD" \
  "$ACCEPTANCE_IMAGE" --wait 5s >"$RUN_DIR/acceptance-wrong.txt" 2>&1 || WRONG_STATUS=$?
[ "$WRONG_STATUS" = 1 ] || { cat "$RUN_DIR/acceptance-wrong.txt" >&2; fail "with a wrong password the acceptance image exited $WRONG_STATUS, not 1"; }
grep -q '^result   : FAILURE' "$RUN_DIR/acceptance-wrong.txt" || fail "with a wrong password the report does not end in FAILURE"
info "exit 1, $(grep -c '==> FAILURE' "$RUN_DIR/acceptance-wrong.txt") checks FAILURE: $(grep '^result' "$RUN_DIR/acceptance-wrong.txt")"

# ---- 5. health check, log hygiene, graceful stop ----
step "demo: REVIEW_STARS_DEV_USER=1 without a users file accepts bob/builder"
DEMO_PORT=$(node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
pm run --detach --name "$API_NAME-demo" --publish "127.0.0.1:$DEMO_PORT:8000" \
  -e REVIEW_STARS_DEV_USER=1 -e REVIEW_STARS_USERS_FILE= "$IMAGE" >/dev/null 2>"$RUN_DIR/demo-run.log" \
  || { cat "$RUN_DIR/demo-run.log" >&2; fail "podman run of the demo failed"; }
DEMO_URL="http://127.0.0.1:$DEMO_PORT" node -e "
  const base = process.env.DEMO_URL, auth = 'Basic ' + Buffer.from('bob:builder').toString('base64');
  const deadline = Date.now() + 60000;
  const get = (path, headers) => fetch(base + path, { headers, signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);
  (async () => {
    while ((await get('/readyz')) !== 200) {
      if (Date.now() > deadline) { console.error('the demo never got ready'); process.exit(1); }
      await new Promise((r) => setTimeout(r, 250));
    }
    const status = await get('/permission', { authorization: auth });
    console.log('    GET /permission as bob/builder: ' + status);
    process.exit(status === 200 ? 0 : 1);
  })();
" || { pm logs "$API_NAME-demo" 2>&1 | tail -20 >&2; fail "the demo user is not accepted"; }
pm logs "$API_NAME-demo" >"$RUN_DIR/demo.log" 2>&1
grep -q 'DEVELOPMENT CREDENTIAL ENABLED' "$RUN_DIR/demo.log" || fail "the demo does not announce its development user in the log"
info "the log announces the development credential"
pm rm --force --time 0 "$API_NAME-demo" >/dev/null 2>&1

step "api: the image's health check"
pm healthcheck run "$API_NAME" >/dev/null 2>"$RUN_DIR/healthcheck.log" || fail "podman healthcheck run reports the API unhealthy"
info "healthy"

step "api: stop with SIGTERM (podman stop -t 10)"
STOP_START=$(now_ms)
pm stop --time 10 "$API_NAME" >/dev/null 2>"$RUN_DIR/api-stop.log"
STOP_MS=$(($(now_ms) - STOP_START))
without_timer_noise "$RUN_DIR/api-stop.log"
EXIT_CODE=$(pm inspect --format '{{.State.ExitCode}}' "$API_NAME")
EXITED_MS=$(($(date -d "$(pm inspect --format '{{.State.FinishedAt}}' "$API_NAME" | sed 's/ [A-Z]*$//')" +%s%3N) - STOP_START))
pm logs "$API_NAME" >"$RUN_DIR/api.log" 2>&1
info "last lines of the API's log:"
tail -3 "$RUN_DIR/api.log" | cut -c1-200 | sed 's/^/      /'
if grep -qF "$API_PASSWORD" "$RUN_DIR/api.log"; then fail "the API's log contains the password"; fi
info "the password appears nowhere in the API's log ($(wc -l <"$RUN_DIR/api.log") lines)"
[ "$EXIT_CODE" = 0 ] || fail "the API exited $EXIT_CODE after SIGTERM, not 0"
info "exit code 0; the API exited ${EXITED_MS} ms after the stop began, podman stop returned after ${STOP_MS} ms (limit ${STOP_LIMIT_MS} ms)"
[ "$STOP_MS" -le "$STOP_LIMIT_MS" ] || fail "stopping the API took ${STOP_MS} ms, more than ${STOP_LIMIT_MS} ms"

step "all container checks passed"
