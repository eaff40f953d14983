/**
 * @module tools/replicas/load
 * The load of the replicas test: autocannon for a bounded time on GET /prediction through nginx,
 * rotating through a few reviews, while scheduled actions (stop a replica, start its replacement)
 * run at fixed offsets. Records when each failure happened so that the report can place it.
 */
import autocannon from 'autocannon';

/** Reviews written for this test (not from any data set), rotated over the requests. */
export const TEST_REVIEWS = [
  'Disneyland is a magical world!',
  'The queues were endless and the food was overpriced, a tiring day.',
  'Great parade and friendly staff, the kids loved the castle show.',
  'Some rides were closed for maintenance but the fireworks made up for it.',
  'Dirty toilets, rude staff and two hours in line for one ride. Never again.',
];

/** Something done to the replicas `atMs` after the load starts. */
export interface LoadAction {
  atMs: number;
  name: string;
  run: () => Promise<void>;
}

/** A request that failed, `atMs` after the load started. */
export interface LoadFailure {
  atMs: number;
  kind: string;
  detail: string;
}

/** When an action ran, and how it failed if it did. */
export interface ActionLogEntry {
  name: string;
  atMs: number;
  error?: string;
}

/** What the load targets, how hard, and what happens during it. */
export interface LoadOptions {
  baseUrl: string;
  model: string;
  authorization: string;
  connections: number;
  durationS: number;
  actions: LoadAction[];
}

/**
 * Runs the load and the `actions` (each started `atMs` after the load starts; one still running
 * when the load ends is awaited). Resolves with autocannon's result, the failures seen (with
 * their time from the start) and when each action ran.
 */
export async function runLoad({ baseUrl, model, authorization, connections, durationS, actions }: LoadOptions): Promise<{
  result: autocannon.Result;
  failures: LoadFailure[];
  actionLog: ActionLogEntry[];
  startedAt: number;
}> {
  const paths = TEST_REVIEWS.map((comment) => `/prediction?model_name=${encodeURIComponent(model)}&comment=${encodeURIComponent(comment)}`);
  let next = 0;
  const startedAt = Date.now();
  const failures: LoadFailure[] = [];
  let settle: { resolve: (result: autocannon.Result) => void; reject: (error: unknown) => void } | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: durationS,
    timeout: 10,
    headers: { authorization },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          request.path = paths[next] ?? paths[0] ?? '/';
          next = (next + 1) % paths.length;
          return request;
        },
      },
    ],
  }, (error: unknown, result: autocannon.Result) => (error ? settle?.reject(error) : settle?.resolve(result)));
  instance.on('response', (_client, statusCode) => {
    if (statusCode < 200 || statusCode > 299) failures.push({ atMs: Date.now() - startedAt, kind: 'non-2xx', detail: String(statusCode) });
  });
  instance.on('reqError', (error: unknown) =>
    failures.push({ atMs: Date.now() - startedAt, kind: 'error', detail: error instanceof Error ? error.message : String(error) }));

  const actionLog: ActionLogEntry[] = [];
  const scheduled = actions.map((action) => {
    const entry: { action: LoadAction; promise?: Promise<unknown>; timer?: NodeJS.Timeout } = { action };
    entry.timer = setTimeout(() => {
      const atMs = Date.now() - startedAt;
      entry.promise = action.run().then(
        () => actionLog.push({ name: action.name, atMs }),
        (error) => actionLog.push({ name: action.name, atMs, error: error instanceof Error ? error.message : String(error) }),
      );
    }, action.atMs);
    return entry;
  });
  let result: autocannon.Result;
  try {
    result = await finished;
  } finally {
    for (const entry of scheduled) clearTimeout(entry.timer);
  }
  // An action still running when the load ends is awaited; one that never started is reported.
  for (const entry of scheduled) {
    if (entry.promise) await entry.promise;
    else actionLog.push({ name: entry.action.name, atMs: durationS * 1000, error: 'not started: the load ended first' });
  }
  return { result, failures, actionLog, startedAt };
}
