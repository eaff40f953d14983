/**
 * @module registry/manifest
 * The schema of a model set's manifest.json, and its validation. The TypeBox schema is the single
 * description of the format: loading checks a manifest against it before trusting any field.
 */
import { Type, type Static } from 'typebox';
import Value from 'typebox/value';
import { ReviewStarsError } from '../core/errors.js';
import type { Manifest } from './model-set.js';
import { REFERENCE_SAMPLE_SIZE } from '../train/reference.js';
import { checkEdges } from '../stats/histogram.js';

const Rate = Type.Number({ minimum: 0, maximum: 1 });
const Count = Type.Integer({ minimum: 0 });
const Name = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' });
// Relative, inside the set: no absolute paths and no '.'/'..' segments (each segment starts with a letter, digit or _).
const RelativeFile = Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$', maxLength: 300 });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

const ClassMetricsSchema = Type.Object({
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  precision: Rate,
  recall: Rate,
  f1: Rate,
  support: Count,
});

const MetricsProps = {
  n: Count,
  accuracy: Rate,
  macroF1: Rate,
  mae: Type.Number({ minimum: 0, maximum: 4 }),
  withinOne: Rate,
  perClass: Type.Array(ClassMetricsSchema, { minItems: 5, maxItems: 5 }),
  confusion: Type.Array(Type.Array(Count, { minItems: 5, maxItems: 5 }), { minItems: 5, maxItems: 5 }),
};

/** Metrics of one model on its test split (and per branch). */
export const MetricsSchema = Type.Object(MetricsProps);
export const ModelMetricsSchema = Type.Object({ ...MetricsProps, perBranch: Type.Record(Type.String(), MetricsSchema) });

const HistogramSchema = Type.Object({
  edges: Type.Array(Type.Number(), { minItems: 2, maxItems: 1000 }),
  counts: Type.Array(Count, { minItems: 1, maxItems: 999 }),
});
const ReferenceDistributionSchema = Type.Object({
  histogram: HistogramSchema,
  sample: Type.Array(Type.Number(), { minItems: 1, maxItems: REFERENCE_SAMPLE_SIZE }),
  mean: Type.Number(),
});

/** A model's monitoring reference on its test split (train/reference.ts). */
export const ModelReferenceSchema = Type.Object({
  rows: Type.Integer({ minimum: 1 }),
  predictedDistribution: Type.Array(Rate, { minItems: 5, maxItems: 5 }),
  entropy: ReferenceDistributionSchema,
  textLength: ReferenceDistributionSchema,
  oovShare: Type.Object({ mean: Rate, histogram: HistogramSchema }),
});

const Param = Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()]);

export const ManifestModelSchema = Type.Object({
  name: Name,
  algorithm: Type.Union([
    Type.Literal('decision_tree'),
    Type.Literal('random_forest'),
    Type.Literal('logistic_regression'),
    Type.Literal('naive_bayes'),
    Type.Literal('ordinal_logistic'),
  ]),
  branch: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  params: Type.Record(Type.String(), Param),
  vectorizer: Name,
  vocabularySize: Type.Integer({ minimum: 1 }),
  decoding: Type.Union([Type.Literal('argmax'), Type.Literal('median')]),
  classOffsets: Type.Optional(Type.Array(Type.Number({ minimum: -10, maximum: 10 }), { minItems: 5, maxItems: 5 })),
  file: RelativeFile,
  sha256: Sha256,
  metrics: ModelMetricsSchema,
  reference: Type.Optional(ModelReferenceSchema),
});

export const ManifestSchema = Type.Object({
  format: Type.Literal('review-stars/model-set'),
  formatVersion: Type.Literal(1),
  version: Type.String({ minLength: 1, maxLength: 100 }),
  createdAt: Type.String({ minLength: 1 }),
  data: Type.Object({ file: Type.String(), sha256: Sha256, rowsRead: Count, rowsSkipped: Count, rowsUsed: Count }),
  split: Type.Object({ seed: Type.Integer(), testFraction: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }), stratifiedBy: Type.String(), trainRows: Count, testRows: Count }),
  best: Name,
  vectorizers: Type.Array(Type.Object({ id: Name, file: RelativeFile, sha256: Sha256 }), { minItems: 1 }),
  models: Type.Array(ManifestModelSchema, { minItems: 1 }),
});

// The hand-written interface in model-set.ts and this schema must describe the same thing.
type _SameShape = Static<typeof ManifestSchema> extends Manifest ? (Manifest extends Static<typeof ManifestSchema> ? true : never) : never;
const _check: _SameShape = true;
void _check;

/**
 * Validates a parsed manifest.json and returns it typed; throws MODEL_SET_INVALID naming the first
 * problems (JSON pointer + message) and the file.
 */
export function parseManifest(file: string, raw: unknown): Manifest {
  if (!Value.Check(ManifestSchema, raw)) {
    const problems = [...Value.Errors(ManifestSchema, raw)].slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new ReviewStarsError('MODEL_SET_INVALID', `manifest ${file} is invalid: ${problems.join('; ')}`, { file });
  }
  const m = raw as Manifest;
  const names = new Set<string>();
  for (const model of m.models) {
    if (names.has(model.name)) throw new ReviewStarsError('MODEL_SET_INVALID', `manifest ${file} lists model ${model.name} twice`, { file });
    if (model.name === 'best') throw new ReviewStarsError('MODEL_SET_INVALID', `manifest ${file}: "best" is reserved for the alias`, { file });
    names.add(model.name);
    if (model.reference !== undefined) checkReference(file, model.name, model.reference);
    if (!m.vectorizers.some((v) => v.id === model.vectorizer)) {
      throw new ReviewStarsError('MODEL_SET_INVALID', `manifest ${file}: model ${model.name} uses unknown vectorizer ${model.vectorizer}`, { file });
    }
  }
  if (!names.has(m.best)) throw new ReviewStarsError('MODEL_SET_INVALID', `manifest ${file}: best model ${m.best} is not in the set`, { file });
  return m;
}

/** What the schema cannot say about a reference: bins that increase and match their counts, a sorted sample. */
function checkReference(file: string, name: string, reference: NonNullable<Manifest['models'][number]['reference']>): void {
  const fail = (what: string): never => {
    throw new ReviewStarsError('MODEL_SET_INVALID', `manifest ${file}: the reference of model ${name} is invalid: ${what}`, { file });
  };
  const histograms = { 'entropy': reference.entropy.histogram, 'textLength': reference.textLength.histogram, 'oovShare': reference.oovShare.histogram };
  for (const [key, h] of Object.entries(histograms)) {
    try {
      checkEdges(h.edges);
    } catch (err) {
      fail(`${key}: ${(err as Error).message}`);
    }
    if (h.counts.length !== h.edges.length - 1) fail(`${key}: ${h.counts.length} counts for ${h.edges.length - 1} bins`);
  }
  for (const key of ['entropy', 'textLength'] as const) {
    const sample = reference[key].sample;
    for (let i = 1; i < sample.length; i++) if ((sample[i] as number) < (sample[i - 1] as number)) fail(`${key}: the sample is not sorted`);
  }
}
