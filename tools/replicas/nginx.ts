// nginx for the replicas test: finds the binary, fills deploy/nginx/replicas.conf.template,
// checks the result with `nginx -t`, and reads the access log it writes (one line per client
// request, listing every replica tried). Never touches the system's own nginx configuration.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian's nginx package installs the binary. */
const DEBIAN_NGINX = '/usr/sbin/nginx';

/**
 * The nginx binary to run: $NGINX, else Debian's /usr/sbin/nginx, else `nginx` on the PATH;
 * undefined when there is none.
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
export function findNginx(env) {
  const candidates = [env.NGINX, DEBIAN_NGINX, 'nginx'].filter((c) => typeof c === 'string' && c !== '');
  for (const candidate of candidates) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return candidate;
  }
  return undefined;
}

/**
 * The nginx configuration for replicas on 127.0.0.1 at `upstreamPorts`, listening on `listenPort`,
 * with every path (pid, logs, temp files) under `prefix`.
 * @param {string} template text of deploy/nginx/replicas.conf.template
 * @param {{ prefix: string, listenPort: number, upstreamPorts: number[], maxFails?: number, failTimeoutS?: number }} options
 * @returns {string}
 */
export function renderNginxConfig(template, { prefix, listenPort, upstreamPorts, maxFails = 1, failTimeoutS = 2 }) {
  if (/[\s;{}"'$]/.test(prefix)) throw new Error(`nginx prefix "${prefix}" must not contain spaces, quotes, braces, ";" or "$"`);
  for (const port of [listenPort, ...upstreamPorts]) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${port}`);
  }
  if (upstreamPorts.length === 0) throw new Error('nginx needs at least one upstream replica');
  const servers = upstreamPorts.map((port) => `        server 127.0.0.1:${port} max_fails=${maxFails} fail_timeout=${failTimeoutS}s;`).join('\n');
  const text = template
    .replaceAll('{{PREFIX}}', prefix)
    .replaceAll('{{LISTEN_PORT}}', String(listenPort))
    .replaceAll('{{UPSTREAM_SERVERS}}', servers);
  const left = /\{\{[A-Z_]+\}\}/.exec(text);
  if (left) throw new Error(`the nginx template has an unknown placeholder ${left[0]}`);
  return text;
}

/**
 * Runs `nginx -t` on a configuration file; returns nginx's complaint, or undefined when it is valid.
 * @param {string} nginx binary
 * @param {string} prefix
 * @param {string} configFile
 * @returns {string | undefined}
 */
export function checkNginxConfig(nginx, prefix, configFile) {
  const run = spawnSync(nginx, ['-t', '-q', '-p', prefix, '-e', `${prefix}/error.log`, '-c', configFile], { encoding: 'utf8' });
  if (run.error) return run.error.message;
  return run.status === 0 ? undefined : `${run.stderr}${run.stdout}`.trim() || `nginx -t exited with ${run.status}`;
}

/** `nginx` arguments that run it in the foreground on `configFile`. */
export function nginxArgs(prefix, configFile) {
  return ['-p', prefix, '-e', `${prefix}/error.log`, '-c', configFile];
}

const LINE = /^(\d+\.\d+) (\d{3}) "(\S+) (\S*)" "([^"]*)" "([^"]*)" (\S+)$/;

/**
 * @typedef {{ atMs: number, status: number, method: string, uri: string,
 *   attempts: { upstream: string, status: string }[], seconds: number }} AccessEntry
 */

/**
 * Parses the `replicas` log format. An entry's `attempts` lists every replica nginx tried, in order,
 * with what it got from each ("502" also stands for a refused or reset connection, "-" for none).
 * @param {string} text
 * @returns {AccessEntry[]}
 */
export function parseAccessLog(text) {
  const entries = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unexpected access log line: ${line}`);
    // Upstream lists are ", "-separated; " : " separates internal redirects (none here).
    const upstreams = m[5] === '-' ? [] : m[5].split(/, | : /);
    const statuses = m[6] === '-' ? [] : m[6].split(/, | : /);
    entries.push({
      atMs: Math.round(Number(m[1]) * 1000),
      status: Number(m[2]),
      method: m[3],
      uri: m[4],
      attempts: upstreams.map((upstream, i) => ({ upstream, status: statuses[i] ?? '-' })),
      seconds: Number(m[7]),
    });
  }
  return entries;
}

/**
 * Counts of one run's access-log entries: per replica (the replica that gave the final answer),
 * requests nginx retried on another replica, and what the failed attempts got.
 * @param {AccessEntry[]} entries
 * @param {(entry: AccessEntry, upstream: string) => string} label names the replica that served an entry
 */
export function summarizeAccessLog(entries, label) {
  /** @type {Record<string, number>} */
  const perReplica = {};
  /** @type {Record<string, number>} */
  const statuses = {};
  /** @type {Record<string, number>} */
  const failedAttempts = {};
  let retried = 0;
  for (const entry of entries) {
    statuses[entry.status] = (statuses[entry.status] ?? 0) + 1;
    const last = entry.attempts[entry.attempts.length - 1];
    if (last && last.status !== '-') {
      const name = label(entry, last.upstream);
      perReplica[name] = (perReplica[name] ?? 0) + 1;
    }
    if (entry.attempts.length > 1) {
      retried += 1;
      for (const attempt of entry.attempts.slice(0, -1)) {
        const key = `${label(entry, attempt.upstream)} answered ${attempt.status}`;
        failedAttempts[key] = (failedAttempts[key] ?? 0) + 1;
      }
    }
  }
  return { total: entries.length, statuses, perReplica, retried, failedAttempts };
}
