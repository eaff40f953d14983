#!/usr/bin/env bash
# Runs the Compose deployment (compose.yaml: PostgreSQL, the API, the acceptance client) for real
# with Debian's podman-compose driving podman, without any image registry:
#   1. a fresh copy of the checkout (tracked and not ignored files) handed to an unprivileged user,
#      who makes the credentials by running docs/deployment.md's marked blocks as written;
#   2. builds every image on the container test's local Debian base, through the override
#      tools/container/compose.local.yaml (it replaces only what would be pulled);
#   3. `up`, honouring depends_on's service_healthy (podman-compose 1.0.3 does not): db, api, then
#      the acceptance client, whose exit code is the verdict; results/log.txt holds its report;
#   4. predictions and feedback through the published port, all recorded;
#   5. `down` (the API exits 0 within its grace period), `up` again on the same volume with a wrong
#      password in the client's env file (the client must fail), and the same feedback again
#      answers "unchanged": the database kept it;
#   6. `down`: no container and no network left, and no password in any log.
# Podman runs with tools/container/compose-containers.conf (netavark pinned: aardvark-dns resolves
# service names) in a storage, run state and network folder of this run's own, removed at the end.
# Each step is printed with its time. Details: docs/deployment.md.
#
# Needs root, podman, podman-compose, runc, netavark, aardvark-dns, debootstrap, node, npm and a
# built checkout (npm run build). Environment:
#   COMPOSE_TEST_PORT        host loopback port the API is published on (default 18080)
#   COMPOSE_TEST_UID/_GID    the unprivileged user who makes the credentials (default 1000/1000)
#   COMPOSE_TEST_WORK        work dir (default: .cache/compose-test in the repository)
#   COMPOSE_TEST_KEEP        1: keep this run's containers, images and storage (for debugging)
#   COMPOSE_TEST_TMPFS_SIZE  size of the in-memory storage of this run (default 6g; 0: on disk)
#   CONTAINER_TEST_WORK      where the container test keeps the base image tarball
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${COMPOSE_TEST_WORK:-$REPO/.cache/compose-test}
PORT=${COMPOSE_TEST_PORT:-18080}
TEST_UID=${COMPOSE_TEST_UID:-1000}
TEST_GID=${COMPOSE_TEST_GID:-1000}
RUN_ID="$(date -u +%Y%m%d%H%M%S)-$$"
RUN_DIR="$WORK/run-$RUN_ID"
PROJECT_DIR="$RUN_DIR/review-stars"
# podman-compose 1.0.3 ignores compose.yaml's top-level `name:`; the same name is given with -p.
PROJECT=review-stars
OVERRIDE=tools/container/compose.local.yaml
LOCAL_BASE_IMAGE=localhost/review-stars-base:local
T0=$(date +%s)

step() { printf '\n==> [%s +%ss] %s\n' "$(date -u +%H:%M:%S)" "$(($(date +%s) - T0))" "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\ncompose-test: FAILED: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
container() { printf '%s_%s_1' "$PROJECT" "$1"; }

# ---- preflight ----
step "preflight"
[ "$(id -u)" = 0 ] || fail "needs root (rootful podman): run it as root, e.g. sudo npm run compose:test"
for tool in podman podman-compose runc debootstrap node npm git setpriv findmnt tar; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (apt-get install podman podman-compose runc containernetworking-plugins netavark aardvark-dns debootstrap uidmap slirp4netns fuse-overlayfs)"
done
for helper in netavark aardvark-dns; do
  [ -x "/usr/lib/podman/$helper" ] || [ -x "/usr/libexec/podman/$helper" ] || fail "$helper is not installed (apt-get install netavark aardvark-dns)"
done
CLI_BIN=$(cd "$REPO" && node -p "require('./package.json').bin['review-stars']")
[ -f "$REPO/$CLI_BIN" ] || fail "$CLI_BIN is missing: build the checkout first (npm ci && npm run build)"
node -e "const s = require('node:net').createServer(); s.once('error', () => process.exit(1)); s.listen(${PORT}, '127.0.0.1', () => s.close())" \
  || fail "127.0.0.1:$PORT is in use: choose another port with COMPOSE_TEST_PORT"
# The API's grace period, from compose.yaml: podman-compose 1.0.3 ignores stop_grace_period, so
# every stop passes it explicitly.
GRACE_S=$(cd "$REPO" && node -e "
  const v = String(require('yaml').parse(require('node:fs').readFileSync('compose.yaml', 'utf8')).services.api.stop_grace_period ?? '10s');
  const m = /^(\d+)s$/.exec(v); if (!m) { console.error('stop_grace_period ' + v + ' is not N s'); process.exit(1); } console.log(m[1]);")

export CONTAINERS_CONF="$REPO/tools/container/compose-containers.conf"
mkdir -p "$WORK" "$RUN_DIR"/{storage,networks,bin,home,logs}
STORAGE_SIZE=${COMPOSE_TEST_TMPFS_SIZE:-6g}
if [ "$STORAGE_SIZE" != 0 ] && mount -t tmpfs -o "size=$STORAGE_SIZE,mode=0700" review-stars-compose "$RUN_DIR/storage"; then
  STORAGE_NOTE="in memory (tmpfs, at most $STORAGE_SIZE)"
else
  STORAGE_NOTE="on disk"
fi
# Podman wants its run root short (at most 50 characters), so that part lives under /run.
RUN_STATE=$(mktemp -d /run/rs-compose.XXXXXX)
# podman-compose runs `podman`; this one uses the run's own storage, state and network folder.
cat >"$RUN_DIR/bin/podman" <<EOF
#!/bin/sh
exec podman --root "$RUN_DIR/storage" --runroot "$RUN_STATE/root" --tmpdir "$RUN_STATE/tmp" --network-config-dir "$RUN_DIR/networks" "\$@"
EOF
chmod 0755 "$RUN_DIR/bin/podman"
pm() { "$RUN_DIR/bin/podman" "$@"; }
# podman-compose on compose.yaml plus the override, in the fresh copy; its chatter goes to LOG.
PC_LOG="$RUN_DIR/logs/podman-compose.log"
pc() { (cd "$PROJECT_DIR" && podman-compose --podman-path "$RUN_DIR/bin/podman" -p "$PROJECT" -f compose.yaml -f "$OVERRIDE" "$@") >>"$PC_LOG" 2>&1; }
BACKEND=$(pm info --format '{{.Host.NetworkBackend}}')
[ "$BACKEND" = netavark ] || fail "podman uses the $BACKEND network backend, not netavark (CONTAINERS_CONF=$CONTAINERS_CONF)"
info "podman $(podman --version | awk '{print $3}'), podman-compose $(podman-compose --version 2>/dev/null | awk '/^podman-compose/ {print $NF; exit}'), network backend $BACKEND, runc $(runc --version | awk 'NR==1{print $3}'), node $(node -p process.versions.node)"
info "work dir $WORK; this run's storage $STORAGE_NOTE; API published on 127.0.0.1:$PORT; grace period ${GRACE_S}s"

cleanup() {
  local status=$?
  trap - ERR
  set +e
  for svc in db api acceptance; do
    if pm container exists "$(container "$svc")" 2>/dev/null; then pm logs "$(container "$svc")" >"$RUN_DIR/logs/$svc-at-exit.log" 2>&1; fi
  done
  rm -rf "$WORK/last-run" && mkdir -p "$WORK/last-run" && cp -r "$RUN_DIR"/logs/. "$WORK/last-run/" 2>/dev/null
  cp "$PROJECT_DIR/results/log.txt" "$WORK/last-run/results-log.txt" 2>/dev/null
  if [ "${COMPOSE_TEST_KEEP:-0}" = 1 ]; then
    step "cleanup skipped (COMPOSE_TEST_KEEP=1): everything kept in $RUN_DIR"
    info "inspect with: CONTAINERS_CONF=$CONTAINERS_CONF $RUN_DIR/bin/podman ps -a"
    info "then free it: $RUN_DIR/bin/podman rm -af; findmnt -rn -o TARGET | grep -F $RUN_DIR/ | sort -r | xargs -r umount -l; rm -rf $RUN_DIR $RUN_STATE"
  else
    step "cleanup: containers, networks, then this run's storage (its images and volume with it)"
    if findmnt -rn "$RUN_DIR/storage" >/dev/null; then info "storage in memory used: $(df -h --output=used "$RUN_DIR/storage" | tail -1 | tr -d ' ')"; fi
    local t
    t=$(now_ms)
    pm rm --all --force --time 0 >/dev/null 2>&1
    pm network rm --force $(pm network ls --quiet --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null) >/dev/null 2>&1
    info "containers and networks removed in $(($(now_ms) - t)) ms"
    findmnt -rn -o TARGET | grep -F -e "$RUN_DIR/" -e "$RUN_STATE/" | sort -r | while read -r mnt; do umount -l "$mnt"; done
    rm -rf "$RUN_DIR" "$RUN_STATE"
    info "storage removed; logs of this run: $WORK/last-run/"
  fi
  if [ "$status" = 0 ]; then
    printf '\ncompose-test: OK in %ss\n' "$(($(date +%s) - T0))"
  else
    printf '\ncompose-test: FAILED (exit %s) after %ss; logs: %s\n' "$status" "$(($(date +%s) - T0))" "$WORK/last-run/" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'printf "\ncompose-test: FAILED at line %s: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR

# ---- 1. base image ----
step "base: the container test's local Debian base (CONTAINER_TEST_BASE_ONLY=1 npm run container:test)"
BASE_WORK=${CONTAINER_TEST_WORK:-$REPO/.cache/container-test}
CONTAINER_TEST_WORK="$BASE_WORK" CONTAINER_TEST_BASE_ONLY=1 CONTAINER_TEST_TMPFS_SIZE=0 bash "$REPO/tools/container/container-test.sh" \
  >"$RUN_DIR/logs/base.log" 2>&1 || { tail -30 "$RUN_DIR/logs/base.log" >&2; fail "the base image could not be made"; }
grep -E '^==> ' "$RUN_DIR/logs/base.log" | grep -v -e preflight -e cleanup | sed 's/^==> /    /'
NODE_VERSION=$(node -p process.versions.node)
BASE_TAR=$(ls -t "$BASE_WORK"/base-*-node"$NODE_VERSION"-npm"$(npm --version)"-*.tar 2>/dev/null | head -1)
[ -n "$BASE_TAR" ] || fail "no base tarball for node $NODE_VERSION in $BASE_WORK"
pm import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  "$BASE_TAR" "$LOCAL_BASE_IMAGE" >/dev/null
info "imported $(basename "$BASE_TAR") as $LOCAL_BASE_IMAGE"

# ---- 2. a fresh copy, and the credentials exactly as docs/deployment.md makes them ----
step "copy: the checkout's tracked and unignored files to $PROJECT_DIR, owned by uid $TEST_UID"
mkdir -p "$PROJECT_DIR"
(cd "$REPO" && git ls-files -z --cached --others --exclude-standard | tar --null --files-from=- --ignore-failed-read -cf -) | tar -xf - -C "$PROJECT_DIR"
for f in deploy/compose/credentials.env deploy/compose/users.json deploy/compose/db_password.txt deploy/compose/store_url.txt results; do
  [ ! -e "$PROJECT_DIR/$f" ] || fail "$f came with the copy: it must be ignored by git"
done
# The CLI as built in the checkout (`npm ci && npm run build`), without copying it.
ln -s "$REPO/node_modules" "$PROJECT_DIR/node_modules"
ln -s "$REPO/dist" "$PROJECT_DIR/dist"
chown -R "$TEST_UID:$TEST_GID" "$PROJECT_DIR" "$RUN_DIR/home"
info "$(find "$PROJECT_DIR" -type f | wc -l) files, $(du -sh "$PROJECT_DIR" | cut -f1)"

step "credentials: docs/deployment.md's marked blocks, run as written by uid $TEST_UID"
awk '
  /<!-- compose-test: run -->/ { want = 1; next }
  want && /^ *```/ { if (inside) { inside = 0; want = 0 } else { inside = 1 }; next }
  inside { sub(/^   /, ""); print }
' "$PROJECT_DIR/docs/deployment.md" >"$RUN_DIR/doc-steps.sh"
[ -s "$RUN_DIR/doc-steps.sh" ] || fail "docs/deployment.md has no block marked <!-- compose-test: run -->"
sed 's/^/      $ /' "$RUN_DIR/doc-steps.sh"
# $EDITOR, as a person would: chooses a random password for the client.
cat >"$RUN_DIR/bin/editor" <<'EOF'
#!/bin/sh
set -eu
password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
sed -i "s/^API_PASSWORD=.*/API_PASSWORD=$password/" "$1"
EOF
chmod 0755 "$RUN_DIR/bin/editor"
as_user() {
  (cd "$PROJECT_DIR" && setpriv --reuid="$TEST_UID" --regid="$TEST_GID" --clear-groups \
    env -i HOME="$RUN_DIR/home" PATH="$(dirname "$(command -v node)"):/usr/local/bin:/usr/bin:/bin" EDITOR="$RUN_DIR/bin/editor" "$@")
}
as_user sh -eu "$RUN_DIR/doc-steps.sh" >"$RUN_DIR/logs/doc-steps.log" 2>&1 || { cat "$RUN_DIR/logs/doc-steps.log" >&2; fail "the documented steps failed"; }
sed 's/^/      /' "$RUN_DIR/logs/doc-steps.log"
for f in credentials.env users.json db_password.txt store_url.txt; do
  [ -s "$PROJECT_DIR/deploy/compose/$f" ] || fail "the documented steps did not make deploy/compose/$f"
  info "deploy/compose/$f: $(stat -c '%A %U' "$PROJECT_DIR/deploy/compose/$f" | sed "s/ $TEST_UID\$/ uid $TEST_UID/")"
done
API_USER=$(sed -n 's/^API_USER=//p' "$PROJECT_DIR/deploy/compose/credentials.env")
API_PASSWORD=$(sed -n 's/^API_PASSWORD=//p' "$PROJECT_DIR/deploy/compose/credentials.env")
DB_PASSWORD=$(cat "$PROJECT_DIR/deploy/compose/db_password.txt")
[ "${#API_PASSWORD}" -ge 16 ] && [ "$API_PASSWORD" != change-me-to-a-long-random-password ] || fail "credentials.env kept the example's password"
[ "${#DB_PASSWORD}" -ge 16 ] || fail "db_password.txt holds a short password"
# The containers run as the user who made the files (compose.yaml's HOST_UID:HOST_GID).
export HOST_UID="$TEST_UID" HOST_GID="$TEST_GID" HOST_PORT="$PORT" LOCAL_BASE_IMAGE

# ---- 3. build ----
NPM_REGISTRY=$(npm config get registry)
NPM_CA=$(npm config get cafile 2>/dev/null || true)
if [ -z "$NPM_CA" ] || [ "$NPM_CA" = null ] || [ "$NPM_CA" = undefined ] || [ ! -f "$NPM_CA" ]; then NPM_CA=${NODE_EXTRA_CA_CERTS:-}; fi
# On the host's network: npm and apt reach their registry and mirror as on the host, and no build
# container needs podman's default bridge. podman-compose 1.0.3 knows no build secrets, so the CA
# npm trusts here (behind a TLS-inspecting proxy) is passed as podman's own --secret.
BUILD_ARGS="--network=host --build-arg NPM_CONFIG_REGISTRY=$NPM_REGISTRY"
if [ -n "$NPM_CA" ] && [ -f "$NPM_CA" ]; then BUILD_ARGS="$BUILD_ARGS --secret id=npm_ca,src=$NPM_CA"; fi
for svc in db api acceptance; do
  step "build: podman-compose build $svc"
  started=$(date +%s)
  PC_LOG="$RUN_DIR/logs/build-$svc.log" pc --podman-build-args "$BUILD_ARGS" build "$svc" \
    || { tail -40 "$RUN_DIR/logs/build-$svc.log" >&2; fail "podman-compose build $svc failed"; }
  image=$(grep -m1 -oE -- ' -t [^ ]+ -f ' "$RUN_DIR/logs/build-$svc.log" | awk '{print $2}')
  info "$image built in $(($(date +%s) - started))s, $(pm image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}'), user $(pm image inspect --format '{{or .Config.User "root"}}' "$image")"
done

# ---- 4. up: db, api, acceptance, each once what it depends on is healthy ----
# A service's health check command from the compose files, NUL-separated, as Compose runs it:
# CMD's arguments as they are, CMD-SHELL's string through /bin/sh -c. (Podman is not asked to run
# it: there is no systemd here to time it, and podman-compose 1.0.3 passes a CMD's arguments
# through a shell, which breaks the API's JavaScript.)
health_command() {
  (cd "$PROJECT_DIR" && SERVICE=$1 node -e "
    const { parse } = require('yaml');
    const { readFileSync } = require('node:fs');
    let test;
    for (const file of ['compose.yaml', process.env.OVERRIDE]) test = parse(readFileSync(file, 'utf8')).services?.[process.env.SERVICE]?.healthcheck?.test ?? test;
    const shell = (command) => ['/bin/sh', '-c', command];
    const argv = typeof test === 'string' ? shell(test) : test?.[0] === 'CMD' ? test.slice(1) : test?.[0] === 'CMD-SHELL' ? shell(test[1]) : null;
    if (!argv) { console.error(process.env.SERVICE + ' has no health check test'); process.exit(1); }
    process.stdout.write(argv.join('\\0'));
  ")
}
# Runs a service's health check in its container until it passes.
wait_healthy() {
  local svc=$1 limit_s=$2 name started tries=0 check
  name=$(container "$svc")
  mapfile -d '' -t check < <(OVERRIDE="$OVERRIDE" health_command "$svc")
  [ "${#check[@]}" -gt 0 ] || fail "no health check for $svc"
  started=$(now_ms)
  until timeout 10 "$RUN_DIR/bin/podman" exec "$name" "${check[@]}" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$(pm inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then pm logs "$name" 2>&1 | tail -20 >&2; fail "$svc stopped before it was healthy"; fi
    if [ $(($(now_ms) - started)) -ge $((limit_s * 1000)) ]; then pm logs "$name" 2>&1 | tail -20 >&2; fail "$svc not healthy after ${limit_s}s"; fi
    sleep 1
  done
  info "$svc healthy after $(($(now_ms) - started)) ms ($((tries + 1)) runs of: $(printf '%s ' "${check[@]}" | cut -c1-60)...)"
}
# `up`: podman-compose creates the network, the volume and the containers; they start in
# depends_on order, each once its dependencies are healthy, as docker compose does. Sets
# ACCEPTANCE_STATUS to the acceptance client's exit code (the verdict); its report is kept in
# logs/acceptance-RUN.txt.
compose_up() {
  local run=$1
  pc up --no-start || { tail -30 "$PC_LOG" >&2; fail "podman-compose up --no-start failed"; }
  # podman-compose 1.0.3 goes on (and exits 0) when a container cannot be created.
  for svc in db api acceptance; do
    pm container exists "$(container "$svc")" || { grep -A3 -F "create --name=$(container "$svc")" "$PC_LOG" | grep -m3 -E '^Error|exit code' >&2; fail "podman-compose up did not create $svc"; }
  done
  info "created: $(pm ps --all --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT" | sort | tr '\n' ' ')"
  info "network: $(pm network ls --format '{{.Name}} ({{.Driver}})' --filter "label=io.podman.compose.project=$PROJECT" | tr '\n' ' ')volume: $(pm volume ls --format '{{.Name}}' | tr '\n' ' ')"
  pc start db
  wait_healthy db 120
  pc start api
  wait_healthy api 120
  pc start acceptance
  ACCEPTANCE_STATUS=$(pm wait "$(container acceptance)")
  pm logs "$(container acceptance)" >"$RUN_DIR/logs/acceptance-$run.txt" 2>&1
}

step "up: podman-compose up (db, then api once db is healthy, then acceptance once api is healthy)"
compose_up first
info "acceptance exited $ACCEPTANCE_STATUS: $(grep '^result' "$RUN_DIR/logs/acceptance-first.txt" || echo 'no result line')"
[ "$ACCEPTANCE_STATUS" = 0 ] || { tail -30 "$RUN_DIR/logs/acceptance-first.txt" >&2; fail "the acceptance client exited $ACCEPTANCE_STATUS"; }
if grep -q '==> FAILURE' "$RUN_DIR/logs/acceptance-first.txt"; then fail "the acceptance report has a FAILURE"; fi
RESULTS="$PROJECT_DIR/results/log.txt"
[ -s "$RESULTS" ] || fail "results/log.txt was not written"
grep -q '^result   : SUCCESS' "$RESULTS" || fail "results/log.txt does not hold a SUCCESS report"
grep -qE '^(started|finished) *: [0-9]{4}-[0-9]{2}-[0-9]{2}T' "$RESULTS" || fail "results/log.txt's report is not dated"
info "results/log.txt: $(wc -l <"$RESULTS") lines, $(grep -c '==> SUCCESS' "$RESULTS") checks SUCCESS, $(grep -m1 -E '^finished *:' "$RESULTS"), owner uid $(stat -c %u "$RESULTS")"

# ---- 5. predictions and feedback through the published port ----
# MODE=send: N batches of 2 reviews, the true rating of each sent as feedback (recorded);
# MODE=again: the same feedback again (unchanged: the database kept predictions and feedback).
traffic() {
  API_URL="http://127.0.0.1:$PORT" API_USER="$API_USER" API_PASSWORD="$API_PASSWORD" MODE=$1 STATE="$RUN_DIR/feedback.json" node --input-type=module - <<'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
const { API_URL, API_USER, API_PASSWORD, MODE, STATE } = process.env;
const auth = 'Basic ' + Buffer.from(`${API_USER}:${API_PASSWORD}`).toString('base64');
const reviews = [
  ['Disneyland is a magical world! The staff were lovely and the parade was wonderful.', 5],
  ['Long queues everywhere, rude staff and overpriced food. Never again.', 1],
  ['Good rides but very crowded; the fireworks made up for the waiting.', 4],
  ['It was fine, nothing special, some rides were closed for repairs.', 3],
  ['Too hot, too expensive, and half the attractions were shut.', 2],
  ['Our kids loved every minute, Space Mountain was the highlight.', 5],
];
async function call(method, path, body) {
  const res = await fetch(API_URL + path, {
    method, headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, header: res.headers.get('x-request-id'), json: await res.json().catch(() => null) };
}
async function feedback(item) {
  // Predictions reach the database through a queue: give the row a moment to land.
  for (let attempt = 0; ; attempt++) {
    const res = await call('POST', '/v1/feedback', item);
    if (res.json?.code !== 'PREDICTION_NOT_FOUND' || attempt >= 40) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}
const expected = MODE === 'send' ? 'recorded' : 'unchanged';
let items = [];
if (MODE === 'send') {
  for (let i = 0; i < reviews.length; i += 2) {
    const batch = reviews.slice(i, i + 2);
    const res = await call('POST', '/v1/models/lr_global/predict', { reviews: batch.map(([text]) => ({ text })) });
    const requestId = res.json?.requestId ?? res.header;
    if (res.status !== 200 || !requestId) { console.error(`predict: ${res.status} ${JSON.stringify(res.json)}`); process.exit(1); }
    batch.forEach(([, rating], index) => items.push({ requestId, index, rating, predicted: res.json.predictions[index].rating }));
  }
  writeFileSync(STATE, JSON.stringify(items));
  console.log(`${items.length} predictions in ${reviews.length / 2} batches: predicted ${items.map((x) => x.predicted).join(' ')}, true ${items.map((x) => x.rating).join(' ')}`);
} else {
  items = JSON.parse(readFileSync(STATE, 'utf8'));
}
const statuses = [];
for (const { requestId, index, rating } of items) {
  const res = await feedback({ requestId, index, rating });
  statuses.push(res.json?.status ?? res.status);
  if (res.status !== 200 || res.json?.status !== expected) {
    console.error(`feedback for ${requestId}#${index}: ${res.status} ${JSON.stringify(res.json)}, expected 200 "${expected}"`);
    process.exit(1);
  }
}
console.log(`${items.length} feedback answers: ${[...new Set(statuses)].join(', ')}`);
EOF
}

# What the database holds, counted by psql in the database container (over its socket).
stored() {
  pm exec "$(container db)" psql --username=reviewstars --dbname=reviewstars --no-psqlrc --tuples-only --no-align \
    --command="SELECT (SELECT count(*) FROM predictions) || ' predictions, ' || (SELECT count(*) FROM feedback) || ' feedback'"
}

step "traffic: predictions and feedback on http://127.0.0.1:$PORT"
traffic send | sed 's/^/    /' || fail "predictions or feedback failed"
STORED_BEFORE=$(stored)
info "the database holds $STORED_BEFORE (the acceptance client's predictions and these)"

# ---- 6. down, then up again on the same volume ----
# docker compose down = stop (each container within its grace period) + remove; done in two
# commands here so that the exit codes can be read between them.
compose_down() {
  local run=$1 started stop_ms code finished api_ms
  for svc in db api; do pm logs "$(container "$svc")" >"$RUN_DIR/logs/$svc-$run.log" 2>&1; done
  started=$(now_ms)
  pc stop -t "$GRACE_S" || { tail -20 "$PC_LOG" >&2; fail "podman-compose stop failed"; }
  stop_ms=$(($(now_ms) - started))
  for svc in api db; do
    code=$(pm inspect --format '{{.State.ExitCode}}' "$(container "$svc")")
    [ "$code" = 0 ] || { pm logs "$(container "$svc")" 2>&1 | tail -10 >&2; fail "$svc exited $code when stopped, not 0"; }
  done
  finished=$(pm inspect --format '{{.State.FinishedAt}}' "$(container api)" | sed 's/ [A-Z]*$//')
  api_ms=$(($(date -d "$finished" +%s%3N) - started))
  [ "$api_ms" -lt $((GRACE_S * 1000)) ] || fail "the API took ${api_ms} ms to stop, more than its ${GRACE_S}s grace period"
  pm logs "$(container api)" >"$RUN_DIR/logs/api-$run.log" 2>&1
  grep -q '"msg":"shut down cleanly"' "$RUN_DIR/logs/api-$run.log" || fail "the API's log does not say it shut down cleanly"
  info "stopped in ${stop_ms} ms: api exit 0 (exited ${api_ms} ms after the stop began, grace ${GRACE_S}s), db exit 0"
  info "api's last line: $(tail -1 "$RUN_DIR/logs/api-$run.log" | cut -c1-180)"
  pc down || { tail -20 "$PC_LOG" >&2; fail "podman-compose down failed"; }
  local left
  left=$(pm ps --all --quiet --filter "label=io.podman.compose.project=$PROJECT" | wc -l)
  [ "$left" = 0 ] || fail "$left containers left after down"
  pm volume exists "${PROJECT}_db-data" || fail "the volume ${PROJECT}_db-data is gone after down"
  info "down: no container left; volume ${PROJECT}_db-data kept"
}

step "down: podman-compose stop -t $GRACE_S, exit codes, podman-compose down"
compose_down first

step "up again, with a wrong password in deploy/compose/credentials.env"
as_user sed -i "s/^API_PASSWORD=.*/API_PASSWORD=wrong-$API_PASSWORD/" deploy/compose/credentials.env
compose_up second
info "acceptance exited $ACCEPTANCE_STATUS: $(grep '^result' "$RUN_DIR/logs/acceptance-second.txt" || echo 'no result line')"
[ "$ACCEPTANCE_STATUS" = 1 ] || { tail -30 "$RUN_DIR/logs/acceptance-second.txt" >&2; fail "with a wrong password the acceptance client exited $ACCEPTANCE_STATUS, not 1"; }
grep -q '^result   : FAILURE' "$RUN_DIR/logs/acceptance-second.txt" || fail "with a wrong password the report does not end in FAILURE"

step "traffic: the same feedback again, after down and up"
traffic again | sed 's/^/    /' || fail "the stored predictions or feedback did not survive down and up"
STORED_AFTER=$(stored)
[ "$STORED_AFTER" = "$STORED_BEFORE" ] || fail "the database holds $STORED_AFTER after down and up, not $STORED_BEFORE"
info "the database still holds $STORED_AFTER"

# ---- 7. down for good ----
step "down: podman-compose stop -t $GRACE_S, exit codes, podman-compose down"
compose_down second
NETWORKS=$(pm network ls --quiet --filter "label=io.podman.compose.project=$PROJECT")
if [ -n "$NETWORKS" ]; then
  # docker compose down removes the project's network; podman-compose 1.0.3 leaves it.
  info "podman-compose left the network $(pm network ls --format '{{.Name}}' --filter "label=io.podman.compose.project=$PROJECT" | tr '\n' ' ')(as 1.0.3 does): removing it"
  pm network rm $NETWORKS >/dev/null
fi
[ -z "$(pm network ls --quiet --filter "label=io.podman.compose.project=$PROJECT")" ] || fail "a network of the project is left"
info "no container and no network of the project left"

step "logs: no password in any container's log"
for log in "$RUN_DIR"/logs/api-*.log "$RUN_DIR"/logs/db-*.log "$RUN_DIR"/logs/acceptance-*.txt; do
  if grep -qF -e "$API_PASSWORD" -e "$DB_PASSWORD" "$log"; then fail "$(basename "$log") holds a password"; fi
done
info "neither the API's nor the database's password appears in $(ls "$RUN_DIR"/logs/{api,db}-*.log "$RUN_DIR"/logs/acceptance-*.txt | wc -l) logs"

step "all compose checks passed"
