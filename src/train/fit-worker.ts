/**
 * @module train/fit-worker
 * Worker-thread entry of the training pipeline's fit pool: fits one model spec per message on the
 * matrix it is sent and posts back the fitted model's artifact (its arrays transferred, not
 * copied). Started only by train/fit-pool; it reads no file and keeps no state between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { fitSpec } from './fit.js';
import type { FitJob, FitReply } from './fit-pool.js';

const port = parentPort;
if (port === null) throw new Error('train/fit-worker runs only as a worker thread');

port.on('message', (job: FitJob) => {
  void (async () => {
    let reply: FitReply;
    try {
      const started = performance.now();
      // Forests fit in-process here: the pool already keeps every core busy.
      const model = await fitSpec(job.spec, job.X, job.y, job.seed, 0);
      reply = { id: job.id, artifact: model.toArtifact(), fitSeconds: (performance.now() - started) / 1000 };
    } catch (err) {
      reply = { id: job.id, error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code };
    }
    const transfer = 'artifact' in reply ? Object.values(reply.artifact.arrays).map((a) => a.buffer as ArrayBuffer) : [];
    port.postMessage(reply, transfer);
  })();
});
