/**
 * @module train/pipeline
 * A training run: seeded stratified split of the loaded reviews, one vectorizer per feature spec
 * and scope (all branches or one), every model spec fitted on its training rows and scored on its
 * test rows. Returns fitted models and metrics; writing them is registry/write.ts's job.
 */
import type { Classifier, Labels } from '../models/classifier.js';
import { predictProba } from '../models/classifier.js';
import { TextSubsets, type TextFeatures } from '../text/features.js';
import { tuneClassOffsets } from './class-offsets.js';
import { shareCsr, type Csr } from '../text/csr.js';
import type { LoadedReviews, Review } from '../data/reviews-csv.js';
import { stratifiedSplit, type Split } from '../data/split.js';
import { computeModelMetrics, type ModelMetrics } from './metrics.js';
import { decodeClass } from '../models/decode.js';
import { ReviewStarsError } from '../core/errors.js';
import type { FeatureSpec, ModelSpec } from './model-specs.js';
import { defaultFitWorkers, FitPool, type FitJob, type FitOutcome } from './fit-pool.js';
import { classifierFromParts, fitPartCount } from './fit.js';
import type { BinaryLogisticFit } from '../models/binary-logistic.js';
import { buildModelReference, type ModelReference } from './reference.js';

export interface TrainOptions {
  seed: number;
  testFraction: number;
  specs: ModelSpec[];
  /** Worker threads that fit models beside this thread, when no `pool` is given (default: one per other core, at most 3; 0 = this thread only). */
  workers?: number;
  /** A fit pool started earlier (e.g. before the data was read, so that its workers are ready); not closed here. */
  pool?: FitPool;
  onProgress?: (event: TrainProgress) => void;
}

/** What a training run reports as it goes. */
export interface TrainProgress {
  /**
   * `stage`: a stage starts or ends (features of a scope, fitting); `part`: part of a model's fit
   * is done; `model`: a model is fitted; `tick`: a fit moved on (`step` repeats the last event's).
   */
  kind: 'stage' | 'part' | 'model' | 'tick';
  /** Models fitted, of `total`. */
  done: number;
  total: number;
  /** Share (0..1) of the estimated fitting work queued so far that is done; parts of a model count as they finish. */
  work: number;
  /** What happened, for humans. */
  step: string;
}

/** A fitted model with its features and test metrics. */
export interface TrainedModel {
  spec: ModelSpec;
  vectorizerId: string;
  classifier: Classifier;
  metrics: ModelMetrics;
  fitSeconds: number;
  /** Offsets added to log-probabilities before the argmax, tuned on held-out training rows. */
  classOffsets?: number[];
  /** What its predictions and inputs looked like on its test split, for drift monitoring. */
  reference: ModelReference;
}

export interface SplitSummary {
  seed: number;
  testFraction: number;
  stratifiedBy: string;
  trainRows: number;
  testRows: number;
}

export interface TrainResult {
  split: SplitSummary;
  vectorizers: Map<string, TextFeatures>;
  models: TrainedModel[];
  /** Name of the model with the highest macro-F1 (first in spec order on ties). */
  best: string;
}

/** The reviews of a run, split into train and test row ids (ascending). */
export interface SplitReviews {
  texts: string[];
  /** The texts, for features fitted on some rows and computed for others (each text is tokenised once). */
  subsets: TextSubsets;
  branches: string[];
  labels: Labels;
  train: Int32Array;
  test: Int32Array;
  summary: SplitSummary;
}

/** One scope's features (all branches, or one branch): a vectorizer fitted on its training texts. */
export interface ScopeFeatures {
  id: string;
  vectorizer: TextFeatures;
  train: Csr;
  test: Csr;
  testIds: Int32Array;
  yTrain: Labels;
  yTest: Labels;
}

/** What a run's split is stratified by, as the manifest records it. */
export const SPLIT_STRATIFIED_BY = 'Branch,Rating';

/** The row indices of a run's split: seeded and stratified by branch and rating (one definition for training and for re-making it). */
export function splitReviewRows(reviews: readonly Review[], seed: number, testFraction: number): Split {
  return stratifiedSplit(reviews.map((r) => `${r.branch}|${r.rating}`), testFraction, seed);
}

/** Splits the reviews 80/20 (or as asked), seeded and stratified by branch and rating. */
export function splitReviews(loaded: LoadedReviews, seed: number, testFraction: number): SplitReviews {
  const { reviews } = loaded;
  const { train, test } = splitReviewRows(reviews, seed, testFraction);
  const texts = reviews.map((r) => r.text);
  return {
    texts,
    subsets: new TextSubsets(texts),
    branches: reviews.map((r) => r.branch),
    labels: Uint8Array.from(reviews, (r) => r.rating - 1),
    train,
    test,
    summary: { seed, testFraction, stratifiedBy: SPLIT_STRATIFIED_BY, trainRows: train.length, testRows: test.length },
  };
}

/** Fits `features` on the scope's training texts and vectorises its train and test texts. */
export function buildScopeFeatures(data: SplitReviews, features: FeatureSpec, branch: string | null): ScopeFeatures {
  const keep = (ids: Int32Array): Int32Array => (branch === null ? ids : ids.filter((i) => data.branches[i] === branch));
  return featuresFor(data, features, keep(data.train), keep(data.test), scopeId(features, branch), branch ?? 'all');
}

/** The id of the features `features` fitted on the rows of `branch` (all rows for null). */
function scopeId(features: FeatureSpec, branch: string | null): string {
  return `${features.id}-${branch ?? 'all'}`;
}

/** Features fitted on the rows `trainIds` of `data`, and the rows of `trainIds` and `testIds`. */
function featuresFor(data: SplitReviews, features: FeatureSpec, trainIds: Int32Array, testIds: Int32Array, id: string, what: string): ScopeFeatures {
  if (trainIds.length === 0 || testIds.length === 0) {
    throw new ReviewStarsError('DATA_NO_ROWS', `no ${what} reviews to train or test on (train ${trainIds.length}, test ${testIds.length})`);
  }
  const { features: vectorizer, X, otherX } = data.subsets.fitRows(features.config, trainIds, testIds);
  return {
    id,
    vectorizer,
    train: X,
    test: otherX,
    testIds,
    yTrain: Uint8Array.from(trainIds, (i) => data.labels[i] as number),
    yTest: Uint8Array.from(testIds, (i) => data.labels[i] as number),
  };
}

/** Share of a scope's training rows held out to tune a model's class offsets. */
const OFFSET_TUNING_FRACTION = 0.25;

/**
 * For a spec with `tuneOffsets`: features fitted on 75% of the scope's training rows (stratified
 * by branch and rating) and the held-out 25%, on which the offsets are tuned. The test rows are
 * never seen.
 */
function offsetTuningFeatures(data: SplitReviews, spec: ModelSpec, seed: number): ScopeFeatures {
  const scopeTrain = spec.branch === null ? data.train : data.train.filter((i) => data.branches[i] === spec.branch);
  const strata = Array.from(scopeTrain, (i) => `${data.branches[i]}|${data.labels[i]}`);
  const inner = stratifiedSplit(strata, OFFSET_TUNING_FRACTION, modelSeed(seed, `${spec.name}#offsets`));
  const pick = (ids: Int32Array): Int32Array => Int32Array.from(ids, (k) => scopeTrain[k] as number);
  return featuresFor(data, spec.features, pick(inner.train), pick(inner.test), `${spec.name}#offsets`, spec.name);
}

/** A per-model seed that depends only on the run's seed and the model's name (so --only reproduces it). */
export function modelSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Class predictions of `classifier` on X, decoded as the spec says (with tuned offsets if any). */
export function predictClasses(classifier: Classifier, X: Csr, decoding: ModelSpec['decoding'], classOffsets?: readonly number[]): Uint8Array {
  return decodeClasses(predictProba(classifier, X), X.rows, decoding, classOffsets);
}

/** Class predictions of `rows` rows of probabilities (5 per row), decoded as the spec says. */
function decodeClasses(proba: Float64Array, rows: number, decoding: ModelSpec['decoding'], classOffsets?: readonly number[]): Uint8Array {
  const yPred = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) yPred[r] = decodeClass(proba, decoding, r * 5, classOffsets);
  return yPred;
}

/** The whole model of a finished fit. */
function classifierOf(outcome: FitOutcome): Classifier {
  if (outcome.product.kind !== 'model') throw new ReviewStarsError('INTERNAL', 'a fit part was taken for a whole model');
  return outcome.product.classifier;
}

/** The part of a finished part job. */
function partOf(outcome: FitOutcome): BinaryLogisticFit {
  if (outcome.product.kind !== 'part') throw new ReviewStarsError('INTERNAL', 'a whole model was taken for a fit part');
  return outcome.product.fit;
}

/** A rough relative cost of fitting a spec on X, to hand the slowest fits out first. */
function fitCost(spec: ModelSpec, X: Csr): number {
  const p = spec.params;
  const n = (k: string, d: number): number => (typeof p[k] === 'number' ? (p[k] as number) : d);
  switch (spec.algorithm) {
    case 'logistic_regression':
      return X.data.length * n('maxIter', 100);
    case 'ordinal_logistic':
      return X.data.length * n('maxIter', 100) * 2;
    case 'random_forest':
      return X.data.length * n('nEstimators', 100) * n('maxDepth', 10) * 0.05;
    case 'decision_tree':
      return X.data.length * n('maxDepth', 10) * 2;
    case 'naive_bayes':
      return X.data.length;
  }
}

/**
 * Spec index -> index of the spec whose fit it shares (`sameFitAs`); checks that the two would fit
 * the same model, so that sharing changes nothing but the work done.
 */
function sharedFits(specs: readonly ModelSpec[]): Map<number, number> {
  const shared = new Map<number, number>();
  specs.forEach((spec, id) => {
    if (spec.sameFitAs === undefined) return;
    const target = specs.findIndex((s) => s.name === spec.sameFitAs);
    const other = specs[target];
    const same =
      other !== undefined &&
      other.sameFitAs === undefined &&
      other.algorithm === spec.algorithm &&
      other.branch === spec.branch &&
      other.features.id === spec.features.id &&
      JSON.stringify({ ...other.params, tuneOffsets: null }) === JSON.stringify({ ...spec.params, tuneOffsets: null });
    if (!same) {
      throw new ReviewStarsError('INVALID_ARGUMENT', `model ${spec.name}: sameFitAs ${spec.sameFitAs} must name a spec trained in the same run with the same features, branch, algorithm and params`);
    }
    shared.set(id, target);
  });
  return shared;
}

/**
 * Trains every spec on the loaded reviews; deterministic for a given seed, whatever the workers.
 * Each scope's features are built in spec order, and its models are queued on the fit pool as soon
 * as they exist, so that workers fit them while this thread builds the next scope's features; this
 * thread then fits what is still queued.
 */
export async function trainModels(loaded: LoadedReviews, options: TrainOptions): Promise<TrainResult> {
  const pool = options.pool ?? FitPool.start(options.workers ?? defaultFitWorkers());
  try {
    return await trainOnPool(loaded, options, pool);
  } finally {
    if (options.pool === undefined) await pool.close();
  }
}

async function trainOnPool(loaded: LoadedReviews, options: TrainOptions, pool: FitPool): Promise<TrainResult> {
  const data = splitReviews(loaded, options.seed, options.testFraction);
  const total = options.specs.filter((s) => s.sameFitAs === undefined).length + options.specs.filter((s) => s.params.tuneOffsets === true).length;
  let done = 0;
  // Estimated fitting work (fitCost units) queued so far and finished so far.
  let workQueued = 0;
  let workDone = 0;
  // Work of the jobs being fitted (cost x share done), by job.
  const running = new Map<string, number>();
  let lastStep = 'starting';
  const progress = (kind: TrainProgress['kind'], step: string = lastStep): void => {
    if (kind !== 'tick') lastStep = step;
    let work = workDone;
    for (const w of running.values()) work += w;
    options.onProgress?.({ kind, done, total, step, work: workQueued === 0 ? 0 : Math.min(1, work / workQueued) });
  };
  /** A progress listener for one pool job of estimated cost `cost`, and its clean-up once it is done. */
  const tracked = (key: string, cost: number): { listen: (share: number) => void; finish: () => void } => ({
    listen: (share) => {
      running.set(key, cost * Math.min(1, share));
      progress('tick');
    },
    finish: () => running.delete(key),
  });
  const sharedFit = sharedFits(options.specs);
  const fits = new Map<number, Promise<FitOutcome>>();
  // Workers read a matrix in shared memory where it is; any other would be copied for every job.
  const forWorkers = (m: Csr): Csr => (pool.workers > 0 ? shareCsr(m) : m);
  const submit = (job: FitJob): void => {
    const cost = fitCost(job.spec, job.X);
    const parts = fitPartCount(job.spec);
    workQueued += cost;
    let fit: Promise<FitOutcome>;
    if (parts === 1) {
      const track = tracked(`${job.id}`, cost);
      fit = pool.submit(job, cost, track.listen).finally(track.finish);
    } else {
      // A split fit's parts are separate jobs (on any thread); the model is made of them, in order.
      const partFits = Array.from({ length: parts }, (_, part) => {
        const track = tracked(`${job.id}.${part}`, cost / parts);
        return pool.submit({ ...job, part }, cost / parts, track.listen).then((outcome) => {
          track.finish();
          workDone += cost / parts;
          progress('part', `${job.spec.name}: part ${part + 1}/${parts} fitted`);
          return outcome;
        }, (err: unknown) => {
          track.finish();
          throw err;
        });
      });
      fit = Promise.all(partFits).then((outcomes) => {
        workDone -= cost; // counted again below, with the model
        return {
          product: { kind: 'model', classifier: classifierFromParts(job.spec, job.X.cols, outcomes.map(partOf)) },
          fitSeconds: outcomes.reduce((sum, o) => sum + o.fitSeconds, 0),
        };
      });
    }
    fit = fit.then((outcome) => {
      done++;
      workDone += cost;
      progress('model', `fitted ${job.spec.name} in ${outcome.fitSeconds.toFixed(1)} s`);
      return outcome;
    });
    // A failure is reported by the Promise.all below; this keeps an abandoned fit from crashing the process.
    fit.catch(() => undefined);
    fits.set(job.id, fit);
  };
  // Lets the pool's workers pick up new jobs while this thread is busy building features.
  const yieldToWorkers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  const scopes = new Map<string, ScopeFeatures>();
  const scopeOf = (spec: ModelSpec): ScopeFeatures => scopes.get(scopeId(spec.features, spec.branch)) as ScopeFeatures;
  for (const spec of options.specs) {
    const id = scopeId(spec.features, spec.branch);
    if (scopes.has(id)) continue;
    progress('stage', `features ${id}`);
    const built = buildScopeFeatures(data, spec.features, spec.branch);
    const scope = { ...built, train: forWorkers(built.train) };
    scopes.set(id, scope);
    progress('stage', `features ${id}: ${scope.train.rows} training rows x ${scope.train.cols} terms`);
    const X = scope.train;
    const jobs = options.specs.flatMap((s, jobId) =>
      sharedFit.has(jobId) || scopeOf(s) !== scope ? [] : [{ id: jobId, spec: s, X, y: scope.yTrain, seed: modelSeed(options.seed, s.name) }],
    );
    // Costliest first: an idle worker takes the first job submitted.
    jobs.sort((a, b) => fitCost(b.spec, b.X) - fitCost(a.spec, a.X) || a.id - b.id);
    for (const job of jobs) submit(job);
    await yieldToWorkers();
  }
  // Specs that tune class offsets also fit once on part of their training rows (see offsetTuningFeatures).
  const tuning = new Map<number, ScopeFeatures>();
  for (const [id, spec] of options.specs.entries()) {
    if (spec.params.tuneOffsets !== true) continue;
    if (spec.decoding !== 'argmax') throw new ReviewStarsError('INVALID_ARGUMENT', `model ${spec.name}: tuneOffsets needs decoding "argmax"`);
    progress('stage', `features ${spec.name} (offset tuning)`);
    const inner = offsetTuningFeatures(data, spec, options.seed);
    const jobId = options.specs.length + id;
    tuning.set(jobId, inner);
    submit({ id: jobId, spec, X: forWorkers(inner.train), y: inner.yTrain, seed: modelSeed(options.seed, spec.name) });
    await yieldToWorkers();
  }
  // Each model is scored as soon as its fits are done, while this thread fits or waits for others.
  const fitOf = (jobId: number): Promise<FitOutcome> => fits.get(jobId) as Promise<FitOutcome>;
  const scored = options.specs.map(async (spec, id): Promise<TrainedModel> => {
    const scope = scopeOf(spec);
    const fitted = await fitOf(sharedFit.get(id) ?? id);
    const classifier = classifierOf(fitted);
    const fitSeconds = fitted.fitSeconds;
    const inner = tuning.get(options.specs.length + id);
    const classOffsets = inner ? tuneClassOffsets(predictProba(classifierOf(await fitOf(options.specs.length + id)), inner.test), inner.yTest) : undefined;
    const proba = predictProba(classifier, scope.test);
    const yPred = decodeClasses(proba, scope.test.rows, spec.decoding, classOffsets);
    const metrics = computeModelMetrics(scope.yTest, yPred, Array.from(scope.testIds, (i) => data.branches[i] as string));
    const reference = buildModelReference(proba, yPred, Array.from(scope.testIds, (i) => data.texts[i] as string), scope.vectorizer);
    return { spec, vectorizerId: scope.id, classifier, fitSeconds, metrics, reference, ...(classOffsets ? { classOffsets } : {}) };
  });
  // A failure is reported by the Promise.all below; this keeps the others from crashing the process.
  for (const model of scored) model.catch(() => undefined);
  progress('stage', `fitting ${total} models`);
  await pool.fitQueued();
  const models = await Promise.all(scored);
  let best = models[0] as TrainedModel;
  for (const m of models) if (m.metrics.macroF1 > best.metrics.macroF1) best = m;
  return {
    split: data.summary,
    vectorizers: new Map([...scopes.values()].map((s) => [s.id, s.vectorizer])),
    models,
    best: best.spec.name,
  };
}
