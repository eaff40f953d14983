/**
 * @module tools/build/build-ui
 * The console half of `npm run build`: bundles src/ui/main.ts (Preact, htm, uPlot and the
 * console's code and styles) with esbuild into content-hashed, minified files under
 * dist/src/ui/public/assets/, and writes dist/src/ui/public/index.html that loads them. The server serves
 * that folder under /ui/ (hashed assets with a long cache). Type-checking is tsc's job
 * (`tsc -p src/ui`); run from dist/tools/build/ after tsc; this only bundles. No network, no CDN.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const outDir = join(root, 'dist/src/ui/public');
const assetsDir = join(outDir, 'assets');

await rm(outDir, { recursive: true, force: true });
await mkdir(assetsDir, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src/ui/main.ts')],
  outdir: assetsDir,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
const script = outputs.find((name) => name.endsWith('.js'));
const style = outputs.find((name) => name.endsWith('.css'));
if (script === undefined || style === undefined) throw new Error(`build-ui: expected one .js and one .css output, got ${outputs.join(', ')}`);

// No inline script or style: the page's Content-Security-Policy allows only the service's own files.
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>review-stars console</title>
<link rel="stylesheet" href="assets/${style}">
<script type="module" src="assets/${script}"></script>
</head>
<body>
<div id="app"><noscript>The review-stars console needs JavaScript. The JSON API is documented at <a href="../docs">/docs</a>.</noscript></div>
</body>
</html>
`;
await writeFile(join(outDir, 'index.html'), html);
console.log(`build-ui: ${relative(root, outDir)}/index.html loads assets/${script} and assets/${style}`);
