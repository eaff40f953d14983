/**
 * @module tools/bench/args
 * Command-line flags of `npm run bench:serve`, parsed and validated into one options object.
 * Nothing here starts or measures anything.
 */
import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench:serve -- [options]

Measures review-stars' service (startup, memory, GET /prediction, batch predictions) beside a bare
Fastify route and the FastAPI + scikit-learn reference, one after another on 127.0.0.1, in turn for
several rounds: each figure is the median round's, memory the worst round's, each ratio the median
of the ratios measured within one round.

  --rounds N             times each service is started and measured, in turn (default 3)
  --duration S           seconds of load per single-prediction run (default 10)
  --connections N        concurrent connections for single predictions (default 10)
  --warmup S             seconds of warm-up before each measured run, 0 for none (default 2)
  --batch-duration S     seconds of load on the batch route (default 5)
  --batch-connections N  concurrent connections on the batch route (default 2)
  --batch-size N         reviews per batch request (default 1000)
  --skip-python          do not run the FastAPI + scikit-learn reference
  --cpu-prof DIR         run review-stars under node --cpu-prof, writing the profile to DIR
  --bare-work-us LIST    also measure the bare route spending each of these microseconds of CPU
                         per request in a busy loop (e.g. 5,12,25; each 1..10000): the ratio that
                         a route of known cost reaches to the bare route on this machine
  --json                 print the results as one JSON object on stdout (progress goes to stderr)
  -h, --help             show this help

The reference service needs REVIEWS_CSV (a reviews CSV to train on) and Debian's python3-fastapi,
python3-uvicorn and python3-sklearn; it is skipped, with the reason printed, when they are missing.`;

/** Thrown for a bad flag or value; the message says what to pass instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Options of one `npm run bench:serve` run. */
export interface BenchOptions {
  help: boolean;
  rounds: number;
  durationS: number;
  connections: number;
  warmupS: number;
  batchDurationS: number;
  batchConnections: number;
  batchSize: number;
  skipPython: boolean;
  cpuProfDir: string | null;
  bareWorkUs: number[];
  json: boolean;
}

function positive(name: string, raw: string, { integer = false, allowZero = false } = {}): number {
  const value = Number(raw);
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok) throw new UsageError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}, got ${JSON.stringify(raw)}`);
  return value;
}

/** `--bare-work-us`: distinct whole microseconds in 1..10000, ascending. */
function workList(raw: string): number[] {
  const items = raw.split(',');
  const values = items.map(Number);
  if (items.some((item) => item.trim() === '') || values.some((v) => !Number.isInteger(v) || v < 1 || v > 10_000)) {
    throw new UsageError(`--bare-work-us must be a comma-separated list of whole microseconds in 1..10000, got ${JSON.stringify(raw)}`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Options of one benchmark run from `argv` (without node and the script path). Throws a
 * UsageError for an unknown flag or an invalid value.
 */
export function parseBenchArgs(argv: string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        rounds: { type: 'string', default: '3' },
        duration: { type: 'string', default: '10' },
        connections: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        'batch-duration': { type: 'string', default: '5' },
        'batch-connections': { type: 'string', default: '2' },
        'batch-size': { type: 'string', default: '1000' },
        'skip-python': { type: 'boolean', default: false },
        'cpu-prof': { type: 'string' },
        'bare-work-us': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  return {
    help: values.help,
    rounds: positive('rounds', values.rounds, { integer: true }),
    durationS: positive('duration', values.duration),
    connections: positive('connections', values.connections, { integer: true }),
    warmupS: positive('warmup', values.warmup, { allowZero: true }),
    batchDurationS: positive('batch-duration', values['batch-duration']),
    batchConnections: positive('batch-connections', values['batch-connections'], { integer: true }),
    batchSize: positive('batch-size', values['batch-size'], { integer: true }),
    skipPython: values['skip-python'],
    cpuProfDir: values['cpu-prof'] ?? null,
    bareWorkUs: values['bare-work-us'] === undefined ? [] : workList(values['bare-work-us']),
    json: values.json,
  };
}
