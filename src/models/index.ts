/**
 * @module models/index
 * Turns a model artifact back into a classifier, by algorithm name. The one place that knows every
 * algorithm; each algorithm's `fromArtifact` validates its own arrays.
 */
import type { Algorithm, Classifier, ModelArtifact } from './classifier.js';
import { DecisionTree } from './decision-tree.js';
import { RandomForest } from './random-forest.js';
import { LogisticRegression } from './logistic-regression.js';
import { NaiveBayes } from './naive-bayes.js';
import { OrdinalLogistic } from './ordinal-logistic.js';
import { ReviewStarsError } from '../core/errors.js';

const DECODERS: Record<Algorithm, (a: ModelArtifact) => Classifier> = {
  decision_tree: (a) => DecisionTree.fromArtifact(a),
  random_forest: (a) => RandomForest.fromArtifact(a),
  logistic_regression: (a) => LogisticRegression.fromArtifact(a),
  naive_bayes: (a) => NaiveBayes.fromArtifact(a),
  ordinal_logistic: (a) => OrdinalLogistic.fromArtifact(a),
};

/** The classifier an artifact describes; throws MODEL_FILE_INVALID when its contents do not fit. */
export function classifierFromArtifact(artifact: ModelArtifact): Classifier {
  if (!Object.hasOwn(DECODERS, artifact.algorithm)) {
    throw new ReviewStarsError('MODEL_FILE_INVALID', `unknown algorithm ${JSON.stringify(artifact.algorithm)}`);
  }
  return DECODERS[artifact.algorithm](artifact);
}
