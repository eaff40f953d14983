/**
 * @module registry/load
 * Loads a model set from its directory: validates manifest.json, checks each file's sha256, decodes
 * the vectorizers and models (never executing anything from them), and returns an immutable
 * ModelSet whose models rate texts. Errors name the file at fault.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { ReviewStarsError } from '../core/errors.js';
import { N_CLASSES } from '../models/classifier.js';
import type { Classifier } from '../models/classifier.js';
import { classifierFromArtifact } from '../models/index.js';
import { isFeatureUnionJSON, textFeaturesFromJSON, type TextFeatures } from '../text/features.js';
import { decodeModelFile } from './model-file.js';
import { parseManifest } from './manifest.js';
import { decodeClass, expectedRating, ratingOf } from '../models/decode.js';
import { EXPLANATION_TERMS, type LoadedModel, type Manifest, type ManifestModel, type ModelSet, type Prediction } from './model-set.js';

async function readChecked(dir: string, file: string, sha256: string): Promise<Buffer> {
  const path = join(dir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ReviewStarsError('MODEL_FILE_INVALID', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: path });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    throw new ReviewStarsError('MODEL_FILE_INVALID', `${path} does not match its sha256 in manifest.json (corrupt, truncated or replaced)`, { file: path });
  }
  return bytes;
}

async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReviewStarsError(
      'MODEL_SET_NOT_FOUND',
      code === 'ENOENT' ? `no model set at ${dir}: ${path} does not exist (train one with \`review-stars train\`)` : `cannot read ${path}: ${code ?? String(err)}`,
      { dir },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ReviewStarsError('MODEL_SET_INVALID', `manifest ${path} is not valid JSON (truncated?)`, { file: path });
  }
  return parseManifest(path, raw);
}

/** A model of the set: vectorizer + classifier + decoding, rating one text at a time. */
class ReadyModel implements LoadedModel {
  private readonly probs = new Float64Array(N_CLASSES);

  constructor(
    readonly entry: ManifestModel,
    private readonly vectorizer: TextFeatures,
    private readonly classifier: Classifier,
  ) {}

  predict(text: string, options: { explain?: boolean; topTerms?: number } = {}): Prediction {
    const { indices, data, nnz, tokens, unknownTokens } = this.vectorizer.transformOne(text);
    const p = this.probs;
    this.classifier.predictRow(indices, data, 0, nnz, p);
    const cls = decodeClass(p, this.entry.decoding, 0, this.entry.classOffsets);
    const prediction: Prediction = {
      rating: ratingOf(cls),
      probabilities: [p[0] as number, p[1] as number, p[2] as number, p[3] as number, p[4] as number],
      expectedRating: expectedRating(p),
      noKnownTerms: nnz === 0,
      oovShare: tokens === 0 ? 0 : unknownTokens / tokens,
    };
    if (options.explain) {
      const k = Math.min(Math.max(1, Math.floor(options.topTerms ?? EXPLANATION_TERMS.default)), EXPLANATION_TERMS.max);
      prediction.explanation = this.classifier
        .explainRow(indices, data, 0, nnz, cls, k)
        .map((c) => ({ term: this.vectorizer.terms[c.feature] ?? `#${c.feature}`, weight: c.weight }));
    }
    return prediction;
  }
}

class LoadedModelSet implements ModelSet {
  readonly names: readonly string[];

  constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    private readonly models: ReadonlyMap<string, LoadedModel>,
  ) {
    this.names = manifest.models.map((m) => m.name);
  }

  get(name: string): LoadedModel | undefined {
    return this.models.get(name === 'best' ? this.manifest.best : name);
  }
}

/**
 * Loads and validates the model set in `dir`. Throws MODEL_SET_NOT_FOUND (no manifest),
 * MODEL_SET_INVALID (bad manifest) or MODEL_FILE_INVALID (a file missing, altered or malformed).
 */
export async function loadModelSet(dir: string): Promise<ModelSet> {
  const root = resolve(dir);
  const manifest = await readManifest(root);
  const raws: Array<{ id: string; file: string; raw: unknown }> = [];
  for (const v of manifest.vectorizers) {
    const bytes = await readChecked(root, v.file, v.sha256);
    try {
      raws.push({ id: v.id, file: v.file, raw: JSON.parse(bytes.toString('utf8')) });
    } catch {
      throw new ReviewStarsError('MODEL_FILE_INVALID', `${join(root, v.file)} is not valid JSON`, { file: v.file });
    }
  }
  // Only a feature union can repeat another vectorizer of the set (training writes one file per
  // distinct vectorizer); recognising repeats costs a JSON text of each, so it is done only then.
  const sharedParts = raws.some(({ raw }) => isFeatureUnionJSON(raw)) ? new Map<string, TextFeatures>() : undefined;
  const vectorizers = new Map<string, TextFeatures>();
  for (const { id, file, raw } of raws) {
    try {
      vectorizers.set(id, textFeaturesFromJSON(raw, sharedParts));
    } catch (err) {
      throw withFile(err, join(root, file));
    }
  }
  raws.length = 0; // the parsed JSON is garbage from here on, while the models decode
  const models = new Map<string, LoadedModel>();
  // Entries that share a model file (one fit, two decodings) share one classifier in memory.
  const classifiers = new Map<string, Classifier>();
  for (const entry of manifest.models) {
    const path = join(root, entry.file);
    let classifier = classifiers.get(`${entry.file}\0${entry.sha256}`);
    if (!classifier) {
      const bytes = await readChecked(root, entry.file, entry.sha256);
      try {
        classifier = classifierFromArtifact(decodeModelFile(path, bytes));
      } catch (err) {
        throw withFile(err, path);
      }
      classifiers.set(`${entry.file}\0${entry.sha256}`, classifier);
    }
    const vectorizer = vectorizers.get(entry.vectorizer) as TextFeatures;
    if (classifier.algorithm !== entry.algorithm) {
      throw new ReviewStarsError('MODEL_SET_INVALID', `${path} holds a ${classifier.algorithm} model but manifest.json says ${entry.algorithm}`, { file: path });
    }
    if (classifier.nFeatures !== vectorizer.nFeatures || entry.vocabularySize !== vectorizer.nFeatures) {
      throw new ReviewStarsError(
        'MODEL_SET_INVALID',
        `${path} expects ${classifier.nFeatures} features but vectorizer ${entry.vectorizer} has ${vectorizer.nFeatures} terms`,
        { file: path },
      );
    }
    models.set(entry.name, new ReadyModel(entry, vectorizer, classifier));
  }
  return new LoadedModelSet(root, manifest, models);
}

function withFile(err: unknown, path: string): unknown {
  if (err instanceof ReviewStarsError && !err.message.includes(path)) {
    return new ReviewStarsError(err.code, `${path}: ${err.message}`, { ...err.details, file: path });
  }
  return err;
}
