/**
 * @module train/class-offsets
 * Tunes per-rating offsets added to a model's log-probabilities before the argmax, on predictions
 * for rows the model did not train on. Class weights and priors make a model predict the rare
 * ratings (1-2 stars) too rarely or too often; offsets move each decision boundary so that
 * accuracy + macro-F1 is highest. Pure function: the caller decides which held-out rows to use.
 */
import { N_CLASSES } from '../models/classifier.js';
import { argmaxWithOffsets } from '../models/decode.js';
import { computeMetrics } from './metrics.js';

/** The grid each offset is searched on, and how many coordinate sweeps are made. */
const GRID_MIN = -1.5;
const GRID_MAX = 1.5;
const GRID_STEP = 0.1;
const SWEEPS = 3;

/** The objective offsets maximise: accuracy + macro-F1. */
function objective(proba: Float64Array, yTrue: ArrayLike<number>, offsets: Float64Array, pred: Uint8Array): number {
  for (let r = 0; r < pred.length; r++) pred[r] = argmaxWithOffsets(proba, offsets, r * N_CLASSES);
  const m = computeMetrics(yTrue, pred);
  return m.accuracy + m.macroF1;
}

/**
 * Offsets (5 numbers, the 5-star one fixed at 0 as reference) that maximise accuracy + macro-F1 of
 * argmax(log p + offsets) on held-out probabilities `proba` (rows x 5) with true classes `yTrue`,
 * by coordinate ascent on a fixed grid (ties keep the smaller |offset|). Deterministic.
 */
export function tuneClassOffsets(proba: Float64Array, yTrue: ArrayLike<number>): number[] {
  const offsets = new Float64Array(N_CLASSES);
  const pred = new Uint8Array(yTrue.length);
  const grid: number[] = [];
  for (let g = GRID_MIN; g <= GRID_MAX + 1e-9; g += GRID_STEP) grid.push(Math.round(g * 10) / 10);
  grid.sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  let current = objective(proba, yTrue, offsets, pred);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    let improved = false;
    for (let c = 0; c < N_CLASSES - 1; c++) {
      const keep = offsets[c] as number;
      let bestValue = keep;
      for (const g of grid) {
        offsets[c] = g;
        const score = objective(proba, yTrue, offsets, pred);
        if (score > current + 1e-12) {
          current = score;
          bestValue = g;
          improved = true;
        }
      }
      offsets[c] = bestValue;
    }
    if (!improved) break;
  }
  return Array.from(offsets);
}
