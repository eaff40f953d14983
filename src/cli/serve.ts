/**
 * @module cli/serve
 * The `review-stars serve` sub-command: reads and checks its flags (environment variables as
 * defaults, flags win), the users file and the optional development user, then starts the HTTP
 * service and wires SIGTERM/SIGINT (graceful shutdown, then exit) and SIGHUP (reload of the model
 * set and the users file). Refuses to
 * start without any user. Never prints or logs a password.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Command, Option } from 'commander';
import { ReviewStarsError, errorCause } from '../core/errors.js';
import { UserStore, createDevUser, DEV_USER, type StoredUser } from '../auth/user-store.js';
import { MIN_SECRET_BYTES } from '../auth/session.js';
import { DEFAULT_USERS_FILE, readUsersFile, resolveUsersFile } from '../auth/users-file.js';
import { loadModelSet } from '../registry/load.js';
import { handleFatalErrors, handleSignals } from '../http/lifecycle.js';
import { LOG_LEVELS, createLogger, createStdoutDestination } from '../http/logging.js';
import { startServer } from '../http/server.js';
import { pinTickObjectShape } from '../http/tick-shape.js';
import { parseChoice, parseInteger } from '../core/parse.js';
import { DEFAULT_STORE_URL, resolveStoreUrl, type StoreTarget } from '../store/url.js';
import { Store } from '../store/store.js';
import { PredictionLog } from '../store/prediction-log.js';
import { scheduleRetention } from '../store/retention.js';

/** The model set committed with the package, used when neither --models nor REVIEW_STARS_MODELS is given. */
export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../../../models/default', import.meta.url));
/** Where `npm run build` writes the web console (beside the compiled code, so the package ships it). */
export const CONSOLE_FILES_DIR = fileURLToPath(new URL('../ui/public', import.meta.url));

/** Where the session secret comes from: a file, an environment variable, or nowhere (random). */
export type SessionSecretSource = { from: 'file'; path: string } | { from: 'env' } | { from: 'random' };

/** Checked settings of one `serve` run. */
export interface ServeSettings {
  models: string;
  host: string;
  port: number;
  usersFile: string;
  /** True when the users file was named explicitly (flag or environment): it must then exist. */
  usersFileExplicit: boolean;
  devUser: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  trustProxy: string | undefined;
  shutdownTimeoutMs: number;
  drainDelayMs: number;
  /** Read at start, never kept in the settings (so that printing them cannot leak it). */
  sessionSecret: SessionSecretSource;
  sessionTtlMs: number;
  /** Where predictions and feedback are kept (`none`: nowhere). */
  store: StoreTarget;
  /** Also keep each review's raw text. */
  logText: boolean;
  /** Rows older than this many days are purged. */
  retentionDays: number;
}

interface ServeFlags {
  models?: string;
  host?: string;
  port?: string;
  users?: string;
  devUser?: boolean;
  logLevel?: string;
  trustProxy?: string;
  shutdownTimeout?: string;
  drainDelay?: string;
  sessionSecretFile?: string;
  sessionTtl?: string;
  store?: string;
  logText?: boolean;
  retentionDays?: string;
}

/** Registers `serve` on the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the models over HTTP (Basic auth; /docs for the API). Ready once the model set is loaded.')
    .option('--models <dir>', 'model set directory [env REVIEW_STARS_MODELS; default: the models/default set shipped with the package]')
    .option('--host <host>', 'address to listen on [env REVIEW_STARS_HOST; default 0.0.0.0]')
    .option('--port <port>', 'TCP port, 1-65535, or 0 for any free one [env REVIEW_STARS_PORT; default 8000]')
    .option('--users <file>', `users file written by \`review-stars users\` [env REVIEW_STARS_USERS_FILE; default ${DEFAULT_USERS_FILE}]`)
    .option('--dev-user', `also accept the development user ${DEV_USER.name} (reader) with the original project's public password, in memory only: never in production [env REVIEW_STARS_DEV_USER=1]`)
    .addOption(new Option('--log-level <level>', 'log level [env REVIEW_STARS_LOG_LEVEL; default info]').choices(LOG_LEVELS))
    .option('--trust-proxy <list>', 'proxies whose X-Forwarded-For gives client addresses: comma-separated IPs, CIDRs or loopback/linklocal/uniquelocal [env REVIEW_STARS_TRUST_PROXY; default none]')
    .option('--shutdown-timeout <ms>', 'longest wait for in-flight requests after SIGTERM [default 10000]')
    .option('--drain-delay <ms>', 'keep accepting new connections this long after SIGTERM [default 0]')
    .option('--session-secret-file <file>', `file holding the key that signs console sessions (at least ${MIN_SECRET_BYTES} characters; the same on every replica) [env REVIEW_STARS_SESSION_SECRET_FILE, or the key itself in REVIEW_STARS_SESSION_SECRET; default: random at each start]`)
    .option('--session-ttl <seconds>', 'how long a console session lasts [env REVIEW_STARS_SESSION_TTL; default 28800 = 8 h]')
    .option(
      '--store <url>',
      `where every prediction and feedback is kept: sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB, or none [env REVIEW_STARS_STORE, or REVIEW_STARS_STORE_FILE naming a file that holds it; default ${DEFAULT_STORE_URL}]`,
    )
    .option('--log-text', 'also store the raw text of each review (by default only its SHA-256, length and out-of-vocabulary share) [env REVIEW_STARS_LOG_TEXT=1]')
    .option('--retention-days <n>', 'delete logged predictions and their feedback after this many days, checked hourly [env REVIEW_STARS_RETENTION_DAYS; default 30]')
    .addHelpText(
      'after',
      `
Users: create them with \`review-stars users add NAME [--role admin] --users FILE\`. With no user at all
and no --dev-user the service refuses to start.

Signals: SIGTERM/SIGINT fail readiness at once, finish in-flight requests, then exit 0 (1 if some had
to be cut at --shutdown-timeout). SIGHUP reloads the model set from --models (as POST /v1/admin/reload
does) and re-reads the users file; a broken set or users file is refused and the current one stays.`,
    )
    .action(async (flags: ServeFlags) => {
      await serve(resolveServeSettings(flags, process.env));
    });
}

/**
 * Turns flags and environment into checked settings (flags win); throws INVALID_ARGUMENT naming the
 * flag, or the environment variable when the value came from one.
 */
export function resolveServeSettings(flags: ServeFlags, env: NodeJS.ProcessEnv): ServeSettings {
  /** The value of `flag`, else of the environment variable `envName`, with the name of where it came from. */
  const pick = (value: string | undefined, flag: string, envName: string): { value: string; source: string } | undefined => {
    if (value !== undefined) return { value, source: flag };
    const fromEnv = nonEmpty(env[envName]);
    return fromEnv === undefined ? undefined : { value: fromEnv, source: envName };
  };
  const host = pick(flags.host, '--host', 'REVIEW_STARS_HOST') ?? { value: '0.0.0.0', source: '--host' };
  if (isIP(host.value) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/.test(host.value)) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${host.source} must be an IP address or a host name, got ${JSON.stringify(host.value)}`);
  }
  const port = pick(flags.port, '--port', 'REVIEW_STARS_PORT') ?? { value: '8000', source: '--port' };
  const logLevel = pick(flags.logLevel, '--log-level', 'REVIEW_STARS_LOG_LEVEL') ?? { value: 'info', source: '--log-level' };
  const sessionTtl = pick(flags.sessionTtl, '--session-ttl', 'REVIEW_STARS_SESSION_TTL') ?? { value: '28800', source: '--session-ttl' };
  const retention = pick(flags.retentionDays, '--retention-days', 'REVIEW_STARS_RETENTION_DAYS') ?? { value: '30', source: '--retention-days' };
  const users = resolveUsersFile(flags.users, env);
  return {
    models: pick(flags.models, '--models', 'REVIEW_STARS_MODELS')?.value ?? DEFAULT_MODELS_DIR,
    host: host.value,
    port: parseInteger(port.source, port.value, 0, 65535),
    usersFile: users.path,
    usersFileExplicit: users.explicit,
    devUser: flags.devUser === true || parseSwitch('REVIEW_STARS_DEV_USER', env.REVIEW_STARS_DEV_USER),
    logLevel: parseChoice(logLevel.source, logLevel.value, LOG_LEVELS),
    trustProxy: checkTrustProxy(pick(flags.trustProxy, '--trust-proxy', 'REVIEW_STARS_TRUST_PROXY')),
    shutdownTimeoutMs: parseInteger('--shutdown-timeout', flags.shutdownTimeout ?? '10000', 0, 600_000),
    drainDelayMs: parseInteger('--drain-delay', flags.drainDelay ?? '0', 0, 600_000),
    sessionSecret: resolveSessionSecretSource(flags.sessionSecretFile, env),
    sessionTtlMs: parseInteger(sessionTtl.source, sessionTtl.value, 1, 30 * 24 * 3600) * 1000,
    store: resolveStoreUrl(flags.store, env),
    logText: flags.logText === true || parseSwitch('REVIEW_STARS_LOG_TEXT', env.REVIEW_STARS_LOG_TEXT),
    retentionDays: parseInteger(retention.source, retention.value, 1, 36_500),
  };
}

function resolveSessionSecretSource(flag: string | undefined, env: NodeJS.ProcessEnv): SessionSecretSource {
  const path = flag ?? nonEmpty(env.REVIEW_STARS_SESSION_SECRET_FILE);
  if (path !== undefined) return { from: 'file', path };
  return nonEmpty(env.REVIEW_STARS_SESSION_SECRET) === undefined ? { from: 'random' } : { from: 'env' };
}

/**
 * The session secret, checked (never printed): from its file or the environment, or undefined for
 * a random one. Throws INVALID_ARGUMENT naming the source, not the value.
 */
export function readSessionSecret(source: SessionSecretSource, env: NodeJS.ProcessEnv): Buffer | undefined {
  if (source.from === 'random') return undefined;
  let value: string;
  if (source.from === 'file') {
    try {
      value = readFileSync(source.path, 'utf8').trim();
    } catch (err) {
      throw new ReviewStarsError('INVALID_ARGUMENT', `--session-secret-file ${source.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else {
    value = (env.REVIEW_STARS_SESSION_SECRET ?? '').trim();
  }
  const secret = Buffer.from(value, 'utf8');
  if (secret.length < MIN_SECRET_BYTES) {
    const name = source.from === 'file' ? `the session secret in ${source.path}` : 'REVIEW_STARS_SESSION_SECRET';
    throw new ReviewStarsError('INVALID_ARGUMENT', `${name} must hold at least ${MIN_SECRET_BYTES} characters (e.g. from \`openssl rand -base64 48\`)`);
  }
  return secret;
}

/**
 * How far V8 lets the old generation grow past the live data before a full collection: 50%
 * instead of its adaptive factor of up to 4x. The service keeps ~20 MB live, but each batch request
 * promotes a few MB that die at once (its parsed body and answer); with the default factor they
 * piled up to ~90 MB of heap before a collection (~190 MB resident). Full collections of 20 MB
 * cost ~3 ms, and now run every few batch requests. Read by V8 at each collection, so setting it
 * here works however the process was started (npm start, the image, Kubernetes' command).
 */
const HEAP_GROWING_FLAG = '--heap-growing-percent=50';

/** Runs the service until a stop signal; resolves once it listens with its models loaded. */
export async function serve(settings: ServeSettings): Promise<void> {
  setFlagsFromString(HEAP_GROWING_FLAG);
  // Before the model set's load runs full collections: see http/tick-shape.
  pinTickObjectShape();
  const destination = createStdoutDestination();
  const logger = createLogger({ level: settings.logLevel, destination });
  const fail = (err: unknown): never => {
    destination.flushSync();
    throw err;
  };
  const exit = (code: number): void => {
    destination.flushSync();
    process.exit(code);
  };
  handleFatalErrors(logger, exit);

  // The store opens before anything listens: a database that is down or read-only stops the start
  // with one clear line, rather than a service that silently logs nothing.
  let store: Store | undefined;
  try {
    store = settings.store.kind === 'none' ? undefined : await Store.open(settings.store);
  } catch (err) {
    return fail(err);
  }
  const predictionLog = store === undefined ? undefined : new PredictionLog(store, { reporter: logger });
  const stopRetention = store === undefined ? undefined : scheduleRetention(store, settings.retentionDays, logger);
  logger.info({ store: settings.store.display, logText: settings.logText, retentionDays: store === undefined ? undefined : settings.retentionDays }, store === undefined ? 'store: none (predictions are not logged, feedback is refused)' : 'store opened');
  // After the HTTP side has drained: every answered prediction's row is written, then the store closes.
  const closeStore = async (): Promise<void> => {
    stopRetention?.();
    await predictionLog?.close();
    await store?.close();
    if (predictionLog !== undefined) logger.info({ written: predictionLog.written, dropped: predictionLog.dropped }, 'prediction log flushed; store closed');
  };
  const exitAfterStore = (code: number): void => {
    closeStore().then(
      () => exit(code),
      (err: unknown) => {
        logger.error({ cause: errorCause(err) }, 'closing the store failed');
        exit(1);
      },
    );
  };

  const devUser = settings.devUser ? await createDevUser() : undefined;
  let users: UserStore;
  let sessionSecret: Buffer | undefined;
  try {
    users = await loadUsers(settings, devUser);
    sessionSecret = readSessionSecret(settings.sessionSecret, process.env);
  } catch (err) {
    return fail(err);
  }
  if (devUser !== undefined) {
    logger.warn(
      { user: DEV_USER.name, role: DEV_USER.role },
      `DEVELOPMENT CREDENTIAL ENABLED: user "${DEV_USER.name}" is accepted with the original project's public password. Never use --dev-user (or REVIEW_STARS_DEV_USER) in production.`,
    );
  }
  // The secret's source only: a random one means sessions end at restart and replicas do not share them.
  logger.info({ users: users.size, usersFile: settings.usersFile, models: settings.models, sessionSecret: settings.sessionSecret.from }, 'starting');

  let running;
  try {
    running = await startServer({
      host: settings.host,
      port: settings.port,
      users,
      logger,
      loadModels: () => loadModelSet(settings.models),
      trustProxy: settings.trustProxy,
      shutdownTimeoutMs: settings.shutdownTimeoutMs,
      drainDelayMs: settings.drainDelayMs,
      console: { filesDir: CONSOLE_FILES_DIR, sessionSecret, sessionTtlMs: settings.sessionTtlMs },
      store,
      predictionLog,
      monitoring: store,
      logText: settings.logText,
    });
  } catch (err) {
    await closeStore().catch(() => undefined);
    return fail(listenFailure(err, settings));
  }
  const { authenticator } = running;
  const log = running.app.log;
  // SIGHUP also re-reads the users file (e.g. a rotated Kubernetes Secret); a broken or empty file
  // is refused and the current users stay. Swapping users forgets every cached verification.
  const reloadUsers = async (): Promise<void> => {
    try {
      const next = await loadUsers(settings, devUser);
      authenticator.replaceUsers(next);
      log.info({ users: next.size, usersFile: settings.usersFile }, 'users reloaded');
    } catch (err) {
      log.error({ cause: errorCause(err), users: authenticator.users.size }, 'users file refused; keeping the current users');
    }
  };
  handleSignals(running.lifecycle, log, exitAfterStore, reloadUsers);
}

/** The users of the users file, plus the development user when it is enabled. */
async function loadUsers(settings: ServeSettings, devUser: StoredUser | undefined): Promise<UserStore> {
  const records = await readUsersFile(settings.usersFile);
  if (records === undefined && settings.usersFileExplicit) {
    throw new ReviewStarsError(
      'USERS_FILE_INVALID',
      `users file ${settings.usersFile} does not exist: create it with \`review-stars users add NAME --users ${settings.usersFile}\``,
      { file: settings.usersFile },
    );
  }
  const fromFile = UserStore.fromRecords(records ?? []);
  const store = devUser === undefined ? fromFile : fromFile.with(devUser);
  if (store.size === 0) {
    throw new ReviewStarsError(
      'NO_USERS',
      `no users in ${settings.usersFile}: add one with \`review-stars users add NAME [--role admin] --users ${settings.usersFile}\` ` +
        '(the password is read from standard input or prompted for), or pass --dev-user for local development only',
      { file: settings.usersFile },
    );
  }
  return store;
}

/** Names proxy-addr (which Fastify compiles `trustProxy` with) accepts besides addresses and ranges. */
const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Checks a --trust-proxy list as Fastify would read it (comma-separated; each an IP address, an
 * address/prefix-length, an IPv4 address/netmask, or a named range), so that a typo is a one-line
 * usage error here rather than a stack trace from deep inside the app's construction.
 */
export function checkTrustProxy(picked: { value: string; source: string } | undefined): string | undefined {
  if (picked === undefined) return undefined;
  const { value: list, source } = picked;
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    if (entry === '') throw new ReviewStarsError('INVALID_ARGUMENT', `${source}: an empty entry in ${JSON.stringify(list)}: separate addresses with single commas`);
    if (TRUST_PROXY_NAMES.includes(entry)) continue;
    const slash = entry.lastIndexOf('/');
    const address = slash < 0 ? entry : entry.slice(0, slash);
    const family = isIP(address);
    if (family === 0 || address.includes('%')) {
      throw new ReviewStarsError(
        'INVALID_ARGUMENT',
        `${source}: ${JSON.stringify(entry)} is not an IP address, a CIDR range or one of ${TRUST_PROXY_NAMES.join(', ')}`,
      );
    }
    if (slash < 0) continue;
    const range = entry.slice(slash + 1);
    const max = family === 4 ? 32 : 128;
    if (family === 4 && isIP(range) === 4) continue; // a netmask, e.g. 10.0.0.0/255.0.0.0
    if (!/^\d{1,3}$/.test(range) || Number(range) < 1 || Number(range) > max) {
      throw new ReviewStarsError('INVALID_ARGUMENT', `${source}: ${JSON.stringify(entry)} has a prefix length outside 1-${max}`);
    }
  }
  return list;
}

/**
 * The usage error naming the flag for an address the service cannot listen on (taken, not
 * permitted, not on this machine, a host name that does not resolve); any other error unchanged.
 */
function listenFailure(err: unknown, settings: ServeSettings): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`;
  const port = `--port ${settings.port}`;
  const host = `--host ${settings.host}`;
  const messages: Record<string, string> = {
    EADDRINUSE: `${port}: ${where} is already in use by another process: stop it or pick another --port`,
    EACCES: `${port}: not permitted to listen on ${where} (ports below 1024 need privileges): pick another --port`,
    EADDRNOTAVAIL: `${host}: ${settings.host} is not an address of this machine: use one of its addresses, or 0.0.0.0 for all`,
    ENOTFOUND: `${host}: the host name does not resolve: use an IP address or a name in DNS or /etc/hosts`,
    EAI_AGAIN: `${host}: the host name could not be resolved now (DNS did not answer): retry, or use an IP address`,
    EAI_NONAME: `${host}: the host name does not resolve: use an IP address or a name in DNS or /etc/hosts`,
  };
  const message = code === undefined ? undefined : messages[code];
  return message === undefined ? err : new ReviewStarsError('INVALID_ARGUMENT', message, { host: settings.host, port: settings.port });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function parseSwitch(name: string, value: string | undefined): boolean {
  if (value === undefined || value.trim() === '') return false;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ReviewStarsError('INVALID_ARGUMENT', `${name} must be 1 or 0 (true/false), got ${JSON.stringify(value)}`);
}
