/**
 * @module tools/bench/rounds
 * Folds the serving benchmark's rounds into one set of figures. On a shared 2-core machine one
 * round's requests/s can move by a third from one run to the next, so the services are measured in
 * turn several times and each figure reported is the median round's, the memory the worst round's,
 * and each ratio the median of the ratios taken within one round (each pair measured minutes apart
 * at most, under the same conditions). Pure data: it measures nothing.
 */
import type { Round, ServiceFigures, ServiceRun } from './results.js';

/** The median of `values` (the mean of the two middle ones for an even count); undefined when empty. */
export function median(values: readonly (number | null | undefined)[]): number | undefined {
  const sorted = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid];
  if (upper === undefined) return undefined;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** The run whose `figure(run)` is the median one (the lower middle for an even count), or undefined. */
function medianRun(runs: readonly ServiceRun[], figure: (run: ServiceRun) => number | undefined): ServiceRun | undefined {
  const measured = runs.flatMap((run) => {
    const value = figure(run);
    return typeof value === 'number' ? [{ run, value }] : [];
  });
  measured.sort((a, b) => a.value - b.value);
  return measured[(measured.length - 1) >> 1]?.run;
}

/**
 * One service's figures from its runs (each as returned by one round: `{ startupMs, startupCpuMs,
 * memory, prediction, batch? }`, `{ failed }` or `{ skipped }`). Load figures come from the median
 * run by throughput, so that a run's p50, p99 and error counts stay together; start-up times are
 * medians; memory is the largest seen. A service that failed in any round is reported as failed.
 */
export function combineServiceRuns(runs: readonly ServiceRun[]): ServiceFigures {
  const failed = runs.find((run) => run.failed);
  if (failed) return { failed: failed.failed, rounds: runs.length };
  const skipped = runs.find((run) => run.skipped);
  if (skipped) return { skipped: skipped.skipped };
  const maxOf = (pick: (run: ServiceRun) => number | undefined): number | undefined => {
    const values = runs.map(pick).filter((v): v is number => typeof v === 'number');
    return values.length === 0 ? undefined : Math.max(...values);
  };
  const memory = runs.some((run) => run.memory) ? { rssBytes: maxOf((run) => run.memory?.rssBytes), peakRssBytes: maxOf((run) => run.memory?.peakRssBytes) } : null;
  const combined: ServiceFigures = {
    startupMs: median(runs.map((run) => run.startupMs)),
    startupCpuMs: median(runs.map((run) => run.startupCpuMs)) ?? null,
    memory,
    prediction: medianRun(runs, (run) => run.prediction?.requestsPerSec)?.prediction,
    rounds: runs.length,
  };
  const batch = medianRun(runs, (run) => run.batch?.reviewsPerSec)?.batch;
  if (batch) combined.batch = batch;
  return combined;
}

/**
 * The ratio `figure(a) / figure(b)` in each round where both were measured, and their median:
 * `{ median, perRound }` (median null when no round measured both).
 */
export function pairedRatios(
  rounds: readonly Round[],
  a: string,
  b: string,
  figure: (run: ServiceRun) => number | null | undefined,
): { median: number | null; perRound: (number | null)[] } {
  const perRound = rounds.map((round) => {
    const runA = round[a];
    const runB = round[b];
    const x = runA && figure(runA);
    const y = runB && figure(runB);
    return typeof x === 'number' && typeof y === 'number' && x > 0 && y > 0 ? x / y : null;
  });
  return { median: median(perRound) ?? null, perRound };
}
