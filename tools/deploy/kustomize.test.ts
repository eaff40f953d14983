import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { overrideImage, renderKustomization, renderWithKubectl, splitImage } from './kustomize.js';
import { findObject, objectId, type KubeObject } from './manifests.js';
import { isReviewStarsError } from '../../src/core/errors.js';
import { repoPath } from '../../test-support/paths.js';

const BASE = repoPath('deploy/kubernetes/base');
const MINIKUBE = repoPath('deploy/kubernetes/overlays/minikube');
const isInvalid = (err: unknown): boolean => isReviewStarsError(err, 'DEPLOY_CONFIG_INVALID');

type Pod = { containers: { image: string; imagePullPolicy: string }[] };

function podSpec(objects: KubeObject[]): Pod {
  const deployment = findObject(objects, 'Deployment', 'review-stars') as unknown as { spec: { template: { spec: Pod } } };
  return deployment.spec.template.spec;
}

/** A throw-away kustomization directory holding `files`. */
function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'review-stars-kustomize-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  A: "1"\n';

test('the base renders the six API objects, with no namespace', () => {
  const objects = renderKustomization(BASE);
  assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
    'ConfigMap/review-stars-config',
    'Deployment/review-stars',
    'HorizontalPodAutoscaler/review-stars',
    'Ingress/review-stars',
    'PodDisruptionBudget/review-stars',
    'Service/review-stars',
  ]);
  assert.ok(objects.every((o) => o.metadata.namespace === undefined));
});

test('the minikube overlay puts namespaced objects in review-stars, never pulls the image, and adds the ingress host', () => {
  const objects = renderKustomization(MINIKUBE);
  const namespace = findObject(objects, 'Namespace', 'review-stars');
  assert.equal(namespace.metadata.namespace, undefined);
  for (const object of objects.filter((o) => o.kind !== 'Namespace')) assert.equal(object.metadata.namespace, 'review-stars', objectId(object));
  const [container] = podSpec(objects).containers;
  assert.equal(container?.image, 'review-stars:dev');
  assert.equal(container?.imagePullPolicy, 'Never');
  const ingress = findObject(objects, 'Ingress') as unknown as { spec: { rules: { host?: string }[] } };
  assert.equal(ingress.spec.rules[0]?.host, 'review-stars.local');
  // The base itself is left as it was.
  assert.equal(podSpec(renderKustomization(BASE)).containers[0]?.imagePullPolicy, 'IfNotPresent');
});

for (const [label, dir] of [
  ['base', BASE],
  ['minikube overlay', MINIKUBE],
] as const) {
  test(`the offline rendering of the ${label} equals \`kubectl kustomize\` object for object`, (t) => {
    const reference = renderWithKubectl(dir);
    if (reference === undefined) {
      t.skip('kubectl is not installed: only the offline renderer ran');
      return;
    }
    const ours = new Map(renderKustomization(dir).map((o) => [objectId(o), o]));
    const theirs = new Map(reference.map((o) => [objectId(o), o]));
    assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
    for (const [id, object] of ours) assert.ok(isDeepStrictEqual(object, theirs.get(id)), `${id} differs from kubectl's rendering`);
  });
}

test('image references split into name, tag and digest, also with a registry port', () => {
  assert.deepEqual(splitImage('review-stars'), { name: 'review-stars' });
  assert.deepEqual(splitImage('registry.local:5000/ml/review-stars:0.1.0'), { name: 'registry.local:5000/ml/review-stars', tag: '0.1.0' });
  assert.deepEqual(splitImage('review-stars@sha256:abc'), { name: 'review-stars', digest: 'sha256:abc' });
  assert.equal(overrideImage('review-stars:0.1.0', { name: 'review-stars', newTag: 'dev' }), 'review-stars:dev');
  assert.equal(overrideImage('review-stars:0.1.0', { name: 'review-stars', newName: 'reg:5000/rs' }), 'reg:5000/rs:0.1.0');
  assert.equal(overrideImage('review-stars:0.1.0', { name: 'review-stars', digest: 'sha256:def' }), 'review-stars@sha256:def');
});

test('kustomization features the offline renderer does not implement are refused, not ignored', () => {
  const dirs = [
    scratch({ 'kustomization.yaml': 'resources: [cm.yaml]\ncommonLabels:\n  team: ml\n', 'cm.yaml': CONFIG_MAP }),
    scratch({
      'kustomization.yaml': 'resources: [cm.yaml]\npatches:\n  - path: p.yaml\n    target: {kind: ConfigMap}\n',
      'cm.yaml': CONFIG_MAP,
      'p.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  A: "2"\n',
    }),
    scratch({
      'kustomization.yaml': 'resources: [cm.yaml]\npatches:\n  - path: p.yaml\n    target: {labelSelector: "a=b"}\n',
      'cm.yaml': CONFIG_MAP,
      'p.yaml': '- {op: add, path: /data/B, value: "2"}\n',
    }),
    scratch({ 'kustomization.yaml': 'resources: [https://example.invalid/base]\n' }),
  ];
  try {
    for (const dir of dirs) assert.throws(() => renderKustomization(dir), isInvalid, dir);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test('a patch that matches nothing, a missing resource and a resource defined twice are errors', () => {
  const dirs = [
    scratch({
      'kustomization.yaml': 'resources: [cm.yaml]\npatches:\n  - path: p.yaml\n    target: {kind: Secret}\n',
      'cm.yaml': CONFIG_MAP,
      'p.yaml': '- {op: add, path: /data/B, value: "2"}\n',
    }),
    scratch({ 'kustomization.yaml': 'resources: [absent.yaml]\n' }),
    scratch({ 'kustomization.yaml': 'resources: [a.yaml, b.yaml]\n', 'a.yaml': CONFIG_MAP, 'b.yaml': CONFIG_MAP }),
  ];
  try {
    assert.throws(() => renderKustomization(dirs[0] as string), /matches no resource/);
    assert.throws(() => renderKustomization(dirs[1] as string), /does not exist/);
    assert.throws(() => renderKustomization(dirs[2] as string), /ConfigMap\/\/settings is defined twice/);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test('an inline JSON 6902 patch applies to the objects its target names (anchored name pattern)', () => {
  const dir = scratch({
    'kustomization.yaml': [
      'resources: [cm.yaml, base]',
      'namespace: team',
      'patches:',
      '  - target: {kind: ConfigMap, name: "set.*"}',
      '    patch: |-',
      '      - {op: replace, path: /data/A, value: "9"}',
      '',
    ].join('\n'),
    'cm.yaml': CONFIG_MAP,
    'base/kustomization.yaml': 'resources: [cm.yaml]\n',
    'base/cm.yaml': CONFIG_MAP.replace('name: settings', 'name: other-settings'),
  });
  try {
    const objects = renderKustomization(dir) as unknown as { metadata: { name: string; namespace: string }; data: { A: string } }[];
    assert.deepEqual(
      objects.map((o) => [o.metadata.name, o.metadata.namespace, o.data.A]),
      [
        ['settings', 'team', '9'],
        ['other-settings', 'team', '1'],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
