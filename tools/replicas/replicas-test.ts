#!/usr/bin/env node
/**
 * @module tools/replicas/replicas-test
 * `npm run test:replicas`: proof that a rolling restart of 3 replicas loses no request.
 * Three `review-stars serve` processes on 127.0.0.1 (default models, development user) behind
 * nginx (deploy/nginx/replicas.conf.template), a bounded autocannon load on GET /prediction
 * through nginx, and midway one replica is stopped and a replacement started on its port.
 *   run 1: SIGTERM (what Kubernetes sends): must cost 0 failed or non-2xx responses, else exit 1;
 *   run 2: SIGKILL (a crash): reports what is lost (nginx retries idempotent requests).
 * The replicas share one PostgreSQL store (REVIEW_STARS_TEST_POSTGRES, from tools/postgres/start.sh):
 * feedback posted to one replica must find a prediction another answered, and after the SIGTERM run
 * every answered request must have its logged row.
 * Everything started here is stopped at the end, even on failure. Needs `npm run build` first and
 * Debian's nginx. Options: --duration S (20), --connections N (10), --runs sigterm,sigkill, --keep.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Buffer } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI_MAIN, REPO_ROOT } from '../paths.js';
import { ProcessGroup, waitForExit } from './processes.js';
import { freePort, httpGet, waitUntil } from './net.js';
import { checkNginxConfig, findNginx, nginxArgs, parseAccessLog, renderNginxConfig, summarizeAccessLog } from './nginx.js';
import { startReplica, type Replica } from './replica.js';
import { runLoad } from './load.js';
import { checkSharedState, createReplicaStore, type ReplicaStore } from './store.js';

const ROOT = REPO_ROOT;
const CLI = CLI_MAIN;
const MODELS = join(ROOT, 'models', 'default');
const TEMPLATE = join(ROOT, 'deploy', 'nginx', 'replicas.conf.template');
const MODEL = 'lr_global';
const DEV_AUTHORIZATION = `Basic ${Buffer.from('bob:builder').toString('base64')}`;
const REPLICAS = 3;
/** How long a SIGTERM'd replica may take to drain and exit before it counts as a failure. */
const DRAIN_LIMIT_MS = 30_000;
/** Pause between the old replica's exit and its replacement's start (what a scheduler takes). */
const RESTART_DELAY_MS = 1_000;

function fail(message: string): never {
  console.error(`replicas-test: ${message}`);
  process.exit(1);
}

/** The run's settings from its flags. */
interface Options {
  durationS: number;
  connections: number;
  runs: ('sigterm' | 'sigkill')[];
  keep: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '20' },
      connections: { type: 'string', default: '10' },
      runs: { type: 'string', default: 'sigterm,sigkill' },
      keep: { type: 'boolean', default: false },
    },
  });
  const durationS = Number(values.duration);
  const connections = Number(values.connections);
  if (!Number.isInteger(durationS) || durationS < 6 || durationS > 120) fail('--duration must be a whole number of seconds between 6 and 120');
  if (!Number.isInteger(connections) || connections < 1 || connections > 100) fail('--connections must be an integer between 1 and 100');
  const runs = values.runs.split(',').map((r) => r.trim().toLowerCase());
  if (runs.length === 0 || !runs.every((r): r is 'sigterm' | 'sigkill' => r === 'sigterm' || r === 'sigkill')) {
    fail('--runs is a comma-separated list of sigterm and sigkill');
  }
  return { durationS, connections, runs, keep: values.keep };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || 'none';

/** One run's signal and which replica gets it, with everything the run works on. */
interface ScenarioOptions {
  signal: 'SIGTERM' | 'SIGKILL';
  victimIndex: number;
  replicas: Replica[];
  group: ProcessGroup;
  nginxPort: number;
  prefix: string;
  durationS: number;
  connections: number;
  store: ReplicaStore;
}

/** What one run answered, lost and retried, and what went wrong. */
interface ScenarioResult {
  signal: 'SIGTERM' | 'SIGKILL';
  lost: number;
  answered: number;
  retried: number;
  problems: string[];
}

/**
 * One load run: `victim` gets `signal` at 30% of the load, and once it has exited a replacement
 * starts on its port. Returns the figures and whether the run lost anything.
 */
async function scenario({ signal, victimIndex, replicas, group, nginxPort, prefix, durationS, connections, store }: ScenarioOptions): Promise<ScenarioResult> {
  const victim = replicas[victimIndex];
  if (!victim) throw new Error(`there is no replica ${victimIndex + 1}`);
  const accessLog = join(prefix, 'access.log');
  const logOffset = existsSync(accessLog) ? statSync(accessLog).size : 0;
  const timeline: { exit?: number | string; exitMs?: number; replacementSpawnAt?: number; replacementReadyMs?: number } = {};
  let replacement: Replica | undefined;

  const stopAndReplace = async (): Promise<void> => {
    const stopAt = Date.now();
    victim.child.kill(signal);
    timeline.exit = await waitForExit(victim.child, DRAIN_LIMIT_MS);
    timeline.exitMs = Date.now() - stopAt;
    if (timeline.exit === undefined) throw new Error(`replica ${victim.label} did not exit within ${DRAIN_LIMIT_MS} ms of ${signal}`);
    await sleep(RESTART_DELAY_MS);
    timeline.replacementSpawnAt = Date.now();
    replacement = await startReplica(group, {
      root: ROOT,
      cli: CLI,
      models: MODELS,
      port: victim.port,
      label: `${victim.label}'`,
      logDir: prefix,
      // Up to the end of the load (stopped at 30%): a replica opens its store, then loads the models.
      readyTimeoutMs: Math.max(5_000, durationS * 700),
      extraArgs: ['--store', store.url],
    });
    timeline.replacementReadyMs = Date.now() - timeline.replacementSpawnAt;
  };

  const stopAtMs = Math.round(durationS * 300);
  console.log(`\n== ${signal} run: ${durationS} s of GET /prediction?model_name=${MODEL} with ${connections} connections through nginx;`);
  console.log(`   replica ${victim.label} (port ${victim.port}) gets ${signal} at ${seconds(stopAtMs)}, then a replacement starts on the same port`);
  const rowsBefore = await store.count();
  const { result, failures, actionLog } = await runLoad({
    baseUrl: `http://127.0.0.1:${nginxPort}`,
    model: MODEL,
    authorization: DEV_AUTHORIZATION,
    connections,
    durationS,
    actions: [{ atMs: stopAtMs, name: `${signal} ${victim.label} and replace it`, run: stopAndReplace }],
  });
  if (replacement) replicas[victimIndex] = replacement;
  await sleep(1_000); // let nginx finish writing the last lines, and the replicas their prediction logs
  const rowsLogged = (await store.count()) - rowsBefore;

  const entries = parseAccessLog(readFileSync(accessLog, 'utf8').slice(logOffset));
  const byPort = new Map(replicas.map((r) => [`127.0.0.1:${r.port}`, r.label]));
  const summary = summarizeAccessLog(entries, (entry, upstream) => {
    const label = byPort.get(upstream) ?? upstream;
    if (upstream === `127.0.0.1:${victim.port}`) {
      return timeline.replacementSpawnAt !== undefined && entry.atMs >= timeline.replacementSpawnAt ? `${victim.label}'` : victim.label;
    }
    return label;
  });

  const action = actionLog[0];
  const ok2xx = result['2xx'];
  const lost = result.errors + result.non2xx;
  console.log(`requests: ${result.requests.total} answered in ${result.duration} s, 2xx ${ok2xx}, errors ${result.errors} (timeouts ${result.timeouts}), non-2xx ${result.non2xx}`);
  console.log(`throughput ${Math.round(result.requests.average)} req/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.log(
    `${victim.label}: exit ${timeline.exit ?? 'none'} ${timeline.exitMs !== undefined ? `${seconds(timeline.exitMs)} after ${signal}` : ''}` +
      (timeline.replacementReadyMs !== undefined ? `; replacement ${victim.label}' ready ${seconds(timeline.replacementReadyMs)} after its start` : ''),
  );
  if (action?.error) console.log(`action failed: ${action.error}`);
  if (replacement && !summary.perReplica[`${victim.label}'`]) {
    console.log(`note: the replacement ${victim.label}' answered no request before the load ended (nginx retries a failed replica after fail_timeout): run longer`);
  }
  console.log(`per replica (nginx access log, replica that answered): ${counts(summary.perReplica)}`);
  console.log(`prediction log: ${rowsLogged} rows logged in the shared store for ${ok2xx} answered requests`);
  console.log(`nginx: ${summary.total} requests logged, statuses ${counts(summary.statuses)}; retried on another replica: ${summary.retried} (${counts(summary.failedAttempts)})`);
  if (failures.length > 0) {
    const shown = failures.slice(0, 10).map((f) => `${seconds(f.atMs)} ${f.kind} ${f.detail}`);
    console.log(`failures (first ${shown.length} of ${failures.length}): ${shown.join('; ')}`);
  }
  const problems: string[] = [];
  if (lost > 0) problems.push(`${lost} failed or non-2xx responses`);
  if (action?.error) problems.push(action.error);
  if (signal === 'SIGTERM' && timeline.exit !== 0) problems.push(`replica ${victim.label} exited with ${timeline.exit ?? 'nothing'} instead of 0 after SIGTERM`);
  if (ok2xx < durationS) problems.push(`only ${ok2xx} requests succeeded: the load did not run`);
  // Requests still in flight when the load stopped may be logged without being counted as answered.
  if (signal === 'SIGTERM' && rowsLogged < ok2xx) problems.push(`${ok2xx - rowsLogged} answered requests have no logged row`);
  return { signal, lost, answered: result.requests.total, retried: summary.retried, problems };
}

async function main() {
  const options = parseOptions();
  const nginx = findNginx(process.env);
  if (!nginx) fail('nginx is not installed: `apt-get install -y nginx` (Debian), or set NGINX to its path');
  if (!existsSync(CLI)) fail(`${CLI} is missing: run \`npm run build\` first`);
  if (!existsSync(join(MODELS, 'manifest.json'))) fail(`no model set at ${MODELS}`);

  const prefix = mkdtempSync(join(tmpdir(), 'review-stars-replicas-'));
  // nginx workers drop root privileges and must still reach their temp directories.
  chmodSync(prefix, 0o755);
  const group = new ProcessGroup();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    console.error(`replicas-test: ${signal}: stopping everything (logs kept in ${prefix})`);
    group.stopAll(3_000).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => group.killAllNow());

  let passed = false;
  let store: ReplicaStore | undefined;
  try {
    store = await createReplicaStore();
    const shared = store;
    console.log(`shared store: ${store.display}`);
    const ports = await Promise.all(Array.from({ length: REPLICAS + 1 }, () => freePort()));
    const nginxPort = ports[REPLICAS] ?? fail('no port for nginx');
    console.log(`starting ${REPLICAS} replicas on 127.0.0.1 ports ${ports.slice(0, REPLICAS).join(', ')} and nginx on ${nginxPort} (logs in ${prefix})`);
    const replicas = await Promise.all(
      ports.slice(0, REPLICAS).map((port, i) => startReplica(group, { root: ROOT, cli: CLI, models: MODELS, port, label: `r${i + 1}`, logDir: prefix, extraArgs: ['--store', shared.url] })),
    );

    const configFile = join(prefix, 'nginx.conf');
    writeFileSync(configFile, renderNginxConfig(readFileSync(TEMPLATE, 'utf8'), { prefix, listenPort: nginxPort, upstreamPorts: replicas.map((r) => r.port) }));
    const complaint = checkNginxConfig(nginx, prefix, configFile);
    if (complaint) throw new Error(`nginx rejects the generated configuration: ${complaint}`);
    const proxy = group.start(nginx, nginxArgs(prefix, configFile), { logFile: join(prefix, 'nginx.out') });
    await waitUntil(async () => (await httpGet(`http://127.0.0.1:${nginxPort}/healthz`)).status === 200, {
      what: `nginx on port ${nginxPort} did not proxy /healthz (see ${prefix}/error.log)`,
      timeoutMs: 10_000,
      abort: () => (proxy.exitCode !== null ? `nginx exited with ${proxy.exitCode}` : undefined),
    });
    const probe = await httpGet(`http://127.0.0.1:${nginxPort}/prediction?model_name=${MODEL}&comment=${encodeURIComponent('Disneyland is a magical world!')}`, {
      headers: { authorization: DEV_AUTHORIZATION },
    });
    const answer: unknown = probe.status === 200 ? JSON.parse(probe.body) : undefined;
    const rating = typeof answer === 'object' && answer !== null && 'rating prediction' in answer ? answer['rating prediction'] : undefined;
    if (typeof rating !== 'string' || !['1', '2', '3', '4', '5'].includes(rating)) throw new Error(`a prediction through nginx answered ${probe.status}: ${probe.body.slice(0, 300)}`);
    const sharing = await checkSharedState(replicas, DEV_AUTHORIZATION);
    if (sharing.length > 0) throw new Error(`the replicas do not share their store: ${sharing.join('; ')}`);
    console.log('shared state: a prediction answered by r1 took feedback on r2, and r3 saw that feedback');

    const results: ScenarioResult[] = [];
    const scenarios = { sigterm: { signal: 'SIGTERM', victimIndex: 1 }, sigkill: { signal: 'SIGKILL', victimIndex: 2 } } as const;
    for (const run of options.runs) {
      results.push(await scenario({ ...scenarios[run], replicas, group, nginxPort, prefix, durationS: options.durationS, connections: options.connections, store: shared }));
    }

    console.log('\n== summary');
    for (const r of results) {
      const verdict = r.signal === 'SIGTERM' ? (r.problems.length === 0 ? 'PASS' : `FAIL: ${r.problems.join('; ')}`) : 'report only';
      console.log(`${r.signal}: ${r.answered} answered, ${r.lost} lost (failed or non-2xx), ${r.retried} retried by nginx; ${verdict}`);
    }
    const sigterm = results.filter((r) => r.signal === 'SIGTERM');
    passed = sigterm.every((r) => r.problems.length === 0);
    console.log(`replicas: ${sigterm.filter((r) => r.problems.length === 0).length} passed, ${sigterm.filter((r) => r.problems.length > 0).length} failed`);
  } catch (error) {
    console.error(`replicas-test: ${error instanceof Error ? error.message : String(error)}`);
    console.log('replicas: 0 passed, 1 failed');
  } finally {
    await group.stopAll();
    await store?.cleanup().catch((error: unknown) => console.error(`replicas-test: dropping the test database failed: ${error instanceof Error ? error.message : String(error)}`));
    if (passed && !options.keep) rmSync(prefix, { recursive: true, force: true });
    else console.log(`logs kept in ${prefix}`);
  }
  process.exitCode = passed ? 0 : 1;
}

await main();
