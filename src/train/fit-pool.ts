/**
 * @module train/fit-pool
 * Fits several model specs at once on a pool of worker threads (one per core by default), so a
 * training run uses every core: each job gets its matrix, fits in the worker, and comes back as an
 * artifact that is decoded into a classifier here. Results do not depend on the number of workers.
 * With `workers: 0` everything fits in-process, one spec after the other.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Classifier, Labels, ModelArtifact } from '../models/classifier.js';
import type { Csr } from '../text/csr.js';
import { classifierFromArtifact } from '../models/index.js';
import { ReviewStarsError, type ErrorCode, ERROR_STATUS } from '../errors.js';
import type { ModelSpec } from './model-specs.js';
import { fitSpec } from './fit.js';

/** One fit to run. */
export interface FitJob {
  id: number;
  spec: ModelSpec;
  X: Csr;
  y: Labels;
  seed: number;
}

/** A worker's answer to a job. */
export type FitReply = { id: number; artifact: ModelArtifact; fitSeconds: number } | { id: number; error: string; code?: string };

/** A finished fit. */
export interface FitOutcome {
  classifier: Classifier;
  fitSeconds: number;
}

/**
 * Estimated fit cost (see train/pipeline's fitCost) below which a run fits in-process: starting a
 * worker and compiling the code in it costs a few hundred milliseconds, more than the small fits
 * of the original six models save by running in parallel.
 */
export const POOL_WORTH_IT_COST = 1e8;

/** Default pool size for a run of this total estimated cost: 0 (in-process) when small, else one per core, at most 4. */
export function defaultFitWorkers(totalCost = Infinity): number {
  return totalCost < POOL_WORTH_IT_COST ? 0 : Math.min(4, availableParallelism());
}

/**
 * Runs every job and returns the outcomes in job order. Jobs are handed out in the order given
 * (put the slowest first). `onDone` is called as each job finishes.
 */
export async function fitAll(jobs: readonly FitJob[], workers: number, onDone?: (job: FitJob) => void): Promise<FitOutcome[]> {
  const outcomes: FitOutcome[] = new Array(jobs.length);
  if (workers <= 0 || jobs.length <= 1) {
    for (const [i, job] of jobs.entries()) {
      const started = performance.now();
      outcomes[i] = { classifier: await fitSpec(job.spec, job.X, job.y, job.seed, workers <= 0 ? 0 : undefined), fitSeconds: (performance.now() - started) / 1000 };
      onDone?.(job);
    }
    return outcomes;
  }
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(new URL('./fit-worker.js', import.meta.url)));
  const byId = new Map(jobs.map((job, i) => [job.id, i]));
  let next = 0;
  try {
    await Promise.all(
      pool.map(async (worker) => {
        while (next < jobs.length) {
          const job = jobs[next++] as FitJob;
          const reply = await runOn(worker, job);
          if ('error' in reply) {
            const code = reply.code !== undefined && Object.hasOwn(ERROR_STATUS, reply.code) ? (reply.code as ErrorCode) : 'INTERNAL';
            throw new ReviewStarsError(code, `model ${job.spec.name}: ${reply.error}`);
          }
          outcomes[byId.get(job.id) as number] = { classifier: classifierFromArtifact(reply.artifact), fitSeconds: reply.fitSeconds };
          onDone?.(job);
        }
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return outcomes;
}

function runOn(worker: Worker, job: FitJob): Promise<FitReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FitReply): void => {
      cleanup();
      resolve(reply);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`fit worker exited with code ${code} while fitting ${job.spec.name}`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}
