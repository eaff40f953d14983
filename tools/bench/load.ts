/**
 * @module tools/bench/load
 * Drives one HTTP route with autocannon (programmatic API, in this process) after a warm-up, and
 * summarises the run: requests/s, exact latency percentiles, non-2xx answers and errors. It knows
 * nothing about which server it loads or what the targets are.
 */
import autocannon from 'autocannon';

/** Latencies (ms) of 2xx answers, appended without per-sample allocation; grows by doubling. */
export class LatencyRecorder {
  private values: Float64Array;
  private recorded = 0;

  constructor(initialCapacity = 1 << 16) {
    this.values = new Float64Array(initialCapacity);
  }

  record(ms: number): void {
    if (this.recorded === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.recorded++] = ms;
  }

  /** How many values were recorded. */
  get count(): number {
    return this.recorded;
  }

  /** The recorded values, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.values.slice(0, this.recorded).sort();
  }
}

/** Nearest-rank percentile `p` (0 < p <= 100) of ascending `sorted` values; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}

type ResponseListener = (client: autocannon.Client, statusCode: number, resBytes: number, responseTime: number) => void;

function runAutocannon(options: autocannon.Options, onResponse?: ResponseListener): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
    if (onResponse) instance.on('response', onResponse);
  });
}

/** The outcome of one measured run. */
export interface LoadResult {
  /** mean of autocannon's per-second samples (2xx and others alike) */
  requestsPerSec: number;
  /** 2xx answers divided by the run's duration */
  okPerSec: number;
  /** exact median latency of 2xx answers (ms) */
  p50Ms: number;
  /** exact 99th percentile latency of 2xx answers (ms) */
  p99Ms: number;
  maxMs: number;
  /** 2xx answers */
  ok: number;
  non2xx: number;
  /** connection errors, timeouts included */
  errors: number;
  timeouts: number;
  /** answers by status code */
  statusCodes: Record<string, number>;
  durationS: number;
  /** server CPU time (user + system) per answer, when `serverCpuSeconds` is given */
  serverCpuMsPerRequest: number | null;
  /** CPU time of this process (autocannon) over the run's duration: 1 = one core */
  clientCpuShare: number;
}

/** What `measureRoute` loads, and for how long. */
export interface RouteLoad {
  url: string;
  method?: autocannon.Request['method'];
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  warmupS: number;
  timeoutS?: number;
  serverCpuSeconds?: () => number | null;
}

/**
 * Warms `url` up for `warmupS` seconds (results discarded), then loads it for `durationS` seconds
 * with `connections` connections (no pipelining) and returns a LoadResult. Latency percentiles come
 * from every 2xx answer's own timing (autocannon's histogram rounds to whole milliseconds).
 * `serverCpuSeconds`, when given, reads the server's CPU time so far (e.g. readProcessCpuSeconds):
 * CPU per answer is a figure that other work on the machine disturbs far less than requests/s.
 */
export async function measureRoute({ url, method = 'GET', headers = {}, body, connections, durationS, warmupS, timeoutS = 10, serverCpuSeconds }: RouteLoad): Promise<LoadResult> {
  for (const [name, value] of Object.entries({ connections, durationS })) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  const base: autocannon.Options = { url, method, headers, body, connections, pipelining: 1, timeout: timeoutS };
  if (warmupS > 0) await runAutocannon({ ...base, duration: warmupS });

  const latencies = new LatencyRecorder();
  const serverCpuBefore = serverCpuSeconds?.() ?? null;
  const clientCpuBefore = process.cpuUsage();
  const result = await runAutocannon({ ...base, duration: durationS }, (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.record(responseTime);
  });
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const serverCpuAfter = serverCpuSeconds?.() ?? null;
  const answers = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const sorted = latencies.sorted();
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count ?? 0;
  return {
    requestsPerSec: result.requests.mean,
    okPerSec: result['2xx'] / result.duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    durationS: result.duration,
    serverCpuMsPerRequest: serverCpuBefore !== null && serverCpuAfter !== null && answers > 0 ? (1000 * (serverCpuAfter - serverCpuBefore)) / answers : null,
    clientCpuShare: (clientCpu.user + clientCpu.system) / 1e6 / result.duration,
  };
}
