import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schemaProblems } from './schema.js';
import { renderManifests, kustomizationFile } from './kustomize.js';
import { asKubeObject, objectId, readManifestFile, type KubeObject } from './manifests.js';
import { repoPath } from '../../test-support/paths.js';

const KUBERNETES = repoPath('deploy/kubernetes');

/** Every directory under deploy/kubernetes that holds a kustomization. */
function kustomizations(dir: string): string[] {
  const found = kustomizationFile(dir) ? [dir] : [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...kustomizations(join(dir, entry.name)));
  }
  return found;
}

function deployment(container: Record<string, unknown>): KubeObject {
  return asKubeObject(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', labels: { any: 'label is fine' } },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'api', image: 'review-stars:0.1.0', ...container }] } },
      },
    },
    'test',
  );
}

test('every kustomization under deploy/kubernetes renders to objects that pass the Kubernetes schemas', async () => {
  const dirs = kustomizations(KUBERNETES);
  assert.ok(dirs.length >= 2, `expected the base and at least one overlay, found ${dirs.join(', ')}`);
  for (const dir of dirs) {
    for (const object of renderManifests(dir)) {
      assert.deepEqual(await schemaProblems(object), [], `${dir}: ${objectId(object)}`);
    }
  }
});

test('every manifest file of the base is valid on its own as well', async () => {
  const base = join(KUBERNETES, 'base');
  for (const name of readdirSync(base).filter((n) => n.endsWith('.yaml') && n !== 'kustomization.yaml')) {
    for (const object of readManifestFile(join(base, name))) assert.deepEqual(await schemaProblems(object), [], name);
  }
});

test('a valid Deployment has no problems, and a wrong type is reported with its JSON pointer', async () => {
  assert.deepEqual(await schemaProblems(deployment({})), []);
  const problems = await schemaProblems(deployment({ ports: [{ containerPort: '8000' }] }));
  assert.deepEqual(problems, ['/spec/template/spec/containers/0/ports/0/containerPort: must be integer']);
});

test('a misspelt field is reported as unknown instead of being silently dropped', async () => {
  const problems = await schemaProblems(deployment({ readinesProbe: { httpGet: { path: '/readyz', port: 8000 } }, env: [{ name: 'A', valu: '1' }] }));
  assert.deepEqual(problems.sort(), [
    '/spec/template/spec/containers/0/env/0/valu: unknown field (not in the Deployment schema)',
    '/spec/template/spec/containers/0/readinesProbe: unknown field (not in the Deployment schema)',
  ]);
});

test('a missing required field, an unknown kind and a removed apiVersion are problems', async () => {
  assert.deepEqual(await schemaProblems(deployment({ image: undefined, name: undefined })), ['/spec/template/spec/containers/0: must have required property name']);
  assert.match((await schemaProblems(asKubeObject({ apiVersion: 'apps/v1', kind: 'Pipeline', metadata: { name: 'x' } }, 't')))[0] ?? '', /kind "Pipeline" does not exist in apps\/v1/);
  assert.match((await schemaProblems(asKubeObject({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'x' } }, 't')))[0] ?? '', /no longer served/);
  assert.match((await schemaProblems(asKubeObject({ apiVersion: '../evil', kind: 'X', metadata: { name: 'x' } }, 't')))[0] ?? '', /not of the form/);
});
