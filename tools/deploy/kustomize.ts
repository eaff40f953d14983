/**
 * @module tools/deploy/kustomize
 * Renders a kustomization without kubectl, for CI machines that lack it. It supports exactly the
 * subset `deploy/kubernetes` uses (resources, namespace, JSON 6902 patches, images) and refuses
 * anything else rather than render it differently from `kubectl kustomize`; `renderWithKubectl`
 * runs the real thing where kubectl exists, `renderManifests` prefers it, and the tests compare the two.
 * Why it exists at all: CI gets only npm and Debian packages, and Debian's one kubectl
 * (bookworm's kubernetes-client 1.20.2, kustomize v2.0.3 inside) refuses the overlay's `patches:`
 * field, which kustomize has had since v3.1. CI only.
 */
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { ReviewStarsError } from '../../src/core/errors.js';
import { applyJsonPatch, parseJsonPatch, type JsonValue } from './json-patch.js';
import { asKubeObject, objectId, parseYamlDocuments, readManifestFile, readYamlFile, type KubeObject } from './manifests.js';

/** Fields of a kustomization this renderer understands; any other field is refused. */
const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'patches', 'images']);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Kinds that live outside namespaces: `namespace:` leaves them alone (kustomize does the same). */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'PersistentVolume',
  'PriorityClass',
  'StorageClass',
  'RuntimeClass',
]);

/** One entry of `images:`. */
export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Which objects a patch applies to. */
export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

function invalid(message: string, details: Record<string, unknown>): ReviewStarsError {
  return new ReviewStarsError('DEPLOY_CONFIG_INVALID', message, details);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The kustomization file of `dir`, or undefined when it has none. */
export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((name) => join(dir, name)).find((path) => existsSync(path));
}

function stringList(value: unknown, field: string, source: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw invalid(`${source}: "${field}" must be a list of non-empty strings`, { source, field });
  }
  return value as string[];
}

function parseImages(value: unknown, source: string): ImageOverride[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`${source}: "images" must be a list`, { source });
  return value.map((entry, index) => {
    const where = `${source}: images[${index}]`;
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') throw invalid(`${where} needs a "name"`, { source });
    for (const key of Object.keys(entry)) {
      if (!['name', 'newName', 'newTag', 'digest'].includes(key)) throw invalid(`${where}: unsupported field "${key}"`, { source });
      if (typeof entry[key] !== 'string') throw invalid(`${where}: "${key}" must be a string`, { source });
    }
    return entry as unknown as ImageOverride;
  });
}

interface ParsedPatch {
  operations: ReturnType<typeof parseJsonPatch>;
  target: PatchTarget;
  source: string;
}

function parsePatches(value: unknown, dir: string, source: string): ParsedPatch[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`${source}: "patches" must be a list`, { source });
  return value.map((entry, index) => {
    const where = `${source}: patches[${index}]`;
    if (!isRecord(entry)) throw invalid(`${where} must be a mapping`, { source });
    for (const key of Object.keys(entry)) {
      if (!['path', 'patch', 'target'].includes(key)) throw invalid(`${where}: unsupported field "${key}"`, { source });
    }
    if (!isRecord(entry.target)) throw invalid(`${where}: a JSON 6902 patch needs a "target"`, { source });
    const target: PatchTarget = {};
    for (const [key, v] of Object.entries(entry.target)) {
      if (!['group', 'version', 'kind', 'name', 'namespace'].includes(key)) {
        throw invalid(`${where}: target field "${key}" is not supported offline; render with kubectl kustomize`, { source });
      }
      if (typeof v !== 'string') throw invalid(`${where}: target.${key} must be a string`, { source });
      target[key as keyof PatchTarget] = v;
    }
    let raw: unknown[];
    let patchSource: string;
    if (typeof entry.path === 'string' && entry.patch === undefined) {
      patchSource = join(dir, entry.path);
      raw = readYamlFile(patchSource);
    } else if (typeof entry.patch === 'string' && entry.path === undefined) {
      patchSource = `${where} (inline)`;
      raw = parseYamlDocuments(entry.patch, patchSource);
    } else {
      throw invalid(`${where}: give exactly one of "path" or "patch"`, { source });
    }
    if (raw.length !== 1 || !Array.isArray(raw[0])) {
      throw invalid(`${patchSource}: only JSON 6902 patches (a list of operations) are supported offline; render with kubectl kustomize`, {
        source: patchSource,
      });
    }
    return { operations: parseJsonPatch(raw[0], patchSource), target, source: patchSource };
  });
}

function matchesTarget(object: KubeObject, target: PatchTarget): boolean {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  // kustomize reads target names and namespaces as anchored regular expressions.
  const anchored = (pattern: string, value: string): boolean => new RegExp(`^(?:${pattern})$`).test(value);
  return (
    (target.kind === undefined || target.kind === object.kind) &&
    (target.group === undefined || target.group === group) &&
    (target.version === undefined || target.version === version) &&
    (target.name === undefined || anchored(target.name, object.metadata.name)) &&
    (target.namespace === undefined || anchored(target.namespace, object.metadata.namespace ?? ''))
  );
}

/** Splits "registry:5000/repo/name:tag@sha256:..." into name and the tag/digest suffix. */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  return {
    name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    ...(hasTag ? { tag: withoutDigest.slice(colon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The image reference `image` becomes under `override` (kustomize's images transformer). */
export function overrideImage(image: string, override: ImageOverride): string {
  const parts = splitImage(image);
  const name = override.newName ?? parts.name;
  if (override.digest !== undefined) return `${name}@${override.digest}`;
  if (override.newTag !== undefined) return `${name}:${override.newTag}`;
  return `${name}${parts.tag !== undefined ? `:${parts.tag}` : ''}${parts.digest !== undefined ? `@${parts.digest}` : ''}`;
}

/** Rewrites, in place, every `containers[].image` / `initContainers[].image` found under `node`. */
function applyImages(node: unknown, overrides: readonly ImageOverride[]): void {
  if (Array.isArray(node)) {
    for (const item of node) applyImages(item, overrides);
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const container of value) {
        if (!isRecord(container) || typeof container.image !== 'string') continue;
        const current = container.image;
        const override = overrides.find((o) => o.name === splitImage(current).name);
        if (override) container.image = overrideImage(current, override);
      }
    }
    applyImages(value, overrides);
  }
}

/**
 * Renders the kustomization in `dir` (its bases first, then its patches, namespace and images, in
 * kustomize's order) into the list of objects `kubectl kustomize dir` would print.
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID for a malformed or unsupported kustomization.
 */
export function renderKustomization(dir: string): KubeObject[] {
  const file = kustomizationFile(dir);
  if (!file) throw invalid(`${dir}: no kustomization.yaml`, { dir });
  const documents = readYamlFile(file);
  const spec = documents[0];
  if (documents.length !== 1 || !isRecord(spec)) throw invalid(`${file}: must hold one mapping`, { file });
  if (spec.kind !== undefined && spec.kind !== 'Kustomization') throw invalid(`${file}: kind must be Kustomization`, { file });
  for (const field of Object.keys(spec)) {
    if (!SUPPORTED_FIELDS.has(field)) {
      throw invalid(`${file}: field "${field}" is not supported by the offline renderer; render with kubectl kustomize`, { file, field });
    }
  }
  const objects: KubeObject[] = [];
  for (const resource of stringList(spec.resources, 'resources', file)) {
    if (/^[a-z]+:\/\//i.test(resource)) throw invalid(`${file}: remote resource "${resource}" is not supported offline`, { file });
    const path = resolve(dirname(file), resource);
    if (!existsSync(path)) throw invalid(`${file}: resource "${resource}" does not exist`, { file, resource });
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : readManifestFile(path)));
  }
  const seen = new Set<string>();
  for (const object of objects) {
    const id = objectId(object);
    if (seen.has(id)) throw invalid(`${file}: ${id} is defined twice`, { file, id });
    seen.add(id);
  }

  let rendered = objects;
  for (const patch of parsePatches(spec.patches, dirname(file), file)) {
    let applied = 0;
    rendered = rendered.map((object) => {
      if (!matchesTarget(object, patch.target)) return object;
      applied += 1;
      return asKubeObject(applyJsonPatch(object as unknown as JsonValue, patch.operations), patch.source);
    });
    if (applied === 0) throw invalid(`${patch.source}: the patch target matches no resource`, { source: patch.source });
  }
  if (spec.namespace !== undefined) {
    if (typeof spec.namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.namespace)) {
      throw invalid(`${file}: "namespace" must be a DNS label`, { file });
    }
    const namespace = spec.namespace;
    rendered = rendered.map((object) =>
      CLUSTER_SCOPED_KINDS.has(object.kind) ? object : { ...object, metadata: { ...object.metadata, namespace } },
    );
  }
  const images = parseImages(spec.images, file);
  if (images.length > 0) {
    rendered = rendered.map((object) => {
      const copy = structuredClone(object);
      applyImages(copy, images);
      return copy;
    });
  }
  return rendered;
}

/**
 * The objects of the kustomization in `dir`: `kubectl kustomize`'s rendering where kubectl is
 * installed, else this module's own (see the header for why both exist).
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID when the kustomization cannot be rendered.
 */
export function renderManifests(dir: string): KubeObject[] {
  return renderWithKubectl(dir) ?? renderKustomization(dir);
}

/**
 * Runs `kubectl kustomize dir` and parses its output; undefined when kubectl is not installed.
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID when kubectl exists but fails to render.
 */
export function renderWithKubectl(dir: string, kubectl = 'kubectl'): KubeObject[] | undefined {
  const run = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  if (run.error) throw invalid(`${kubectl} kustomize ${dir}: ${run.error.message}`, { dir });
  if (run.status !== 0) throw invalid(`${kubectl} kustomize ${dir} failed: ${run.stderr.trim()}`, { dir });
  return parseYamlDocuments(run.stdout, `${kubectl} kustomize ${dir}`).map((d, i) => asKubeObject(d, `${kubectl} kustomize output (document ${i + 1})`));
}
