import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { LineBatcher, type ChunkSink } from './line-batcher.js';

/** A sink that records each chunk written and each flushSync call. */
function recordingSink(): ChunkSink & { chunks: string[]; syncFlushes: number } {
  const sink = {
    chunks: [] as string[],
    syncFlushes: 0,
    write(chunk: string): boolean {
      sink.chunks.push(chunk);
      return true;
    },
    flushSync(): void {
      sink.syncFlushes++;
    },
  };
  return sink;
}

test('lines go to the sink in order, one chunk per chunkChars gathered', () => {
  const sink = recordingSink();
  const batcher = new LineBatcher(sink, { chunkChars: 10, flushEveryMs: 60_000 });
  try {
    batcher.write('abcd\n');
    batcher.write('efg\n');
    assert.deepEqual(sink.chunks, [], 'nothing is written before chunkChars are gathered');
    batcher.write('hi\n');
    assert.deepEqual(sink.chunks, ['abcd\nefg\nhi\n']);
    batcher.write('a line longer than the chunk\n');
    assert.deepEqual(sink.chunks, ['abcd\nefg\nhi\n', 'a line longer than the chunk\n']);
  } finally {
    batcher.end();
  }
});

test('a quiet logger still gets its lines out within flushEveryMs', async () => {
  const sink = recordingSink();
  const batcher = new LineBatcher(sink, { chunkChars: 4096, flushEveryMs: 20 });
  try {
    batcher.write('one\n');
    batcher.write('two\n');
    for (let waited = 0; sink.chunks.length === 0 && waited < 2000; waited += 10) await sleep(10);
    assert.deepEqual(sink.chunks, ['one\ntwo\n']);
  } finally {
    batcher.end();
  }
});

test('flushSync writes what is queued and flushes the sink; end does the same and stops the timer', () => {
  const sink = recordingSink();
  const batcher = new LineBatcher(sink, { flushEveryMs: 60_000 });
  batcher.write('pending\n');
  batcher.flushSync();
  assert.deepEqual(sink.chunks, ['pending\n']);
  assert.equal(sink.syncFlushes, 1);
  batcher.flushSync();
  assert.deepEqual(sink.chunks, ['pending\n'], 'an empty queue writes nothing');
  batcher.write('last\n');
  batcher.end();
  assert.deepEqual(sink.chunks, ['pending\n', 'last\n']);
  assert.equal(sink.syncFlushes, 3);
});

test('as a pino destination it keeps every line whole and in order', () => {
  const sink = recordingSink();
  const batcher = new LineBatcher(sink, { chunkChars: 300, flushEveryMs: 60_000 });
  const logger = pino({ base: null, timestamp: false }, batcher);
  for (let i = 0; i < 25; i++) logger.info({ i }, 'line');
  batcher.end();
  assert.ok(sink.chunks.length > 1, 'several chunks were written');
  const lines = sink.chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as { i: number });
  assert.deepEqual(lines.map((l) => l.i), Array.from({ length: 25 }, (_, i) => i));
});
