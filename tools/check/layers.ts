/**
 * @module tools/check/layers
 * The rule between the project's folders, as data, and the check that finds imports breaking it.
 * Product code (src/) is layered: a folder may import its own layer and lower ones, never a higher
 * one, and never the tooling or the test helpers. Reads TypeScript sources only; changes nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * src/ folders from the bottom up. A folder imports only folders of a lower rank, plus its own
 * folder; folders sharing a rank are independent of each other (their tests may use both).
 */
export const SRC_LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['data', 'text', 'stats'],
  ['models'],
  ['train'],
  ['registry'],
  ['evaluation'],
  ['store'],
  ['monitoring'],
  ['auth'],
  ['http'],
  ['ui'],
  ['cli'],
];

/** Top-level areas outside src/ and what each may import. */
const AREA_MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  'test-support': ['src', 'test-support'],
  test: ['src', 'test-support', 'test'],
  tools: ['src', 'test-support', 'tools'],
};

/** One import that breaks the rule. */
export interface LayerViolation {
  file: string;
  imports: string;
  reason: string;
}

/** Where a repository-relative path sits: its area and, inside src/, its folder. */
function placeOf(path: string): { area: string; folder: string | undefined } {
  const parts = path.split('/');
  const area = parts[0] ?? '';
  return { area, folder: area === 'src' && parts.length > 2 ? parts[1] : undefined };
}

function rankOf(folder: string): number {
  return SRC_LAYERS.findIndex((layer) => layer.includes(folder));
}

const isTestFile = (path: string): boolean => path.endsWith('.test.ts');

/**
 * The violations in an import graph: `graph` maps each repository-relative file (with `/`) to the
 * repository-relative files it imports. Pure, so that the rule itself can be tested on made-up graphs.
 */
export function layerViolations(graph: ReadonlyMap<string, readonly string[]>): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const [file, targets] of graph) {
    const from = placeOf(file);
    if (from.area === 'src' && from.folder !== undefined && rankOf(from.folder) < 0) {
      violations.push({ file, imports: '', reason: `src/${from.folder}/ is in no layer: add it to SRC_LAYERS in tools/check/layers.ts` });
    }
    for (const target of targets) {
      const to = placeOf(target);
      const say = (reason: string): void => void violations.push({ file, imports: target, reason });
      if (from.area === 'src') {
        if (to.area === 'test-support' && isTestFile(file)) continue;
        if (to.area !== 'src') {
          say(`product code imports ${to.area}/`);
          continue;
        }
        if (from.folder === undefined || to.folder === undefined || from.folder === to.folder) continue;
        const fromRank = rankOf(from.folder);
        const toRank = rankOf(to.folder);
        if (toRank > fromRank) say(`${from.folder}/ is below ${to.folder}/ and must not import it`);
        else if (toRank === fromRank && !isTestFile(file)) say(`${from.folder}/ and ${to.folder}/ share a layer and must not import each other`);
        continue;
      }
      const allowed = AREA_MAY_IMPORT[from.area];
      if (allowed && !allowed.includes(to.area)) say(`${from.area}/ must not import ${to.area}/`);
    }
  }
  return violations;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : typeScriptFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The relative-import graph of the repository's TypeScript (src, tools, test, test-support). */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const area of ['src', 'tools', 'test', 'test-support']) {
    let files: string[];
    try {
      files = typeScriptFiles(join(root, area));
    } catch {
      continue;
    }
    for (const file of files) {
      const targets: string[] = [];
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = (match[1] ?? match[2]) as string;
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        targets.push(relative(root, target).split(sep).join('/'));
      }
      graph.set(relative(root, file).split(sep).join('/'), targets);
    }
  }
  return graph;
}
