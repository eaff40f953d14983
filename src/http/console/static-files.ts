/**
 * @module http/console/static-files
 * Serves the console's built files from memory: `/ui/` is its HTML page (short cache: revalidated
 * every time, so a new build shows at once), `/ui/assets/<name>-<hash>.<ext>` its scripts and
 * styles (a year, immutable: the content hash changes with every change). Files are read and
 * gzipped once at start. Sends a Content-Security-Policy that allows nothing but the service's own
 * files. Does not build anything (the build writes the files) and serves nothing outside the folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ReviewStarsError } from '../../core/errors.js';
import type { TypedApp } from '../context.js';

/** One file ready to send. */
interface StaticFile {
  body: Buffer;
  gzipped: Buffer | undefined;
  type: string;
  cacheControl: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

const LONG_CACHE = 'public, max-age=31536000, immutable';
const SHORT_CACHE = 'no-cache';
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The built console: its page and its assets by file name. */
export interface ConsoleFiles {
  index: StaticFile;
  assets: ReadonlyMap<string, StaticFile>;
}

/**
 * Reads the built console from `dir` (index.html and assets/), or undefined when it was not built.
 * Asset names must carry a content hash (`name-HASH.ext`): only they get the long cache.
 */
export function readConsoleFiles(dir: string): ConsoleFiles | undefined {
  let indexBody: Buffer;
  try {
    indexBody = readFileSync(join(dir, 'index.html'));
  } catch {
    return undefined;
  }
  const assets = new Map<string, StaticFile>();
  const assetsDir = join(dir, 'assets');
  for (const path of listFiles(assetsDir)) {
    const name = relative(assetsDir, path).split(sep).join('/');
    const type = TYPES[extension(name)];
    if (type === undefined) continue;
    assets.set(name, prepare(readFileSync(path), type, /-[A-Za-z0-9]{8,}\.[a-z]+$/.test(name) ? LONG_CACHE : SHORT_CACHE));
  }
  return { index: prepare(indexBody, TYPES['.html'] as string, SHORT_CACHE), assets };
}

const AssetParams = Type.Object({ '*': Type.String({ maxLength: 200 }) });

/** Registers `/ui`, `/ui/` and `/ui/assets/*` (public: the page signs in by itself). */
export function registerStaticRoutes(app: TypedApp, files: ConsoleFiles | undefined): void {
  const hide = { hide: true };
  app.get('/ui', { schema: hide }, function redirectToConsole(_request, reply) {
    return reply.redirect('/ui/', 301);
  });
  app.get('/ui/', { schema: hide }, function consolePage(request, reply) {
    if (files === undefined) throw notBuilt();
    return send(request, reply, files.index);
  });
  app.get('/ui/assets/*', { schema: { ...hide, params: AssetParams } }, function consoleAsset(request, reply) {
    if (files === undefined) throw notBuilt();
    const file = files.assets.get(request.params['*']);
    if (file === undefined) throw new ReviewStarsError('NOT_FOUND', 'no such console file: reload the console page');
    return send(request, reply, file);
  });
}

function send(request: FastifyRequest, reply: FastifyReply, file: StaticFile): FastifyReply {
  const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  reply
    .header('content-type', file.type)
    .header('cache-control', file.cacheControl)
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('vary', 'accept-encoding');
  if (acceptsGzip && file.gzipped !== undefined) return reply.header('content-encoding', 'gzip').send(file.gzipped);
  return reply.send(file.body);
}

function prepare(body: Buffer, type: string, cacheControl: string): StaticFile {
  // Worth it only for text; gzip is what a browser's first load is measured in.
  const gzipped = type.startsWith('image/png') ? undefined : gzipSync(body, { level: 9 });
  return { body, gzipped: gzipped !== undefined && gzipped.length < body.length ? gzipped : undefined, type, cacheControl };
}

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot);
}

function notBuilt(): ReviewStarsError {
  return new ReviewStarsError('CONSOLE_NOT_BUILT', 'the console is not built into this installation: run npm run build');
}
