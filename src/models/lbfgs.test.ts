import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MoreThuenteSearch, minimizeLbfgs } from './lbfgs.js';
import type { Objective } from './lbfgs.js';

/** Rosenbrock in n dimensions (chained): minimum 0 at (1, ..., 1). */
const rosenbrock: Objective = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    const t = b - a * a;
    f += 100 * t * t + (1 - a) * (1 - a);
    g[i] = (g[i] as number) - 400 * a * t - 2 * (1 - a);
    g[i + 1] = (g[i + 1] as number) + 200 * t;
  }
  return f;
};

/** 0.5 * sum_i d_i (x_i - c_i)^2 with very different curvatures d_i. */
function quadratic(d: number[], c: number[]): Objective {
  return (x, g) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const r = (x[i] as number) - (c[i] as number);
      f += 0.5 * (d[i] as number) * r * r;
      g[i] = (d[i] as number) * r;
    }
    return f;
  };
}

/** Runs a line search on phi until it stops; returns the final step, its values and the status. */
function runSearch(phi: (a: number) => [number, number], stp0: number, ftol: number, gtol: number) {
  const search = new MoreThuenteSearch({ ftol, gtol, xtol: 1e-10, stpmin: 0, stpmax: 1e10 });
  const [f0, g0] = phi(0);
  search.start(f0, g0, stp0);
  for (let k = 0; k < 50; k++) {
    const stp = search.stp;
    const [f, g] = phi(stp);
    const status = search.next(f, g);
    if (status !== 'evaluate') return { stp, f, g, f0, g0, status, evaluations: k + 1 };
  }
  throw new Error('line search did not stop in 50 evaluations');
}

describe('More-Thuente line search', () => {
  // Test functions 1 and 2 of More & Thuente (1994), from several starting steps.
  const phi1 = (a: number): [number, number] => [-a / (a * a + 2), (a * a - 2) / (a * a + 2) ** 2];
  const phi2 = (a: number): [number, number] => [(a + 0.004) ** 5 - 2 * (a + 0.004) ** 4, 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3];
  for (const [name, phi, ftol, gtol] of [
    ['phi1', phi1, 1e-3, 0.1],
    ['phi2', phi2, 0.1, 0.1],
  ] as const) {
    for (const stp0 of [1e-3, 1e-1, 10, 1000]) {
      it(`returns a step satisfying the strong Wolfe conditions on ${name} from step ${stp0}`, () => {
        const r = runSearch(phi, stp0, ftol, gtol);
        assert.equal(r.status, 'converged');
        assert.ok(r.f <= r.f0 + ftol * r.stp * r.g0, `sufficient decrease at ${r.stp}`);
        assert.ok(Math.abs(r.g) <= gtol * Math.abs(r.g0), `curvature at ${r.stp}: |${r.g}|`);
        assert.ok(r.evaluations <= 20);
      });
    }
  }

  it('accepts a first step that already satisfies both conditions', () => {
    // phi(a) = (a - 1)^2: the step 1 is the exact minimiser.
    const r = runSearch((a) => [(a - 1) ** 2, 2 * (a - 1)], 1, 1e-3, 0.9);
    assert.equal(r.evaluations, 1);
    assert.equal(r.stp, 1);
  });

  it('refuses to start along a direction that is not a descent direction', () => {
    const search = new MoreThuenteSearch();
    assert.throws(() => search.start(0, 0.5, 1), RangeError);
    assert.throws(() => search.start(0, -0.5, -1), RangeError);
  });
});

describe('minimizeLbfgs', () => {
  it('finds the minimum of the 10-dimensional Rosenbrock function', () => {
    const r = minimizeLbfgs(rosenbrock, new Float64Array(10).fill(-1.2), { maxIter: 1000, gradientTol: 1e-9, reductionTol: 0 });
    assert.equal(r.converged, true);
    for (const v of r.x) assert.ok(Math.abs(v - 1) < 1e-6, `x = ${v}`);
    assert.ok(r.value < 1e-12);
    assert.ok(r.gradientInfNorm <= 1e-9);
    assert.equal(r.stopReason, 'gradient');
  });

  it('minimises a badly conditioned quadratic to its centre', () => {
    const d = [1e-2, 1, 10, 1e3, 1e4];
    const c = [3, -2, 0.5, 7, -1];
    const r = minimizeLbfgs(quadratic(d, c), new Float64Array(5), { maxIter: 200, gradientTol: 1e-10, reductionTol: 0 });
    assert.equal(r.stopReason, 'gradient');
    r.x.forEach((v, i) => assert.ok(Math.abs(v - (c[i] as number)) < 1e-6, `x[${i}] = ${v}`));
  });

  it('stops at once, with zero iterations, when started at the minimum', () => {
    const r = minimizeLbfgs(quadratic([1, 2], [0, 0]), new Float64Array(2), { gradientTol: 1e-8 });
    assert.deepEqual([r.iterations, r.evaluations, r.stopReason, r.converged], [0, 1, 'gradient', true]);
  });

  it('stops after maxIter iterations and says it did not converge', () => {
    const r = minimizeLbfgs(rosenbrock, new Float64Array(10).fill(-1.2), { maxIter: 5, gradientTol: 1e-12, reductionTol: 0 });
    assert.deepEqual([r.iterations, r.stopReason, r.converged], [5, 'max-iterations', false]);
    assert.ok(r.value < rosenbrock(new Float64Array(10).fill(-1.2), new Float64Array(10)), 'the objective decreased');
  });

  it('stops on the relative-reduction test when the gradient test is out of reach', () => {
    const r = minimizeLbfgs(rosenbrock, new Float64Array(4).fill(-1.2), { maxIter: 1000, gradientTol: 0, reductionTol: 1e-4 });
    assert.deepEqual([r.stopReason, r.converged], ['reduction', true]);
  });

  it('leaves x0 untouched and is deterministic bit for bit', () => {
    const x0 = new Float64Array([-1.2, 1, -1.2, 1, 0.5]);
    const a = minimizeLbfgs(rosenbrock, x0, { maxIter: 50 });
    const b = minimizeLbfgs(rosenbrock, x0, { maxIter: 50 });
    assert.deepEqual(x0, new Float64Array([-1.2, 1, -1.2, 1, 0.5]));
    assert.deepEqual(a, b);
  });

  it('rejects invalid options and a non-finite starting value', () => {
    const x0 = new Float64Array(2);
    assert.throws(() => minimizeLbfgs(rosenbrock, x0, { maxIter: -1 }), /maxIter/);
    assert.throws(() => minimizeLbfgs(rosenbrock, x0, { memory: 0 }), /memory/);
    assert.throws(() => minimizeLbfgs(rosenbrock, x0, { gradientTol: Number.NaN }), /gradientTol/);
    assert.throws(() => minimizeLbfgs(() => Number.NaN, x0), /not finite/);
  });
});
