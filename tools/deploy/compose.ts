/**
 * @module tools/deploy/compose
 * Reads what CI checks of `compose.yaml` need: the file itself (services must be mappings), env
 * files in Compose's KEY=VALUE format, and `${VAR:-default}` interpolation. Not a Compose engine:
 * it never builds or runs anything. CI only (imports a dev dependency).
 */
import { ReviewStarsError } from '../../src/core/errors.js';
import { readYamlFile } from './manifests.js';

/** The parts of a Compose service the checks look at; other keys stay as parsed. */
export interface ComposeService {
  build?: { context?: string; target?: string };
  image?: string;
  user?: string;
  environment?: Record<string, string> | string[];
  env_file?: string[] | string;
  ports?: (string | { target: number; published?: string | number; host_ip?: string })[];
  healthcheck?: { test?: string[] | string; interval?: string; timeout?: string; retries?: number; start_period?: string };
  depends_on?: Record<string, { condition?: string }> | string[];
  secrets?: (string | { source: string; target?: string })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  read_only?: boolean;
  cap_drop?: string[];
  [key: string]: unknown;
}

/** A parsed compose file. */
export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string; environment?: string }>;
  [key: string]: unknown;
}

/** Top-level keys of the Compose specification (plus `x-` extensions). */
const TOP_LEVEL_KEYS = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'include', 'models']);

function invalid(message: string, details: Record<string, unknown> = {}): ReviewStarsError {
  return new ReviewStarsError('DEPLOY_CONFIG_INVALID', message, details);
}

/**
 * Reads a compose file: one YAML document, known top-level keys, services as mappings.
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID saying what is wrong.
 */
export function readComposeFile(path: string): ComposeFile {
  const documents = readYamlFile(path);
  const root = documents[0];
  if (documents.length !== 1 || typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw invalid(`${path}: must hold one mapping`, { path });
  }
  const file = root as Record<string, unknown>;
  for (const key of Object.keys(file)) {
    if (!TOP_LEVEL_KEYS.has(key) && !key.startsWith('x-')) throw invalid(`${path}: unknown top-level key "${key}"`, { path, key });
  }
  const services = file.services;
  if (typeof services !== 'object' || services === null || Array.isArray(services) || Object.keys(services).length === 0) {
    throw invalid(`${path}: "services" must map service names to services`, { path });
  }
  for (const [name, service] of Object.entries(services)) {
    if (typeof service !== 'object' || service === null || Array.isArray(service)) throw invalid(`${path}: service "${name}" must be a mapping`, { path });
  }
  return file as ComposeFile;
}

/** A service's environment as a map, whichever of Compose's two forms it uses. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const environment = service.environment;
  if (environment === undefined) return {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/**
 * Parses an env file as Compose does for the common cases: `KEY=VALUE` lines, `#` comments and
 * blank lines, an optional `export `, and single- or double-quoted values.
 * @throws ReviewStarsError DEPLOY_CONFIG_INVALID for a line that is none of these.
 */
export function parseEnvFile(text: string, source: string): Record<string, string> {
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw invalid(`${source}:${index + 1}: not a KEY=VALUE line`, { source, line: index + 1 });
    let value = m[2] as string;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] as string;
    else value = value.replace(/\s+#.*$/, '');
    values[m[1] as string] = value;
  });
  return values;
}

/**
 * Resolves Compose interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$$`)
 * against `env`. `${VAR:?message}` throws when VAR is unset or empty, as Compose refuses to start.
 */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare) as string;
    const value = env[name];
    const unsetOrEmpty = value === undefined || (op !== undefined && op.startsWith(':') && value === '');
    if (op === ':-' || op === '-') return unsetOrEmpty ? (arg ?? '') : (value as string);
    if (op === ':?' || op === '?') {
      if (unsetOrEmpty) throw invalid(`${name} is required: ${arg ?? ''}`.trim(), { variable: name });
      return value as string;
    }
    return value ?? '';
  });
}
