import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitoringReport } from '../monitoring/report.js';
import { formatMonitoringTable } from './monitor-table.js';

const none = (reason: string) => ({ value: null, reason });

const REPORT: MonitoringReport = {
  window: '1d',
  since: '2026-11-24T08:00:00.000Z',
  until: '2026-12-01T08:00:00.000Z',
  models: [
    {
      model: 'lr_global',
      modelSetVersion: 'f3c3ec99c703',
      reference: null,
      windows: [
        {
          start: '2026-11-30T00:00:00.000Z',
          end: '2026-12-01T00:00:00.000Z',
          predictions: 250,
          feedback: 50,
          coverage: 0.2,
          predictedDistribution: [0.1, 0.1, 0.2, 0.3, 0.3],
          quality: { accuracy: { value: 0.62 }, macroF1: { value: 0.41 }, mae: { value: 0.5 }, withinOne: { value: 0.9 } },
          drift: {
            status: 'drift',
            predictedRating: { jensenShannon: 0.05, psi: 0.02, status: 'ok', warn: 0.1, drift: 0.2 },
            entropy: { ks: 0.2, pValue: 0.00012, method: 'exact', status: 'drift', drift: 0.05 },
            textLength: { wasserstein: 0.4, status: 'drift', drift: 0.1 },
            oovShare: { reference: 0.1, live: 0.3, change: 0.2 },
          },
        },
        {
          start: '2026-12-01T00:00:00.000Z',
          end: '2026-12-01T08:00:00.000Z',
          predictions: 12,
          feedback: 0,
          coverage: 0,
          predictedDistribution: [0, 0, 0, 0.5, 0.5],
          quality: { accuracy: none('no feedback in this window'), macroF1: none('no feedback in this window'), mae: none('no feedback in this window'), withinOne: none('no feedback in this window') },
          drift: { status: 'not_enough_data', reason: '12 predictions' },
        },
      ],
    },
    { model: 'nb_global', modelSetVersion: 'f3c3ec99c703', reference: null, referenceMissing: 'trained before references', windows: [] },
  ],
};

test('the monitor table has one line per window, "-" for missing figures, and the reasons below', () => {
  const lines = formatMonitoringTable(REPORT).split('\n');
  assert.equal(lines[0], '2026-11-24T08:00:00.000Z to 2026-12-01T08:00:00.000Z');
  assert.match(lines[1]!, /^model\s+version\s+window \(1d, UTC\)\s+predictions\s+feedback\s+coverage\s+accuracy\s+macro-F1\s+MAE\s+within-1\s+drift\s+JS\s+PSI\s+KS p\s+length W\s+OOV change$/);
  assert.match(lines[3]!, /^lr_global\s+f3c3ec99c703\s+2026-11-30 00:00\s+250\s+50\s+20\.0%\s+0\.620\s+0\.410\s+0\.500\s+0\.900\s+drift\s+0\.050\s+0\.020\s+0\.00012\s+0\.400\s+\+0\.200$/);
  assert.match(lines[4]!, /^lr_global\s+f3c3ec99c703\s+2026-12-01 00:00\s+12\s+0\s+0\.0%(\s+-){4}\s+not_enough_data(\s+-){5}$/);
  assert.match(lines[5]!, /^nb_global\s+f3c3ec99c703\s+\(no predictions\)/);
  assert.deepEqual(lines.slice(7), ['- no feedback in this window', '- not_enough_data: a drift verdict needs at least 100 predictions in a window', '- nb_global f3c3ec99c703: trained before references']);
});
