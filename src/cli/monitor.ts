/**
 * @module cli/monitor
 * `review-stars monitor`: live quality and drift per model, model-set version and window, read
 * from the prediction log (the store serve writes to) and judged against a model set's
 * references; prints the table of cli/monitor-table, or the JSON of GET /v1/monitoring.
 */
import type { Command } from 'commander';
import { ReviewStarsError } from '../core/errors.js';
import { monitoringReport } from '../monitoring/report.js';
import { parseSince, parseWindowSize } from '../monitoring/windows.js';
import { loadModelSet } from '../registry/load.js';
import { Store } from '../store/store.js';
import { DEFAULT_STORE_URL, resolveStoreUrl } from '../store/url.js';
import { formatMonitoringTable } from './monitor-table.js';

interface MonitorFlags {
  store?: string;
  models: string;
  since: string;
  window: string;
  model?: string;
  json: boolean;
}

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description('live quality and drift per model and window, from the prediction log (what GET /v1/monitoring answers)')
    .option('--store <url>', `the prediction log: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB [env REVIEW_STARS_STORE or REVIEW_STARS_STORE_FILE; default ${DEFAULT_STORE_URL}]`)
    .option('--models <dir>', 'the model set whose references drift is measured against (the one serve loads)', 'models/default')
    .option('--since <when>', 'start: a duration back from now (12h, 7d) or an ISO time', '7d')
    .option('--window <size>', 'window size: 1h, 1d or 7d', '1d')
    .option('--model <name>', 'one model (a name or best); all models when absent')
    .option('--json', 'print the answer as JSON', false)
    .action(async function monitorAction(flags: MonitorFlags) {
      const window = parseWindowSize(flags.window);
      const until = Date.now();
      const since = parseSince(flags.since, until);
      const target = resolveStoreUrl(flags.store, process.env);
      if (target.kind === 'none') throw new ReviewStarsError('INVALID_ARGUMENT', 'monitor reads the prediction log: give --store sqlite:PATH or postgres://..., not none');
      const set = await loadModelSet(flags.models);
      if (flags.model !== undefined && set.get(flags.model) === undefined) {
        const available = [...set.names, 'best'];
        throw new ReviewStarsError('UNKNOWN_MODEL', `unknown model "${flags.model}": available models are ${available.join(', ')}`, { model: flags.model, available });
      }
      const store = await Store.open(target);
      try {
        const report = await monitoringReport(store, set, { ...(flags.model === undefined ? {} : { model: flags.model }), window, since, until });
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatMonitoringTable(report)}\n`);
      } finally {
        await store.close();
      }
    });
}
