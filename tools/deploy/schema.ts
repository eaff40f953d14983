/**
 * @module tools/deploy/schema
 * Validates Kubernetes objects offline against the API schemas compiled in `kubernetes-models`, and
 * also reports fields the schema does not know (a misspelt `readinessProbe` would otherwise be
 * silently dropped by the API server). CI only: imports dev dependencies; never used at runtime.
 */
import type { KubeObject } from './manifests.js';

/** apiVersions that current Kubernetes releases (1.25 and later) no longer serve. */
const REMOVED_API_VERSIONS = new Set([
  'extensions/v1beta1',
  'apps/v1beta1',
  'apps/v1beta2',
  'policy/v1beta1',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'networking.k8s.io/v1beta1',
  'batch/v1beta1',
]);

interface ModelClass {
  new (data: unknown): object;
  prototype: { validate(): void };
}

interface AjvError {
  instancePath?: string;
  message?: string;
}

/** What a proxy saw of one object while the schema validator walked it. */
interface Visit {
  path: string;
  target: Record<string, unknown>;
  read: Set<string>;
  /** The validator listed the keys itself (a map type such as labels): every key is allowed. */
  enumerated: boolean;
}

/**
 * Wraps `target` so that every property the validator reads is recorded. A compiled schema reads
 * exactly the properties it declares, and enumerates the keys of free-form maps, so an own key that
 * was neither read nor enumerated is a field the schema does not have.
 */
function tracked(target: unknown, path: string, visits: Visit[]): unknown {
  if (typeof target !== 'object' || target === null) return target;
  const visit: Visit = { path, target: target as Record<string, unknown>, read: new Set(), enumerated: false };
  visits.push(visit);
  const children = new Map<string, unknown>();
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof key !== 'string') return value;
      visit.read.add(key);
      if (typeof value !== 'object' || value === null || !Object.hasOwn(object, key)) return value;
      let child = children.get(key);
      if (child === undefined) {
        child = tracked(value, `${path}/${key}`, visits);
        children.set(key, child);
      }
      return child;
    },
    has(object, key) {
      if (typeof key === 'string') visit.read.add(key);
      return Reflect.has(object, key);
    },
    ownKeys(object) {
      visit.enumerated = true;
      return Reflect.ownKeys(object);
    },
  });
}

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass | string> {
  if (!/^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) {
    return `apiVersion "${apiVersion}" is not of the form [group/]version`;
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) return `kind "${kind}" is not a Kubernetes kind name`;
  let module: Record<string, unknown>;
  try {
    module = (await import(`kubernetes-models/${apiVersion}`)) as Record<string, unknown>;
  } catch {
    return `apiVersion "${apiVersion}" is not a built-in Kubernetes API`;
  }
  const model = module[kind];
  if (typeof model !== 'function') return `kind "${kind}" does not exist in ${apiVersion}`;
  return model as ModelClass;
}

/**
 * Every problem the Kubernetes schema finds in `object`, as "<json pointer>: <message>" lines;
 * an empty list means the object is valid. Never throws for an invalid object.
 */
export async function schemaProblems(object: KubeObject): Promise<string[]> {
  if (REMOVED_API_VERSIONS.has(object.apiVersion)) {
    return [`: apiVersion ${object.apiVersion} is no longer served by Kubernetes 1.25 and later`];
  }
  const model = await modelClass(object.apiVersion, object.kind);
  if (typeof model === 'string') return [`: ${model}`];
  const instance = new model(object);
  const visits: Visit[] = [];
  const problems: string[] = [];
  try {
    model.prototype.validate.call(tracked(instance, '', visits));
  } catch (err) {
    const errors = (err as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw err;
    for (const e of errors) {
      problems.push(`${e.instancePath ?? ''}: ${e.message ?? 'is invalid'}`);
    }
  }
  for (const visit of visits) {
    if (visit.enumerated || Array.isArray(visit.target)) continue;
    for (const key of Object.keys(visit.target)) {
      if (!visit.read.has(key)) problems.push(`${visit.path}/${key}: unknown field (not in the ${object.kind} schema)`);
    }
  }
  return problems;
}
