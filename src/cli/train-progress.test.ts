import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { estimateSecondsLeft, formatDuration, formatProgressLine, progressView } from './train-progress.js';

test('the time left is the pace so far applied to the rest of the work, once enough is done to say', () => {
  assert.equal(estimateSecondsLeft(10, 0.25), 30);
  assert.equal(estimateSecondsLeft(10, 1), 0);
  assert.equal(estimateSecondsLeft(10, 0.01), null);
  assert.equal(estimateSecondsLeft(10, Number.NaN), null);
  assert.equal(formatDuration(44.6), '45 s');
  assert.equal(formatDuration(185), '3 min 05 s');
});

test('a log line says when, what, and for a fit the models done, the share of the work and the time left', () => {
  assert.equal(formatProgressLine({ kind: 'stage', done: 0, total: 10, work: 0, step: 'features tfidf12-all' }, 3.21), '[   3.2 s] features tfidf12-all');
  assert.equal(
    formatProgressLine({ kind: 'model', done: 3, total: 10, work: 0.4, step: 'fitted lr_global in 1.2 s' }, 20),
    '[  20.0 s] fitted lr_global in 1.2 s (3/10 models, 40% of the fitting, about 30 s left)',
  );
  assert.equal(
    formatProgressLine({ kind: 'part', done: 0, total: 2, work: 0.01, step: 'ord_tfidf_global: part 1/4 fitted' }, 1),
    '[   1.0 s] ord_tfidf_global: part 1/4 fitted (0/2 models, 1% of the fitting)',
  );
});

test('without a terminal, every event but the ticks within a fit is a line', () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  const view = progressView(stream as unknown as NodeJS.WriteStream, 2);
  view.update({ kind: 'stage', done: 0, total: 2, work: 0, step: 'features tfidf12-all' });
  view.update({ kind: 'tick', done: 0, total: 2, work: 0.3, step: 'features tfidf12-all' });
  view.update({ kind: 'model', done: 1, total: 2, work: 0.6, step: 'fitted nb_global in 0.1 s' });
  view.stop();
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0] as string, /^\[ +\d+\.\d s\] features tfidf12-all$/);
  assert.match(lines[1] as string, /\] fitted nb_global in 0\.1 s \(1\/2 models, 60% of the fitting/);
});
