/**
 * @module tools/deploy/manifests
 * Reads Kubernetes manifests (multi-document YAML) into plain objects and finds them by kind and
 * name. For CI checks of `deploy/`: it imports dev dependencies, so runtime code must not use it.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { ReviewStarsError } from '../../src/core/errors.js';
import type { JsonValue } from './json-patch.js';

/** A Kubernetes object as written in a manifest. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } & Record<string, JsonValue>;
  [field: string]: JsonValue;
}

function invalid(message: string, details: Record<string, unknown>): ReviewStarsError {
  return new ReviewStarsError('DEPLOY_CONFIG_INVALID', message, details);
}

/**
 * Parses YAML text into its documents (empty documents skipped).
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID on a YAML syntax error, with the source and line.
 */
export function parseYamlDocuments(text: string, source: string): unknown[] {
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const values: unknown[] = [];
  for (const document of list) {
    const first = document.errors[0];
    if (first) throw invalid(`${source}: ${first.message}`, { source });
    const value: unknown = document.toJS({ maxAliasCount: 0 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/** Reads one YAML file (which may hold several documents). */
export function readYamlFile(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw invalid(`cannot read ${path}: ${(err as Error).message}`, { path });
  }
  return parseYamlDocuments(text, path);
}

/**
 * Checks that `value` has the shape every Kubernetes object has (apiVersion, kind, metadata.name).
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID naming the source and the missing field.
 */
export function asKubeObject(value: unknown, source: string): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${source}: a manifest document must be a mapping`, { source });
  }
  const object = value as Record<string, unknown>;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof object[field] !== 'string' || object[field] === '') throw invalid(`${source}: "${field}" must be a non-empty string`, { source });
  }
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (typeof metadata !== 'object' || metadata === null || typeof metadata.name !== 'string' || metadata.name === '') {
    throw invalid(`${source}: ${String(object.kind)} needs metadata.name`, { source });
  }
  return object as KubeObject;
}

/** Reads every Kubernetes object of a manifest file. */
export function readManifestFile(path: string): KubeObject[] {
  return readYamlFile(path).map((document, index) => asKubeObject(document, `${path} (document ${index + 1})`));
}

/** "Kind/namespace/name", the identity kustomize and kubectl use for an object. */
export function objectId(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * The one object of `kind` (and `name`, when given) among `objects`.
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID when there is none or more than one.
 */
export function findObject(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const matches = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (matches.length !== 1) {
    throw invalid(`expected exactly one ${kind}${name ? ` named ${name}` : ''}, found ${matches.length}`, { kind, name });
  }
  return matches[0] as KubeObject;
}
