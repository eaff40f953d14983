/**
 * @module evaluation/evaluate
 * Scores every model of a loaded set on a list of reviews (a branch model only on its branch's
 * reviews), using the same prediction path as serving.
 */
import type { ModelSet } from '../registry/model-set.js';
import type { Review } from '../data/reviews-csv.js';
import { computeModelMetrics, type ModelMetrics } from '../train/metrics.js';

export interface EvaluationResult {
  name: string;
  branch: string | null;
  metrics: ModelMetrics;
}

/** Metrics of each model of `set` on `reviews`; models with no review of their branch are left out. */
export function evaluateModelSet(set: ModelSet, reviews: readonly Review[]): EvaluationResult[] {
  const results: EvaluationResult[] = [];
  for (const name of set.names) {
    const model = set.get(name);
    if (!model) continue;
    const branch = model.entry.branch;
    const rows = branch === null ? reviews : reviews.filter((r) => r.branch === branch);
    if (rows.length === 0) continue;
    const yTrue = Uint8Array.from(rows, (r) => r.rating - 1);
    const yPred = Uint8Array.from(rows, (r) => model.predict(r.text).rating - 1);
    results.push({ name, branch, metrics: computeModelMetrics(yTrue, yPred, rows.map((r) => r.branch)) });
  }
  return results;
}
