/**
 * @module tools/replicas/nginx
 * nginx for the replicas test: finds the binary, fills deploy/nginx/replicas.conf.template,
 * checks the result with `nginx -t`, and reads the access log it writes (one line per client
 * request, listing every replica tried). Never touches the system's own nginx configuration.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian's nginx package installs the binary. */
const DEBIAN_NGINX = '/usr/sbin/nginx';

/**
 * The nginx binary to run: $NGINX, else Debian's /usr/sbin/nginx, else `nginx` on the PATH;
 * undefined when there is none.
 */
export function findNginx(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [env.NGINX, DEBIAN_NGINX, 'nginx'].filter((c): c is string => typeof c === 'string' && c !== '');
  for (const candidate of candidates) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return candidate;
  }
  return undefined;
}

/** Where nginx listens, which replicas it proxies to, and where it keeps its files. */
export interface NginxConfigOptions {
  prefix: string;
  listenPort: number;
  upstreamPorts: number[];
  maxFails?: number;
  failTimeoutS?: number;
}

/**
 * The nginx configuration for replicas on 127.0.0.1 at `upstreamPorts`, listening on `listenPort`,
 * with every path (pid, logs, temp files) under `prefix`; `template` is the text of
 * deploy/nginx/replicas.conf.template.
 */
export function renderNginxConfig(template: string, { prefix, listenPort, upstreamPorts, maxFails = 1, failTimeoutS = 2 }: NginxConfigOptions): string {
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

/** Runs `nginx -t` on a configuration file; returns nginx's complaint, or undefined when it is valid. */
export function checkNginxConfig(nginx: string, prefix: string, configFile: string): string | undefined {
  const run = spawnSync(nginx, ['-t', '-q', '-p', prefix, '-e', `${prefix}/error.log`, '-c', configFile], { encoding: 'utf8' });
  if (run.error) return run.error.message;
  return run.status === 0 ? undefined : `${run.stderr}${run.stdout}`.trim() || `nginx -t exited with ${run.status}`;
}

/** `nginx` arguments that run it in the foreground on `configFile`. */
export function nginxArgs(prefix: string, configFile: string): string[] {
  return ['-p', prefix, '-e', `${prefix}/error.log`, '-c', configFile];
}

const LINE = /^(\d+\.\d+) (\d{3}) "(\S+) (\S*)" "([^"]*)" "([^"]*)" (\S+)$/;

/** One client request in nginx's access log. */
export interface AccessEntry {
  atMs: number;
  status: number;
  method: string;
  uri: string;
  attempts: { upstream: string; status: string }[];
  seconds: number;
}

/** Counts of one run's access-log entries (see summarizeAccessLog). */
export interface AccessSummary {
  total: number;
  statuses: Record<string, number>;
  perReplica: Record<string, number>;
  retried: number;
  failedAttempts: Record<string, number>;
}

/**
 * Parses the `replicas` log format. An entry's `attempts` lists every replica nginx tried, in order,
 * with what it got from each ("502" also stands for a refused or reset connection, "-" for none).
 */
export function parseAccessLog(text: string): AccessEntry[] {
  const entries: AccessEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unexpected access log line: ${line}`);
    const [, time = '', status = '', method = '', uri = '', upstreamList = '-', statusList = '-', seconds = ''] = m;
    // Upstream lists are ", "-separated; " : " separates internal redirects (none here).
    const upstreams = upstreamList === '-' ? [] : upstreamList.split(/, | : /);
    const statuses = statusList === '-' ? [] : statusList.split(/, | : /);
    entries.push({
      atMs: Math.round(Number(time) * 1000),
      status: Number(status),
      method,
      uri,
      attempts: upstreams.map((upstream, i) => ({ upstream, status: statuses[i] ?? '-' })),
      seconds: Number(seconds),
    });
  }
  return entries;
}

/**
 * Counts of one run's access-log entries: per replica (the replica that gave the final answer),
 * requests nginx retried on another replica, and what the failed attempts got. `label` names the
 * replica that served an entry.
 */
export function summarizeAccessLog(entries: readonly AccessEntry[], label: (entry: AccessEntry, upstream: string) => string): AccessSummary {
  const perReplica: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const failedAttempts: Record<string, number> = {};
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
