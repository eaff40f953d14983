/**
 * @module cli/train-progress
 * How `review-stars train` shows its progress: on a terminal, a bar that moves as models are
 * fitted and within each iterative fit (L-BFGS iterations), with an estimate of the time left; elsewhere (a pipe, a log file, CI), one
 * line per stage, per fitted part and per fitted model, so that long work is never silent. It only
 * formats and writes; the training pipeline decides what happened.
 */
import cliProgress from 'cli-progress';
import type { TrainProgress } from '../train/pipeline.js';

/** Shares of the work below which no estimate is given: too early to say. */
const MIN_WORK_FOR_ESTIMATE = 0.02;
/** Bar positions (the work share is shown in thousandths). */
const BAR_STEPS = 1000;

/**
 * Seconds left if the rest of the work goes at the pace so far: `elapsed` seconds for a share
 * `work` (0..1) of it. Null when too little is done to say.
 */
export function estimateSecondsLeft(elapsed: number, work: number): number | null {
  if (!(work >= MIN_WORK_FOR_ESTIMATE) || !(elapsed >= 0)) return null;
  return (elapsed * (1 - Math.min(work, 1))) / Math.min(work, 1);
}

/** "45 s", "3 min 05 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** One progress line for a log: elapsed time, what happened, and for fits the models done and the time left. */
export function formatProgressLine(event: TrainProgress, elapsed: number): string {
  const head = `[${elapsed.toFixed(1).padStart(6)} s] ${event.step}`;
  if (event.kind === 'stage') return head;
  const left = estimateSecondsLeft(elapsed, event.work);
  const estimate = left === null ? '' : `, about ${formatDuration(left)} left`;
  return `${head} (${event.done}/${event.total} models, ${Math.floor(event.work * 100)}% of the fitting${estimate})`;
}

/** Receives the pipeline's progress events and shows them; `stop()` once training ends. */
export interface ProgressView {
  update(event: TrainProgress): void;
  stop(): void;
}

/** A bar on a terminal, lines elsewhere; `stream` is where both go (stderr: stdout carries the results). */
export function progressView(stream: NodeJS.WriteStream, total: number): ProgressView {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  if (stream.isTTY !== true) {
    return {
      // A log gets the events, not the ticks within a fit.
      update: (event) => {
        if (event.kind !== 'tick') stream.write(`${formatProgressLine(event, elapsed())}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: 'training [{bar}] {percentage}% | {done}/{models} models | {left} | {step}', stream, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(BAR_STEPS, 0, { done: 0, models: total, left: 'estimating', step: 'starting' });
  // The queued work grows while features are built: the bar never moves back.
  let shown = 0;
  return {
    update: (event) => {
      shown = Math.max(shown, Math.round(event.work * BAR_STEPS));
      const left = estimateSecondsLeft(elapsed(), event.work);
      bar.update(shown, { done: event.done, models: event.total, left: left === null ? 'estimating' : `about ${formatDuration(left)} left`, step: event.step });
    },
    stop: () => bar.stop(),
  };
}
