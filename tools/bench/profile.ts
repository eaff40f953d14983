/**
 * @module tools/bench/profile
 * Reads a V8 CPU profile (`node --cpu-prof` output) and says where the time went: self time per
 * function and per area (review-stars' own code, fastify, other packages, Node internals, native
 * builtins, garbage collection, idle). Read-only; it never runs or changes the profiled program.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where a profile node's code is: the fields of a V8 call frame this module reads. */
export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** Self time of one function, or of one area. */
export interface ProfileShare {
  ms: number;
  share: number;
}

/** Where a profile's time went, largest first. */
export interface ProfileSummary {
  totalMs: number;
  functions: (ProfileShare & { name: string; area: string })[];
  areas: (ProfileShare & { area: string })[];
}

/** The parts of a V8 CPU profile (`.cpuprofile`) this module reads, once checked. */
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Whether `value` has the shape of a V8 CPU profile (each node with an id and a call frame). */
function isCpuProfile(value: unknown): value is CpuProfile {
  if (!isRecord(value) || !Array.isArray(value.nodes) || !Array.isArray(value.samples) || !Array.isArray(value.timeDeltas)) return false;
  return value.nodes.every((node: unknown) => isRecord(node) && typeof node.id === 'number' && isRecord(node.callFrame) &&
    typeof node.callFrame.url === 'string' && typeof node.callFrame.functionName === 'string' && typeof node.callFrame.lineNumber === 'number');
}

/** The area a profile node's code belongs to, from its script URL and function name. */
export function areaOf(callFrame: CallFrame): string {
  const { url, functionName } = callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8 / native (program)';
  if (url.includes('/node_modules/fastify/') || url.includes('/node_modules/@fastify/')) return 'fastify';
  if (url.includes('/node_modules/')) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    return `package ${match ? match[1] : '?'}`;
  }
  if (url.startsWith('node:')) return 'Node.js internals';
  // Builtins without a script: socket and file writes, JSON, RegExp, crypto bindings.
  if (url === '') return 'native (syscalls, JSON, RegExp, crypto)';
  const dist = /\/dist\/(?:src\/)?([^/]+)\//.exec(url);
  if (dist) return `review-stars ${dist[1]}/`;
  return 'other scripts';
}

/**
 * Self time of a profile by function and by area, largest first, in milliseconds and as a share of
 * the profile's sampled time: `{ totalMs, functions: [{ name, area, ms, share }], areas: [...] }`.
 */
export function summariseCpuProfile(profile: unknown, { top = 15 } = {}): ProfileSummary {
  if (!isCpuProfile(profile)) {
    throw new Error('not a V8 CPU profile (expected nodes, samples and timeDeltas)');
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((sample, i) => {
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    selfUs.set(sample, (selfUs.get(sample) ?? 0) + delta);
    totalUs += delta;
  });
  const functions = new Map<string, { name: string; area: string; us: number }>();
  const areas = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const area = areaOf(frame);
    const file = frame.url ? frame.url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/') : '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    const entry = functions.get(name) ?? { name, area, us: 0 };
    entry.us += us;
    functions.set(name, entry);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const share = (us: number): number => (totalUs > 0 ? us / totalUs : 0);
  return {
    totalMs: totalUs / 1000,
    functions: [...functions.values()].sort((a, b) => b.us - a.us).slice(0, top).map(({ name, area, us }) => ({ name, area, ms: us / 1000, share: share(us) })),
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, ms: us / 1000, share: share(us) })),
  };
}

/** The most recently written `.cpuprofile` file in `dir`, or null. */
export function newestCpuProfile(dir: string): string | null {
  let newest: { path: string; mtimeMs: number } | null = null;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.cpuprofile')) continue;
    const path = join(dir, name);
    const mtimeMs = statSync(path).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest?.path ?? null;
}

/** Reads and summarises the profile file at `path`. */
export function summariseCpuProfileFile(path: string, options?: { top?: number }): ProfileSummary {
  return summariseCpuProfile(JSON.parse(readFileSync(path, 'utf8')), options);
}
