import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importGraph, layerViolations } from './layers.js';
import { REPO_ROOT } from '../../test-support/paths.js';

const graphOf = (entries: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(entries));

test('the repository has no import that breaks the layers', () => {
  const graph = importGraph(REPO_ROOT);
  assert.ok(graph.size > 100, `expected the whole source tree, found ${graph.size} files`);
  const found = layerViolations(graph).map((v) => `${v.file} -> ${v.imports}: ${v.reason}`);
  assert.deepEqual(found, []);
});

test('a lower layer importing a higher one is refused', () => {
  const violations = layerViolations(graphOf({ 'src/train/pipeline.ts': ['src/registry/write.ts'] }));
  assert.equal(violations.length, 1);
  assert.match(violations[0]?.reason ?? '', /train\/ is below registry\//);
});

test('a higher layer may import a lower one, and a folder itself', () => {
  assert.deepEqual(layerViolations(graphOf({ 'src/http/app.ts': ['src/registry/load.ts', 'src/core/errors.ts', 'src/http/errors.ts'] })), []);
});

test('folders sharing a layer may not import each other; their tests may', () => {
  const violations = layerViolations(graphOf({ 'src/data/reviews-csv.ts': ['src/text/normalize.ts'], 'src/text/vectorizer.test.ts': ['src/data/reviews-csv.ts'] }));
  assert.deepEqual(violations.map((v) => v.file), ['src/data/reviews-csv.ts']);
  assert.match(violations[0]?.reason ?? '', /share a layer/);
});

test('a test may not import a higher layer either', () => {
  assert.equal(layerViolations(graphOf({ 'src/models/x.test.ts': ['src/http/app.ts'] })).length, 1);
});

test('product code never imports tooling or test helpers; its tests may use the helpers', () => {
  const violations = layerViolations(
    graphOf({
      'src/cli/main.ts': ['tools/acceptance/main.ts'],
      'src/http/app.ts': ['test-support/http.ts'],
      'src/http/app.test.ts': ['test-support/http.ts'],
    }),
  );
  assert.deepEqual(violations.map((v) => v.file), ['src/cli/main.ts', 'src/http/app.ts']);
});

test('test helpers may not import tooling; an unknown src/ folder must be placed in a layer', () => {
  const violations = layerViolations(graphOf({ 'test-support/http.ts': ['tools/deploy/schema.ts'], 'src/newthing/x.ts': [] }));
  assert.deepEqual(violations.map((v) => v.reason), ['test-support/ must not import tools/', 'src/newthing/ is in no layer: add it to SRC_LAYERS in tools/check/layers.ts']);
});
