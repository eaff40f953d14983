// Tests of bench/workload: the request the benchmark sends decodes back to the original route's inputs.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { BENCH_COMMENT, BENCH_MODEL, DEV_USER, basicAuthorization, predictionPath } from './workload.js';

describe('workload', () => {
  it('sends a realistic review of about 200 characters', () => {
    assert.ok(BENCH_COMMENT.length >= 180 && BENCH_COMMENT.length <= 240, `length ${BENCH_COMMENT.length}`);
  });

  it('builds a Basic authorization header that decodes to user:password', () => {
    const header = basicAuthorization(DEV_USER.username, DEV_USER.password);
    assert.match(header, /^Basic [A-Za-z0-9+/]+=*$/);
    assert.equal(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8'), 'bob:builder');
  });

  it('encodes the comment so that a server decodes exactly the model and comment sent', () => {
    const url = new URL(predictionPath(), 'http://127.0.0.1');
    assert.equal(url.pathname, '/prediction');
    assert.equal(url.searchParams.get('model_name'), BENCH_MODEL);
    assert.equal(url.searchParams.get('comment'), BENCH_COMMENT);
    assert.ok(!url.search.includes('+'), 'spaces are sent as %20');
    const tricky = 'Fun & "loud" rides? 100% yes; c\'est magique #1';
    assert.equal(new URL(predictionPath('dt_global', tricky), 'http://h').searchParams.get('comment'), tricky);
  });
});
