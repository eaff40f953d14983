/**
 * @module bench/rounds
 * Folds the serving benchmark's rounds into one set of figures. On a shared 2-core machine one
 * round's requests/s can move by a third from one run to the next, so the services are measured in
 * turn several times and each figure reported is the median round's, the memory the worst round's,
 * and each ratio the median of the ratios taken within one round (each pair measured minutes apart
 * at most, under the same conditions). Pure data: it measures nothing.
 */

/** The median of `values` (the mean of the two middle ones for an even count); undefined when empty. */
export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The run whose `figure(run)` is the median one (the lower middle for an even count), or undefined. */
function medianRun(runs, figure) {
  const measured = runs.filter((run) => typeof figure(run) === 'number');
  if (measured.length === 0) return undefined;
  const sorted = [...measured].sort((a, b) => figure(a) - figure(b));
  return sorted[(sorted.length - 1) >> 1];
}

/**
 * One service's figures from its runs (each as returned by one round: `{ startupMs, startupCpuMs,
 * memory, prediction, batch? }`, `{ failed }` or `{ skipped }`). Load figures come from the median
 * run by throughput, so that a run's p50, p99 and error counts stay together; start-up times are
 * medians; memory is the largest seen. A service that failed in any round is reported as failed.
 */
export function combineServiceRuns(runs) {
  const failed = runs.find((run) => run.failed);
  if (failed) return { failed: failed.failed, rounds: runs.length };
  const skipped = runs.find((run) => run.skipped);
  if (skipped) return { skipped: skipped.skipped };
  const maxOf = (pick) => {
    const values = runs.map(pick).filter((v) => typeof v === 'number');
    return values.length === 0 ? undefined : Math.max(...values);
  };
  const memory = runs.some((run) => run.memory) ? { rssBytes: maxOf((run) => run.memory?.rssBytes), peakRssBytes: maxOf((run) => run.memory?.peakRssBytes) } : null;
  const combined = {
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
export function pairedRatios(rounds, a, b, figure) {
  const perRound = rounds.map((round) => {
    const x = round[a] && figure(round[a]);
    const y = round[b] && figure(round[b]);
    return typeof x === 'number' && typeof y === 'number' && x > 0 && y > 0 ? x / y : null;
  });
  return { median: median(perRound.filter((r) => r !== null)) ?? null, perRound };
}
