/**
 * @module tools/deploy/dockerfile
 * Reads the facts the deployment files must agree with from a Dockerfile: its stages and, per
 * stage, EXPOSE, USER, ENV, CMD and ENTRYPOINT. A reader for CI checks, not a builder: it does not
 * follow `FROM <stage>` inheritance, resolve ARGs or evaluate shell forms.
 */

/** One build stage as written. */
export interface DockerStage {
  /** The stage's `AS` name, or its index as a string when it has none. */
  name: string;
  from: string;
  expose: number[];
  user?: string;
  env: Record<string, string>;
  /** Exec-form (JSON array) CMD / ENTRYPOINT; a shell form is kept as a one-element list. */
  cmd?: string[];
  entrypoint?: string[];
  /** The last WORKDIR set in this stage. */
  workdir?: string;
  /** COPY instructions: sources, destination, and the `--from` stage if any. */
  copies: { sources: string[]; dest: string; from?: string }[];
}

/** Joins continuation lines and drops comments and blank lines. */
function instructions(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    out.push(`${current}${line}`.trim());
    current = '';
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

function execForm(args: string): string[] {
  try {
    const parsed: unknown = JSON.parse(args);
    if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed as string[];
  } catch {
    // not JSON: a shell-form command
  }
  return [args];
}

/** `KEY=VALUE` pairs of an ENV line (values may be double-quoted), or the legacy `ENV KEY VALUE`. */
function envPairs(args: string): [string, string][] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const space = args.indexOf(' ');
    return space < 0 ? [] : [[args.slice(0, space), args.slice(space + 1).trim()]];
  }
  const pairs: [string, string][] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (let m = re.exec(args); m; m = re.exec(args)) {
    const value = m[2] as string;
    pairs.push([m[1] as string, value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value]);
  }
  return pairs;
}

/** A COPY's flags, sources and destination (shell form only). */
function copyOf(args: string): { sources: string[]; dest: string; from?: string } {
  const words = args.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() as string;
    if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
  }
  const dest = words.pop() ?? '';
  return { sources: words, dest, ...(from !== undefined ? { from } : {}) };
}

/** The stages of a Dockerfile, in order. */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const line of instructions(text)) {
    const space = line.search(/\s/);
    const keyword = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const args = space < 0 ? '' : line.slice(space + 1).trim();
    if (keyword === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ name: m?.[2] ?? String(stages.length), from: m?.[1] ?? args, expose: [], env: {}, copies: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    if (keyword === 'EXPOSE') stage.expose.push(...args.split(/\s+/).map((p) => Number.parseInt(p, 10)).filter(Number.isInteger));
    else if (keyword === 'USER') stage.user = args;
    else if (keyword === 'ENV') for (const [k, v] of envPairs(args)) stage.env[k] = v;
    else if (keyword === 'CMD') stage.cmd = execForm(args);
    else if (keyword === 'ENTRYPOINT') stage.entrypoint = execForm(args);
    else if (keyword === 'WORKDIR') stage.workdir = args;
    else if (keyword === 'COPY') stage.copies.push(copyOf(args));
  }
  return stages;
}

/**
 * Stage `name` with what it inherits from the stages it is built `FROM` (ENV merged, EXPOSE
 * added up, WORKDIR, USER, CMD and ENTRYPOINT taken from the nearest stage that sets them);
 * undefined when there is no such stage. COPY lists stay the stage's own.
 */
export function resolveStage(stages: readonly DockerStage[], name: string): DockerStage | undefined {
  const index = stages.findIndex((s) => s.name === name);
  const stage = stages[index];
  if (!stage) return undefined;
  const parentIndex = stages.findIndex((s, i) => i < index && s.name === stage.from);
  const parent = parentIndex >= 0 ? resolveStage(stages.slice(0, parentIndex + 1), stage.from) : undefined;
  if (!parent) return stage;
  const pick = <K extends 'user' | 'cmd' | 'entrypoint' | 'workdir'>(key: K): Partial<Pick<DockerStage, K>> => {
    const value = stage[key] ?? parent[key];
    return (value !== undefined ? { [key]: value } : {}) as Partial<Pick<DockerStage, K>>;
  };
  return {
    name: stage.name,
    from: stage.from,
    expose: [...new Set([...parent.expose, ...stage.expose])],
    env: { ...parent.env, ...stage.env },
    copies: stage.copies,
    ...pick('user'),
    ...pick('cmd'),
    ...pick('entrypoint'),
    ...pick('workdir'),
  };
}
