// The load of the replicas test: autocannon for a bounded time on GET /prediction through nginx,
// rotating through a few reviews, while scheduled actions (stop a replica, start its replacement)
// run at fixed offsets. Records when each failure happened so that the report can place it.
import autocannon from 'autocannon';

/** Reviews written for this test (not from any data set), rotated over the requests. */
export const TEST_REVIEWS = [
  'Disneyland is a magical world!',
  'The queues were endless and the food was overpriced, a tiring day.',
  'Great parade and friendly staff, the kids loved the castle show.',
  'Some rides were closed for maintenance but the fireworks made up for it.',
  'Dirty toilets, rude staff and two hours in line for one ride. Never again.',
];

/**
 * Runs the load and the `actions` (each started `atMs` after the load starts; one still running
 * when the load ends is awaited). Resolves with autocannon's result, the failures seen (with
 * their time from the start) and when each action ran.
 * @param {{ baseUrl: string, model: string, authorization: string, connections: number, durationS: number,
 *   actions: { atMs: number, name: string, run: () => Promise<void> }[] }} options
 */
export async function runLoad({ baseUrl, model, authorization, connections, durationS, actions }) {
  const paths = TEST_REVIEWS.map((comment) => `/prediction?model_name=${encodeURIComponent(model)}&comment=${encodeURIComponent(comment)}`);
  let next = 0;
  const startedAt = Date.now();
  /** @type {{ atMs: number, kind: string, detail: string }[]} */
  const failures = [];
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
          request.path = paths[next] ?? paths[0];
          next = (next + 1) % paths.length;
          return request;
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode) => {
    if (statusCode < 200 || statusCode > 299) failures.push({ atMs: Date.now() - startedAt, kind: 'non-2xx', detail: String(statusCode) });
  });
  instance.on('reqError', (error) => failures.push({ atMs: Date.now() - startedAt, kind: 'error', detail: error.message }));

  /** @type {{ name: string, atMs: number, error?: string }[]} */
  const actionLog = [];
  const scheduled = actions.map((action) => {
    const entry = { action, promise: undefined, timer: undefined };
    entry.timer = setTimeout(() => {
      const atMs = Date.now() - startedAt;
      entry.promise = action.run().then(
        () => actionLog.push({ name: action.name, atMs }),
        (error) => actionLog.push({ name: action.name, atMs, error: error instanceof Error ? error.message : String(error) }),
      );
    }, action.atMs);
    return entry;
  });
  let result;
  try {
    result = await instance;
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
