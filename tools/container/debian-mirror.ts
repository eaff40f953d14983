#!/usr/bin/env node
/**
 * @module tools/container/debian-mirror
 * Prints the Debian mirror that apt on this machine already uses for a suite, as two tab-separated
 * fields: the mirror URI and its keyring file (empty when the source names none). Reads
 * /etc/apt/sources.list and /etc/apt/sources.list.d/*.list (one-line form) and *.sources (deb822
 * form), as apt does; other files there (e.g. *.disabled) are ignored, as apt ignores them.
 * Only `deb` entries for exactly that suite with the `main` component count; the first one wins.
 * Usage: node dist/tools/container/debian-mirror.js SUITE [APT_ETC_DIR]   (APT_ETC_DIR: /etc/apt)
 * Exits 1 with a message when no such entry exists. Never contacts the mirror.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One apt source entry, in deb822's terms (a one-line entry has one type, URI and suite). */
export interface AptSource {
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  /** keyring file, or '' when the entry names none (or an inline key) */
  signedBy: string;
  enabled: boolean;
}

/** Entries of a one-line sources.list: `deb [opt=v ...] URI SUITE COMPONENT...`. */
export function parseOneLine(text: string): AptSource[] {
  const entries: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const options: Record<string, string> = {};
    const rest = line.replace(/\[([^\]]*)\]/, (_, opts: string) => {
      for (const opt of opts.trim().split(/\s+/)) {
        const eq = opt.indexOf('=');
        if (eq > 0) options[opt.slice(0, eq).toLowerCase()] = opt.slice(eq + 1);
      }
      return ' ';
    });
    const [type, uri, suite, ...components] = rest.trim().split(/\s+/);
    if (!type || !uri || !suite) continue;
    entries.push({ types: [type], uris: [uri], suites: [suite], components, signedBy: options['signed-by'] ?? '', enabled: true });
  }
  return entries;
}

/** Entries of a deb822 .sources file: paragraphs of `Field: value` (continuation lines indented). */
export function parseDeb822(text: string): AptSource[] {
  const entries: AptSource[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    let current: string | undefined;
    for (const raw of paragraph.split('\n')) {
      if (raw.startsWith('#')) continue;
      if (/^\s/.test(raw) && current) {
        fields[current] += `\n${raw.trim()}`;
        continue;
      }
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (m) {
        current = (m[1] ?? '').toLowerCase();
        fields[current] = (m[2] ?? '').trim();
      }
    }
    if (!fields.types || !fields.uris || !fields.suites) continue;
    const words = (v: string | undefined): string[] => (v ?? '').split(/\s+/).filter((w) => w !== '');
    // Signed-By is a keyring path, or an inline key block (which debootstrap cannot use).
    const signedBy = fields['signed-by'] && !fields['signed-by'].includes('\n') ? fields['signed-by'] : '';
    entries.push({
      types: words(fields.types),
      uris: words(fields.uris),
      suites: words(fields.suites),
      components: words(fields.components),
      signedBy,
      enabled: !/^(no|false|0)$/i.test(fields.enabled ?? 'yes'),
    });
  }
  return entries;
}

/** Every source entry apt reads under `aptDir`, in apt's order (sources.list, then the parts in name order). */
export function readAptSources(aptDir: string): AptSource[] {
  const entries: AptSource[] = [];
  const main = join(aptDir, 'sources.list');
  if (existsSync(main)) entries.push(...parseOneLine(readFileSync(main, 'utf8')));
  const partsDir = join(aptDir, 'sources.list.d');
  if (existsSync(partsDir)) {
    for (const name of readdirSync(partsDir).sort()) {
      if (name.endsWith('.list')) entries.push(...parseOneLine(readFileSync(join(partsDir, name), 'utf8')));
      else if (name.endsWith('.sources')) entries.push(...parseDeb822(readFileSync(join(partsDir, name), 'utf8')));
    }
  }
  return entries;
}

/** The first enabled `deb` entry of exactly `suite` with `main`, as { uri, keyring }, or undefined. */
export function findMirror(entries: readonly AptSource[], suite: string): { uri: string; keyring: string } | undefined {
  for (const e of entries) {
    if (!e.enabled || !e.types.includes('deb') || !e.suites.includes(suite) || !e.components.includes('main')) continue;
    const uri = e.uris.find((u) => /^(https?|file):/.test(u));
    if (uri) return { uri: uri.replace(/\/+$/, ''), keyring: e.signedBy };
  }
  return undefined;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const [suite, aptDir = '/etc/apt'] = process.argv.slice(2);
  if (!suite) {
    console.error('usage: debian-mirror.js SUITE [APT_ETC_DIR]');
    process.exit(2);
  }
  const mirror = findMirror(readAptSources(aptDir), suite);
  if (!mirror) {
    console.error(`no apt source under ${aptDir} has a "deb" entry for suite ${suite} with component main: configure one, or run on a Debian ${suite} machine`);
    process.exit(1);
  }
  process.stdout.write(`${mirror.uri}\t${mirror.keyring}\n`);
}
