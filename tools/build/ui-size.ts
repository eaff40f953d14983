/**
 * @module tools/build/ui-size
 * `npm run ui:size`: what a browser transfers on its first load of the console, gzipped as the
 * server sends it: the page and every asset it references. Fails above the 150 KB budget.
 * Reads the built files (run `npm run build` first); measures sizes, never time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1024;
const dir = fileURLToPath(new URL('../../../dist/src/ui/public/', import.meta.url));

let page: Buffer;
try {
  page = readFileSync(join(dir, 'index.html'));
} catch {
  console.error('ui-size: dist/src/ui/public/index.html is missing: run npm run build first');
  process.exit(1);
}
const files: Array<[string, Buffer]> = [['index.html', page]];
for (const match of page.toString('utf8').matchAll(/(?:href|src)="(assets\/[^"]+)"/g)) {
  const name = match[1] as string;
  files.push([name, readFileSync(join(dir, name))]);
}

const kb = (n: number): string => (n / 1024).toFixed(1);
let raw = 0;
let gzipped = 0;
console.log('| file | bytes | gzip (level 9, as served) |');
console.log('|---|---:|---:|');
for (const [name, body] of files) {
  const size = gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gzipped += size;
  console.log(`| ${name} | ${body.length} | ${size} |`);
}
console.log(`| **first load** | ${raw} (${kb(raw)} KB) | ${gzipped} (${kb(gzipped)} KB) |`);
if (gzipped > BUDGET_BYTES) {
  console.error(`ui-size: the first load is ${kb(gzipped)} KB gzip, over the ${kb(BUDGET_BYTES)} KB budget`);
  process.exit(1);
}
console.log(`within the ${kb(BUDGET_BYTES)} KB budget`);
