/**
 * @module tools/bench/run
 * The serving benchmark itself: starts review-stars' service, a bare Fastify route and the FastAPI +
 * scikit-learn reference one after another (never two at once: the machine's cores are shared),
 * loads each, reads its memory, stops it, repeats that for a few rounds, and returns the figures
 * folded over the rounds with the ratios. It prints
 * progress through `log` only and never decides the exit status.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { BenchOptions } from './args.js';
import { findFreePort, httpRequest, readProcessCpuSeconds, readProcessMemory, startServer, type HttpAnswer, type ServerHandle, type ServerSpec } from './children.js';
import { measureRoute, type LoadResult } from './load.js';
import { newestCpuProfile, summariseCpuProfileFile, type ProfileSummary } from './profile.js';
import { describeLoad, formatNumber, formatTable, targetRows } from './report.js';
import type { BatchResult, BenchResults, Round, ServiceRun } from './results.js';
import { combineServiceRuns, pairedRatios } from './rounds.js';
import { generateReviews } from './review-texts.js';
import { BENCH_COMMENT, BENCH_MODEL, DEV_USER, basicAuthorization, predictionPath } from './workload.js';

const HOST = '127.0.0.1';
const PYTHON = '/usr/bin/python3';

/** One service the benchmark measures, and how to start it on a port. */
interface ServiceSpec {
  key: string;
  label: string;
  headers: Record<string, string>;
  /** Whether the batch route is measured too (review-stars only). */
  batch?: boolean;
  /** Whether it logs predictions: its log's counters are printed after the load. */
  logsPredictions?: boolean;
  readyNote?: string;
  start: (port: number, profiled: boolean) => Omit<ServerSpec, 'name' | 'port' | 'host'>;
}

/** Where progress lines go. */
type Log = (line: string) => void;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The body of a 200 answer as JSON, or an error naming the route. */
function parseJsonBody(res: HttpAnswer, route: string): unknown {
  try {
    return JSON.parse(res.body);
  } catch {
    throw new Error(`${route} answered 200 with a body that is not JSON: ${res.body.slice(0, 300)}`);
  }
}

/** Why the FastAPI reference cannot run here, or null when it can. */
export function pythonSkipReason(env: NodeJS.ProcessEnv = process.env): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, sklearn'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error) return `${PYTHON} is not available (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  if (probe.status !== 0) {
    const missing = /No module named '([^']+)'/.exec(probe.stderr)?.[1];
    return `${PYTHON} lacks ${missing ? `the module ${missing}` : 'fastapi, uvicorn or sklearn'} (install Debian's python3-fastapi, python3-uvicorn and python3-sklearn)`;
  }
  if (!env.REVIEWS_CSV) return 'REVIEWS_CSV is not set (the reference trains lr_global from a reviews CSV at start)';
  try {
    accessSync(env.REVIEWS_CSV, constants.R_OK);
  } catch {
    return `REVIEWS_CSV=${env.REVIEWS_CSV} is not a readable file`;
  }
  return null;
}

/** Throws unless `res` is a 200 answer of the original /prediction route for BENCH_COMMENT. */
export function checkPredictionAnswer(res: HttpAnswer): Record<string, unknown> {
  if (res.status !== 200) throw new Error(`GET /prediction answered ${res.status}: ${res.body.slice(0, 300)}`);
  const answer = parseJsonBody(res, 'GET /prediction');
  if (!isRecord(answer) || answer.model !== BENCH_MODEL || answer.comment !== BENCH_COMMENT || !/^[1-5]$/.test(String(answer['rating prediction']))) {
    throw new Error(`GET /prediction answered 200 without the original keys (model, comment, "rating prediction" 1-5): ${res.body.slice(0, 300)}`);
  }
  return answer;
}

/**
 * Throws unless `res` is a 200 answer of the batch route with one prediction (a rating 1-5) per
 * review sent; returns the predictions.
 */
export function checkBatchAnswer(res: HttpAnswer, expected: number): unknown[] {
  if (res.status !== 200) throw new Error(`POST /v1/models/${BENCH_MODEL}/predict answered ${res.status}: ${res.body.slice(0, 300)}`);
  const answer = parseJsonBody(res, 'the batch route');
  const predictions = isRecord(answer) ? answer.predictions : undefined;
  if (!Array.isArray(predictions) || predictions.length !== expected) {
    throw new Error(`the batch route answered 200 without ${expected} predictions: ${res.body.slice(0, 300)}`);
  }
  const bad = predictions.findIndex((p: unknown) => !isRecord(p) || ![1, 2, 3, 4, 5].includes(p.rating as number));
  if (bad >= 0) throw new Error(`the batch route's prediction ${bad} has no rating 1-5: ${JSON.stringify(predictions[bad])}`);
  return predictions;
}

function loadProblems(name: string, route: string, load: LoadResult): string[] {
  return load.non2xx > 0 || load.errors > 0 ? [`${name} answered ${route} with ${load.non2xx} non-2xx and ${load.errors} errors under load`] : [];
}

/**
 * The prediction log's counters after the load, from /metrics: rows written, and rows dropped
 * because the queue was full (the log drops rather than delay an answer under overload).
 */
async function describePredictionLog(baseUrl: string, headers: Record<string, string>): Promise<string> {
  // What is still queued is written within the log's flush interval (250 ms).
  await delay(1_000);
  const metrics = (await httpRequest(`${baseUrl}/metrics`, { headers })).body;
  const value = (name: string): string => new RegExp(`^review_stars_prediction_log_${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? '?';
  return `prediction log: ${value('written_total')} rows written, ${value('dropped_total')} dropped (queue full), ${value('queue_depth')} still queued`;
}

/**
 * Starts one service (under the CPU profiler when `profiled`), checks one answer, loads its
 * single-prediction route (and, for review-stars, the batch route), reads its memory, and always
 * stops it. Resolves to its figures; failures are
 * appended to `failures` (a service that fails to start yields `{ failed: reason }`).
 */
async function benchService(spec: ServiceSpec, options: BenchOptions, failures: string[], log: Log, profiled: boolean): Promise<ServiceRun> {
  log(`\n== ${spec.label} ==`);
  let server: ServerHandle | undefined;
  try {
    const port = await findFreePort(HOST);
    server = await startServer({ ...spec.start(port, profiled), name: spec.key, host: HOST, port });
    const cpuNote = server.readyCpuMs === null ? '' : `, ${formatNumber(server.readyCpuMs)} ms of CPU`;
    log(`ready in ${formatNumber(server.readyMs)} ms${cpuNote}${spec.readyNote ? ` ${spec.readyNote}` : ''} (pid ${server.pid}, port ${port})`);

    const url = `${server.baseUrl}${predictionPath()}`;
    checkPredictionAnswer(await httpRequest(url, { headers: spec.headers }));
    log(`GET /prediction: ${options.connections} connections, ${options.warmupS} s warm-up + ${options.durationS} s ...`);
    const pid = server.pid;
    const serverCpuSeconds = (): number | null => readProcessCpuSeconds(pid);
    const prediction = await measureRoute({
      url, headers: spec.headers, connections: options.connections, durationS: options.durationS, warmupS: options.warmupS, serverCpuSeconds,
    });
    log(`  ${describeLoad(prediction)}`);
    failures.push(...loadProblems(spec.label, 'GET /prediction', prediction));

    let batch: BatchResult | undefined;
    if (spec.batch) {
      batch = await benchBatch(server, spec.headers, options, log, serverCpuSeconds);
      failures.push(...loadProblems(spec.label, 'the batch route', batch));
    }
    const memory = readProcessMemory(server.pid);
    if (memory) log(`memory after load: VmRSS ${formatNumber(memory.rssBytes / 2 ** 20)} MB, VmHWM (peak) ${formatNumber(memory.peakRssBytes / 2 ** 20)} MB`);
    if (spec.logsPredictions) log(await describePredictionLog(server.baseUrl, spec.headers));
    return { startupMs: server.readyMs, startupCpuMs: server.readyCpuMs, memory, prediction, ...(batch ? { batch } : {}) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    failures.push(`${spec.label}: ${reason}`);
    log(`FAILED: ${reason}`);
    return { failed: reason };
  } finally {
    await server?.stop();
  }
}

async function benchBatch(
  server: ServerHandle, authHeaders: Record<string, string>, options: BenchOptions, log: Log, serverCpuSeconds: () => number | null,
): Promise<BatchResult> {
  const reviews = generateReviews(options.batchSize, { targetLength: 300 });
  const body = JSON.stringify({ reviews });
  const url = `${server.baseUrl}/v1/models/${BENCH_MODEL}/predict`;
  const headers = { ...authHeaders, 'content-type': 'application/json' };
  checkBatchAnswer(await httpRequest(url, { method: 'POST', headers, body, timeoutMs: 30_000 }), reviews.length);
  const meanChars = reviews.reduce((sum, r) => sum + r.text.length, 0) / reviews.length;
  log(`POST /v1/models/${BENCH_MODEL}/predict: ${reviews.length} reviews per request (mean ${Math.round(meanChars)} characters, ` +
    `${formatNumber(body.length / 1024)} KiB), ${options.batchConnections} connections, ${options.warmupS} s warm-up + ${options.batchDurationS} s ...`);
  const load = await measureRoute({
    url, method: 'POST', headers, body,
    connections: options.batchConnections, durationS: options.batchDurationS, warmupS: options.warmupS, timeoutS: 30, serverCpuSeconds,
  });
  const reviewsPerSec = load.okPerSec * reviews.length;
  log(`  ${describeLoad(load, { perRequest: reviews.length, unit: 'reviews/s' })}`);
  return { ...load, reviewsPerRequest: reviews.length, reviewsPerSec };
}

/** Logs where review-stars spent its CPU time, from the profile it wrote on exit; returns the summary or null. */
function reportProfile(dir: string, log: Log): (ProfileSummary & { path: string }) | null {
  const path = newestCpuProfile(dir);
  if (!path) {
    log(`no CPU profile was written to ${dir} (the service must exit normally on SIGTERM to write one)`);
    return null;
  }
  const summary = summariseCpuProfileFile(path, { top: 15 });
  const pct = (share: number): string => `${(100 * share).toFixed(1)}%`;
  log(`CPU profile ${path} (${formatNumber(summary.totalMs)} ms sampled, start-up and warm-up included):`);
  log(formatTable(['self time by area', 'ms', 'share'], summary.areas.map((a) => [a.area, formatNumber(a.ms), pct(a.share)]), ['l', 'r', 'r']));
  log(formatTable(['top functions (self time)', 'ms', 'share'], summary.functions.map((f) => [f.name, formatNumber(f.ms), pct(f.share)]), ['l', 'r', 'r']));
  return { path, ...summary };
}

/** The key of the bare route spending `workUs` microseconds per request ('bare' for none). */
function bareKey(workUs: number): string {
  return workUs === 0 ? 'bare' : `bare+${workUs}us`;
}

/** The bare Fastify route, spending `workUs` microseconds of CPU per request in a busy loop. */
function bareSpec(root: string, workUs: number): ServiceSpec {
  return {
    key: bareKey(workUs),
    label: `bare Fastify route${workUs === 0 ? '' : ` + ${workUs} us of busy work per request`} (tools/bench/bare-fastify.ts)`,
    headers: {},
    start: (port) => ({
      command: process.execPath,
      args: [join(root, 'dist/tools/bench/bare-fastify.js'), '--host', HOST, '--port', String(port), '--work-us', String(workUs)],
      cwd: root,
      readyPath: '/readyz',
    }),
  };
}

/**
 * Runs the whole benchmark from the project root `root`, `options.rounds` times in turn, and
 * returns every figure folded over the rounds (see bench/rounds): `{ machine, settings, services:
 * { ours, bare, fastapi, and 'bare+<N>us' per --bare-work-us value }, ratios (with perRound),
 * calibration (per --bare-work-us value: its ratio to the bare route), targets, failures }`.
 */
export async function runServingBench(options: BenchOptions, { root, log }: { root: string; log: Log }): Promise<BenchResults> {
  const auth = { authorization: basicAuthorization(DEV_USER.username, DEV_USER.password) };
  const cpuProf = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(options.cpuProfDir)] : [];
  // The prediction log's SQLite file (the default store) lives in a directory made for this run.
  const storeDir = mkdtempSync(join(tmpdir(), 'review-stars-bench-store-'));
  let storeFiles = 0;
  /** review-stars with a fresh SQLite store per start, or with `--store none`. */
  const oursSpec = (key: string, label: string, store: 'sqlite' | 'none'): ServiceSpec => ({
    key,
    label,
    headers: auth,
    batch: true,
    logsPredictions: store === 'sqlite',
    start: (port, profiled) => ({
      command: process.execPath,
      args: [
        // the V8 flag npm start and the image use (see the Dockerfile's NODE_OPTIONS)
        '--max-semi-space-size=4', ...(profiled ? cpuProf : []), join(root, 'dist/src/cli/main.js'), 'serve',
        '--models', join(root, 'models/default'), '--host', HOST, '--port', String(port), '--dev-user',
        '--store', store === 'sqlite' ? `sqlite:${join(storeDir, `run-${++storeFiles}.db`)}` : 'none',
      ],
      cwd: root,
      readyPath: '/readyz',
      readyTimeoutMs: 30_000,
    }),
  });
  const specs: ServiceSpec[] = [
    oursSpec('ours', 'review-stars (node dist/src/cli/main.js serve, SQLite store: every prediction logged)', 'sqlite'),
    oursSpec('oursNoStore', 'review-stars with --store none (nothing logged)', 'none'),
    bareSpec(root, 0),
    {
      key: 'fastapi',
      label: 'FastAPI + scikit-learn reference (tools/reference/fastapi_service.py, uvicorn, 1 worker)',
      headers: auth,
      readyNote: '(includes reading the CSV and training lr_global)',
      start: (port) => ({
        command: PYTHON,
        args: [join(root, 'tools/reference/fastapi_service.py'), '--host', HOST, '--port', String(port)],
        cwd: root,
        readyPath: '/readyz',
        readyTimeoutMs: 300_000,
        pollMs: 50,
      }),
    },
    ...options.bareWorkUs.map((us) => bareSpec(root, us)),
  ];

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAverage1m: loadavg()[0] ?? 0, node: process.version, platform: process.platform },
    settings: {
      durationS: options.durationS, connections: options.connections, warmupS: options.warmupS,
      batchDurationS: options.batchDurationS, batchConnections: options.batchConnections, batchSize: options.batchSize,
      rounds: options.rounds, skipPython: options.skipPython, cpuProfDir: options.cpuProfDir, bareWorkUs: options.bareWorkUs, host: HOST, model: BENCH_MODEL, comment: BENCH_COMMENT,
    },
    services: {},
    ratios: { oursOverBare: null, oursOverFastapi: null, oursOverBareByCpu: null, oursOverFastapiByCpu: null },
    calibration: [],
    targets: [],
    failures: [],
  };
  log(`review-stars serving benchmark: ${results.machine.cpus} cores, load average ${results.machine.loadAverage1m.toFixed(2)}, node ${process.version}.`);
  log('Each service runs alone, one after another; autocannon runs in this process and shares the machine\'s cores');
  log('with the server under test, so every figure is lower than on a dedicated load generator, and noisy when');
  log(`other work is running. ${options.rounds} round(s): each figure below the rounds is the median round's, memory the`);
  log('worst round\'s, and each ratio the median of the ratios measured within one round.');
  if (options.cpuProfDir) log(`review-stars' first round runs under --cpu-prof: its profile is written to ${resolve(options.cpuProfDir)} when it exits.`);

  const skipReasons: Record<string, string | null> = { fastapi: options.skipPython ? '--skip-python was given' : pythonSkipReason() };
  const rounds: Round[] = [];
  let profile: (ProfileSummary & { path: string }) | null = null;
  try {
    for (let round = 1; round <= options.rounds; round++) {
      if (options.rounds > 1) log(`\n#### round ${round} of ${options.rounds}`);
      const measured: Round = {};
      for (const spec of specs) {
        const skipReason = skipReasons[spec.key];
        if (skipReason) {
          if (round === 1) log(`\n== ${spec.label} ==\nskipped: ${skipReason}`);
          measured[spec.key] = { skipped: skipReason };
          continue;
        }
        // Profiled in the first round only: the profiler's own cost would weigh on the medians.
        const profileDir = spec.key === 'ours' && round === 1 ? options.cpuProfDir : null;
        measured[spec.key] = await benchService(spec, options, results.failures, log, profileDir !== null);
        if (profileDir !== null) profile = reportProfile(resolve(profileDir), log);
      }
      rounds.push(measured);
    }
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
  }

  for (const spec of specs) {
    results.services[spec.key] = combineServiceRuns(rounds.map((measured) => measured[spec.key] ?? { skipped: 'not run' }));
  }
  const ours = results.services.ours;
  if (profile && ours) ours.profile = profile;
  const rate = (service: ServiceRun): number | undefined => service.prediction?.requestsPerSec;
  // The same comparison from server CPU per answer: what the ratio would be with a core to each server.
  const cpu = (service: ServiceRun): number | null | undefined => service.prediction?.serverCpuMsPerRequest;
  const vsBare = pairedRatios(rounds, 'ours', 'bare', rate);
  const vsFastapi = pairedRatios(rounds, 'ours', 'fastapi', rate);
  const storeOverNone = pairedRatios(rounds, 'ours', 'oursNoStore', rate);
  const batchRate = (service: ServiceRun): number | undefined => service.batch?.reviewsPerSec;
  results.ratios = {
    oursOverBare: vsBare.median,
    oursOverFastapi: vsFastapi.median,
    oursOverBareByCpu: pairedRatios(rounds, 'bare', 'ours', cpu).median,
    oursOverFastapiByCpu: pairedRatios(rounds, 'fastapi', 'ours', cpu).median,
    storeOverNone: storeOverNone.median,
    storeOverNoneBatch: pairedRatios(rounds, 'ours', 'oursNoStore', batchRate).median,
    perRound: { oursOverBare: vsBare.perRound, oursOverFastapi: vsFastapi.perRound, storeOverNone: storeOverNone.perRound },
  };
  // What a route of known cost reaches here: the bare route's own ratio once it does some work.
  results.calibration = options.bareWorkUs.map((workUs) => {
    const byRate = pairedRatios(rounds, bareKey(workUs), 'bare', rate);
    return {
      workUs,
      key: bareKey(workUs),
      overBare: byRate.median,
      overBareByCpu: pairedRatios(rounds, 'bare', bareKey(workUs), cpu).median,
      perRound: byRate.perRound,
    };
  });
  results.targets = targetRows(results);
  return results;
}
