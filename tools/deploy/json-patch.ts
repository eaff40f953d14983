/**
 * @module tools/deploy/json-patch
 * RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over plain JSON values, as kustomize
 * applies it to a manifest. Used to render the deployment overlays offline; it never mutates its input.
 */
import { ReviewStarsError } from '../../src/core/errors.js';

/** A JSON value as parsed from YAML or JSON. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One JSON Patch operation (RFC 6902 section 4). */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function invalid(message: string, details: Record<string, unknown> = {}): ReviewStarsError {
  return new ReviewStarsError('DEPLOY_CONFIG_INVALID', message, details);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that `raw` (e.g. a parsed patch file) is a list of well-formed JSON Patch operations.
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID naming the first malformed operation.
 */
export function parseJsonPatch(raw: unknown, source: string): JsonPatchOperation[] {
  if (!Array.isArray(raw)) throw invalid(`${source}: a JSON patch must be a list of operations`, { source });
  return raw.map((item, index) => {
    const where = `${source}: operation ${index}`;
    if (!isObject(item) || typeof item.op !== 'string' || !OPS.has(item.op)) {
      throw invalid(`${where}: "op" must be one of ${[...OPS].join(', ')}`, { source, index });
    }
    if (typeof item.path !== 'string') throw invalid(`${where}: "path" must be a string`, { source, index });
    parsePointer(item.path, where);
    if (item.op === 'move' || item.op === 'copy') {
      if (typeof item.from !== 'string') throw invalid(`${where}: "${item.op}" needs a string "from"`, { source, index });
      parsePointer(item.from, where);
    }
    if ((item.op === 'add' || item.op === 'replace' || item.op === 'test') && !('value' in item)) {
      throw invalid(`${where}: "${item.op}" needs a "value"`, { source, index });
    }
    return item as JsonPatchOperation;
  });
}

/** Splits a JSON Pointer (RFC 6901) into unescaped reference tokens. */
export function parsePointer(pointer: string, where = 'JSON pointer'): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw invalid(`${where}: pointer "${pointer}" must start with "/"`, { pointer });
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/** Resolves an array index token; `-` (append) only where `allowEnd`. */
function arrayIndex(array: JsonValue[], token: string, allowEnd: boolean, pointer: string): number {
  if (token === '-' && allowEnd) return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw invalid(`"${pointer}": "${token}" is not an array index`, { pointer });
  const index = Number(token);
  const limit = allowEnd ? array.length : array.length - 1;
  if (index > limit) throw invalid(`"${pointer}": index ${index} is out of range (length ${array.length})`, { pointer });
  return index;
}

/** The container that holds the last token of `tokens`, walking from `root`. */
function parentOf(root: JsonValue, tokens: string[], pointer: string): JsonValue {
  let node = root;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false, pointer)] as JsonValue;
    else if (isObject(node) && Object.hasOwn(node, token)) node = (node as Record<string, JsonValue>)[token] as JsonValue;
    else throw invalid(`"${pointer}": no value at "${token}"`, { pointer });
  }
  return node;
}

function getAt(root: JsonValue, pointer: string): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return root;
  const parent = parentOf(root, tokens, pointer);
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false, pointer)] as JsonValue;
  if (isObject(parent) && Object.hasOwn(parent, last)) return (parent as Record<string, JsonValue>)[last] as JsonValue;
  throw invalid(`"${pointer}": no value there`, { pointer });
}

/** Returns the new root (only differs from `root` when the pointer is ""). */
function addAt(root: JsonValue, pointer: string, value: JsonValue): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(root, tokens, pointer);
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, pointer), 0, value);
  else if (isObject(parent)) (parent as Record<string, JsonValue>)[last] = value;
  else throw invalid(`"${pointer}": the parent is not an object or array`, { pointer });
  return root;
}

function removeAt(root: JsonValue, pointer: string): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw invalid('cannot remove the whole document', { pointer });
  const parent = parentOf(root, tokens, pointer);
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false, pointer), 1)[0] as JsonValue;
  if (isObject(parent) && Object.hasOwn(parent, last)) {
    const record = parent as Record<string, JsonValue>;
    const removed = record[last] as JsonValue;
    delete record[last];
    return removed;
  }
  throw invalid(`"${pointer}": no value to remove`, { pointer });
}

function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i] as JsonValue));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k] as JsonValue, b[k] as JsonValue));
  }
  return false;
}

/**
 * Applies `operations` in order to a copy of `document` and returns the copy; all or nothing.
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID when a path is missing or a `test` fails.
 */
export function applyJsonPatch(document: JsonValue, operations: readonly JsonPatchOperation[]): JsonValue {
  let root = clone(document);
  for (const operation of operations) {
    switch (operation.op) {
      case 'add':
        root = addAt(root, operation.path, clone(operation.value));
        break;
      case 'remove':
        removeAt(root, operation.path);
        break;
      case 'replace':
        getAt(root, operation.path);
        if (operation.path === '') root = clone(operation.value);
        else {
          removeAt(root, operation.path);
          root = addAt(root, operation.path, clone(operation.value));
        }
        break;
      case 'move': {
        if (operation.path.startsWith(`${operation.from}/`)) {
          throw invalid(`cannot move "${operation.from}" into its own child "${operation.path}"`, { pointer: operation.path });
        }
        const moved = removeAt(root, operation.from);
        root = addAt(root, operation.path, moved);
        break;
      }
      case 'copy':
        root = addAt(root, operation.path, clone(getAt(root, operation.from)));
        break;
      case 'test':
        if (!deepEqual(getAt(root, operation.path), operation.value)) {
          throw invalid(`test failed: "${operation.path}" is not ${JSON.stringify(operation.value)}`, { pointer: operation.path });
        }
        break;
    }
  }
  return root;
}
