/**
 * @module train/fit-worker
 * Worker-thread entry of the training pipeline's fit pool: fits one model spec (or one part of its
 * fit) per message on the matrix it is sent and posts back the fitted model's artifact or the
 * part's weights (their arrays transferred, not copied). Started only by train/fit-pool; it reads no file and keeps no state between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { fitProduct } from './fit.js';
import type { FitJob, FitProgressMessage, FitReply } from './fit-pool.js';

const port = parentPort;
if (port === null) throw new Error('train/fit-worker runs only as a worker thread');

port.on('message', (job: FitJob) => {
  void (async () => {
    let reply: FitReply;
    try {
      const started = performance.now();
      // Forests fit in-process here: the pool already keeps every core busy.
      // Progress goes back as it comes, at most once per 2% of the fit.
      let told = 0;
      const progress = (share: number): void => {
        if (share - told < 0.02) return;
        told = share;
        port.postMessage({ id: job.id, progress: share } satisfies FitProgressMessage);
      };
      const product = await fitProduct(job.spec, job.X, job.y, job.seed, job.part, 0, progress);
      const fitSeconds = (performance.now() - started) / 1000;
      reply = product.kind === 'model' ? { id: job.id, artifact: product.classifier.toArtifact(), fitSeconds } : { id: job.id, part: product.fit, fitSeconds };
    } catch (err) {
      reply = { id: job.id, error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code };
    }
    const transfer = 'artifact' in reply ? Object.values(reply.artifact.arrays).map((a) => a.buffer as ArrayBuffer) : 'part' in reply ? [reply.part.weights.buffer as ArrayBuffer] : [];
    port.postMessage(reply, transfer);
  })();
});
