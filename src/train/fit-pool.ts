/**
 * @module train/fit-pool
 * Fits model specs on worker threads and on the calling thread at once, so that a training run
 * uses every core: the pool is started before the data is read (the workers load their code
 * meanwhile), jobs are queued as soon as their features exist, an idle worker takes the costliest
 * queued job, and the calling thread fits what is left once it has nothing else to do. A worker's
 * model comes back as an artifact, decoded into a classifier here. A job is a whole model or one
 * part of a split fit (an ordinal model's threshold), so that one large model keeps every core
 * busy too. Matrices in SharedArrayBuffers reach the workers without a copy. Results do not depend
 * on the number of workers; with none, everything fits on the calling thread.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Labels, ModelArtifact } from '../models/classifier.js';
import type { Csr } from '../text/csr.js';
import { classifierFromArtifact } from '../models/index.js';
import { ReviewStarsError, type ErrorCode, ERROR_STATUS } from '../core/errors.js';
import type { ModelSpec } from './model-specs.js';
import { fitProduct, type FitProduct, type FitProgress } from './fit.js';
import type { BinaryLogisticFit } from '../models/binary-logistic.js';

/** One fit to run. */
export interface FitJob {
  id: number;
  spec: ModelSpec;
  X: Csr;
  y: Labels;
  seed: number;
  /** Which part of a split spec's fit (train/fit's fitPartCount); undefined = the whole model. */
  part?: number;
}

/** A worker's answer to a job: a whole model as an artifact, one part of a fit, or an error. */
export type FitReply =
  | { id: number; artifact: ModelArtifact; fitSeconds: number }
  | { id: number; part: BinaryLogisticFit; fitSeconds: number }
  | { id: number; error: string; code?: string };

/** What a worker posts while it fits: the share of the job done. */
export interface FitProgressMessage {
  id: number;
  progress: number;
}

/** A finished fit. */
export interface FitOutcome {
  product: FitProduct;
  fitSeconds: number;
}

/** Most workers a pool starts by default: beyond that, runs gain little and memory grows. */
const MAX_DEFAULT_WORKERS = 3;

/** Default pool size: one worker per core beside the calling thread (which fits too), at most 3; 0 on one core. */
export function defaultFitWorkers(): number {
  return Math.min(MAX_DEFAULT_WORKERS, availableParallelism() - 1);
}

interface QueuedJob {
  job: FitJob;
  cost: number;
  resolve: (outcome: FitOutcome) => void;
  reject: (err: unknown) => void;
  progress?: FitProgress;
}

/**
 * Fits queued jobs on `size` worker threads and on the calling thread ({@link FitPool.fitQueued}).
 * Always {@link FitPool.close} it: live workers keep the process running.
 */
export class FitPool {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private readonly queue: QueuedJob[] = [];

  private constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./fit-worker.js', import.meta.url));
      // A worker that fails outside a job (e.g. while starting) is dropped; the others and the
      // calling thread fit its share.
      const drop = (): void => {
        this.live.delete(worker);
        const at = this.idle.indexOf(worker);
        if (at !== -1) this.idle.splice(at, 1);
      };
      worker.on('error', drop);
      worker.on('exit', drop);
      this.live.add(worker);
      this.idle.push(worker);
    }
  }

  /** Starts `size` workers now (0: the calling thread fits everything). */
  static start(size: number = defaultFitWorkers()): FitPool {
    if (!Number.isInteger(size) || size < 0) throw new ReviewStarsError('INVALID_ARGUMENT', `the fit pool size must be a non-negative integer, got ${size}`);
    return new FitPool(size);
  }

  /** Number of workers still running. */
  get workers(): number {
    return this.live.size;
  }

  /**
   * Queues a job; `cost` orders the queue (costliest first, then by job id). Resolves with the
   * fitted model once a worker or {@link FitPool.fitQueued} has fitted it.
   */
  submit(job: FitJob, cost: number, progress?: FitProgress): Promise<FitOutcome> {
    return new Promise((resolve, reject) => {
      const at = this.queue.findIndex((q) => q.cost < cost || (q.cost === cost && q.job.id > job.id));
      this.queue.splice(at === -1 ? this.queue.length : at, 0, { job, cost, resolve, reject, ...(progress ? { progress } : {}) });
      this.dispatch();
    });
  }

  /**
   * Fits queued jobs on the calling thread until the queue is empty, letting the event loop run
   * between two fits so that a worker that finished gets the next job meanwhile.
   */
  async fitQueued(): Promise<void> {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      try {
        const started = performance.now();
        // Forests fit their trees on this thread too: the pool already keeps every core busy.
        const product = await fitProduct(next.job.spec, next.job.X, next.job.y, next.job.seed, next.job.part, 0, next.progress);
        next.resolve({ product, fitSeconds: (performance.now() - started) / 1000 });
      } catch (err) {
        next.reject(err);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Stops the workers (a job still running on one is abandoned). */
  async close(): Promise<void> {
    const workers = [...this.live];
    this.live.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** Hands queued jobs to idle workers. */
  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const next = this.queue.shift() as QueuedJob;
      runOn(worker, next.job, next.progress).then(
        (reply) => {
          if ('error' in reply) {
            // The same error the calling thread would have thrown; anything else is a bug, named by model.
            const known = reply.code !== undefined && Object.hasOwn(ERROR_STATUS, reply.code);
            next.reject(known ? new ReviewStarsError(reply.code as ErrorCode, reply.error) : new ReviewStarsError('INTERNAL', `model ${next.job.spec.name}: ${reply.error}`));
          } else if ('part' in reply) {
            next.resolve({ product: { kind: 'part', fit: reply.part }, fitSeconds: reply.fitSeconds });
          } else {
            next.resolve({ product: { kind: 'model', classifier: classifierFromArtifact(reply.artifact) }, fitSeconds: reply.fitSeconds });
          }
          if (this.live.has(worker)) {
            this.idle.push(worker);
            this.dispatch();
          }
        },
        (err: unknown) => {
          // The worker died: it is not used again, and the job fails (as it would in-process).
          this.live.delete(worker);
          next.reject(err);
        },
      );
    }
  }
}

function runOn(worker: Worker, job: FitJob, progress?: FitProgress): Promise<FitReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FitReply | FitProgressMessage): void => {
      if ('progress' in message) {
        progress?.(message.progress);
        return;
      }
      cleanup();
      resolve(message);
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
