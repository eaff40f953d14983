/**
 * @module models/binary-logistic
 * Binary L2 logistic regression fitted with L-BFGS, as scikit-learn's `LogisticRegression(C,
 * solver='lbfgs')` fits a two-class problem: one weight vector and one intercept, objective
 *   sum_i s_i * log(1 + exp(-t_i z_i)) + ||w||^2 / (2C),   z_i = w . x_i + b,  t_i = +-1,
 * its value and gradient computed in one fused pass over the CSR rows (no copy of the matrix).
 * The building block of the ordinal model's thresholds. Pure numerics: no files, no logging.
 */
import type { Csr } from '../text/csr.js';
import { minimizeLbfgs, type IterationObserver, type LbfgsStopReason, type Objective } from './lbfgs.js';

/** Settings of {@link fitBinaryLogistic} (the caller validates them). */
export interface BinaryLogisticOptions {
  /** Inverse L2 strength (scikit-learn's C). */
  C: number;
  maxIter: number;
  /** Stop when the largest |gradient component| is at most this (scikit-learn's tol). */
  tol: number;
  /** Stop when the relative decrease of the objective over an iteration is at most this (scipy's factr test). */
  reductionTol: number;
}

/** A fitted binary model and how its fit stopped. */
export interface BinaryLogisticFit {
  weights: Float64Array;
  bias: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  stopReason: LbfgsStopReason;
}

/**
 * The objective above over parameters [w_0 .. w_{F-1}, b]: `positive[i]` is 1 for t_i = +1, and
 * `s` holds the row weights (rows of weight 0 are skipped). Each row's score is gathered and its
 * residual s_i * (sigmoid(z_i) - [t_i = +1]) scattered into the gradient while the row is still
 * in cache: one read of the matrix per evaluation.
 */
export function makeBinaryLogisticObjective(X: Csr, positive: Uint8Array, s: Float64Array, invC: number): Objective {
  const { rows, cols, indptr, indices, data } = X;
  return (w, g) => {
    g.fill(0);
    const b = w[cols] as number;
    let loss = 0;
    let gb = 0;
    for (let i = 0; i < rows; i++) {
      const si = s[i] as number;
      if (si === 0) continue;
      const start = indptr[i] as number;
      const end = indptr[i + 1] as number;
      let z = b;
      for (let p = start; p < end; p++) z += (data[p] as number) * (w[indices[p] as number] as number);
      // The row's loss is softplus(m) with m = -t z; its derivative in m is sigmoid(m).
      const up = positive[i] === 1;
      const m = up ? -z : z;
      let sigmoidM: number;
      if (m > 0) {
        const e = Math.exp(-m);
        loss += si * (m + Math.log1p(e));
        sigmoidM = 1 / (1 + e);
      } else {
        const e = Math.exp(m);
        loss += si * Math.log1p(e);
        sigmoidM = e / (1 + e);
      }
      const r = up ? -si * sigmoidM : si * sigmoidM;
      gb += r;
      for (let p = start; p < end; p++) {
        const j = indices[p] as number;
        g[j] = (g[j] as number) + (data[p] as number) * r;
      }
    }
    let penalty = 0;
    for (let j = 0; j < cols; j++) {
      const wj = w[j] as number;
      penalty += wj * wj;
      g[j] = (g[j] as number) + invC * wj;
    }
    g[cols] = gb;
    return loss + 0.5 * invC * penalty;
  };
}

/**
 * Fits the binary model from zero. `positive` and `s` as in {@link makeBinaryLogisticObjective};
 * deterministic bit for bit.
 */
export function fitBinaryLogistic(X: Csr, positive: Uint8Array, s: Float64Array, options: BinaryLogisticOptions, observe?: IterationObserver): BinaryLogisticFit {
  const F = X.cols;
  const result = minimizeLbfgs(makeBinaryLogisticObjective(X, positive, s, 1 / options.C), new Float64Array(F + 1), {
    maxIter: options.maxIter,
    gradientTol: options.tol,
    reductionTol: options.reductionTol,
  }, observe);
  return {
    weights: result.x.subarray(0, F),
    bias: result.x[F] as number,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    stopReason: result.stopReason,
  };
}
