/**
 * @module tools/monitoring/drift-streams
 * Prints, for each stream of test-support/drift-streams, the drift statistics monitoring gives
 * against a model's training reference: rates the texts with the model set exactly as serving
 * does and compares them in one window with monitoring/drift. Needs a set trained with
 * references (review-stars train) and the reviews CSV it was trained on. Changes nothing.
 *
 *   node dist/tools/monitoring/drift-streams.js --models DIR --data FILE [--model lr_global] [--seed 42] [--test-fraction 0.2]
 */
import { parseArgs } from 'node:util';
import { loadReviews } from '../../src/data/reviews-csv.js';
import { windowDrift } from '../../src/monitoring/drift.js';
import type { MonitoredPrediction } from '../../src/monitoring/source.js';
import { loadModelSet } from '../../src/registry/load.js';
import { splitReviews } from '../../src/train/pipeline.js';
import { table } from '../../src/train/report.js';
import { driftStreams } from '../../test-support/drift-streams.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    data: { type: 'string' },
    model: { type: 'string', default: 'lr_global' },
    seed: { type: 'string', default: '42' },
    'test-fraction': { type: 'string', default: '0.2' },
  },
});
if (values.models === undefined || values.data === undefined) {
  process.stderr.write('usage: drift-streams --models DIR --data FILE [--model NAME] [--seed 42] [--test-fraction 0.2]\n');
  process.exit(2);
}

const set = await loadModelSet(values.models);
const model = set.get(values.model);
if (model === undefined || model.entry.reference === undefined) {
  process.stderr.write(`model ${values.model} is not in ${values.models} or has no reference: train the set with this version of review-stars\n`);
  process.exit(2);
}
const loaded = await loadReviews(values.data);
const split = splitReviews(loaded, Number(values.seed), Number(values['test-fraction']));
const inScope = (i: number): boolean => model.entry.branch === null || loaded.reviews[i]!.branch === model.entry.branch;
const testReviews = Array.from(split.test).filter(inScope).map((i) => loaded.reviews[i]!);

const rows: string[][] = [];
for (const stream of driftStreams(testReviews, loaded.reviews)) {
  const predictions: MonitoredPrediction[] = stream.texts.map((text, i) => {
    const p = model.predict(text);
    return { model: model.entry.name, modelSetVersion: set.manifest.version, createdAt: i, rating: p.rating, probabilities: p.probabilities, textLength: text.length, oovShare: p.oovShare, trueRating: null };
  });
  const d = windowDrift(predictions, model.entry.reference);
  const f = (x: number | undefined, digits = 3): string => (x === undefined ? '-' : x.toFixed(digits));
  rows.push([
    stream.name,
    String(predictions.length),
    f(d.predictedRating?.jensenShannon),
    f(d.predictedRating?.psi),
    f(d.entropy?.ks),
    d.entropy ? d.entropy.pValue.toPrecision(2) : '-',
    f(d.textLength?.wasserstein),
    d.oovShare ? `${f(d.oovShare.reference)} -> ${f(d.oovShare.live)}` : '-',
    d.predictedRating?.status ?? '-',
    d.entropy?.status ?? '-',
    d.textLength?.status ?? '-',
    d.status,
  ]);
}
process.stdout.write(`model ${model.entry.name} of set ${set.manifest.version}, reference on ${model.entry.reference.rows} test rows\n`);
process.stdout.write(
  `${table(['stream', 'n', 'JS', 'PSI', 'KS D', 'KS p', 'length W', 'OOV share', 'ratings', 'entropy', 'length', 'verdict'], rows, 1)}\n`,
);
