/**
 * @module http/branches
 * The park branches a model set knows (those its models were trained or evaluated on), so that a
 * review sent with a branch the set has never heard of is refused with the list of known ones
 * instead of being silently taken. Computed once per loaded set. No I/O.
 */
import { ReviewStarsError } from '../core/errors.js';
import type { Manifest } from '../registry/model-set.js';

const cache = new WeakMap<Manifest, readonly string[]>();

/** The branches of a model set, sorted. */
export function knownBranches(manifest: Manifest): readonly string[] {
  let branches = cache.get(manifest);
  if (branches === undefined) {
    const names = new Set<string>();
    for (const model of manifest.models) {
      if (model.branch !== null) names.add(model.branch);
      for (const branch of Object.keys(model.metrics.perBranch)) names.add(branch);
    }
    branches = [...names].sort();
    cache.set(manifest, branches);
  }
  return branches;
}

/** Throws UNKNOWN_BRANCH (422) for the first review whose branch the set does not know. */
export function checkBranches(manifest: Manifest, reviews: ReadonlyArray<{ branch?: string }>): void {
  for (let i = 0; i < reviews.length; i++) {
    const branch = reviews[i]?.branch;
    if (branch === undefined) continue;
    const available = knownBranches(manifest);
    if (!available.includes(branch)) {
      const shown = branch.length > 60 ? `${branch.slice(0, 60)}...` : branch;
      throw new ReviewStarsError('UNKNOWN_BRANCH', `unknown branch "${shown}" (review ${i}): known branches are ${available.join(', ')}; or leave the branch out`, {
        field: `reviews.${i}.branch`,
        available,
      });
    }
  }
}
