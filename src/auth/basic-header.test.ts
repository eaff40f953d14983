import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AUTHORIZATION_LENGTH, parseBasicAuthorization } from './basic-header.js';

const b64 = (text: string, encoding: BufferEncoding = 'utf8'): string => Buffer.from(text, encoding).toString('base64');

test('a Basic header yields the user and the password, split at the first colon', () => {
  assert.deepEqual(parseBasicAuthorization(`Basic ${b64('bob:builder')}`), { ok: true, user: 'bob', password: 'builder' });
  assert.deepEqual(parseBasicAuthorization(`Basic ${b64('alice:a:b:c')}`), { ok: true, user: 'alice', password: 'a:b:c' });
  assert.deepEqual(parseBasicAuthorization(`Basic ${b64('alice:')}`), { ok: true, user: 'alice', password: '' });
});

test('the scheme name is case-insensitive', () => {
  assert.equal(parseBasicAuthorization(`basic ${b64('bob:builder')}`).ok, true);
  assert.equal(parseBasicAuthorization(`BASIC ${b64('bob:builder')}`).ok, true);
});

test('UTF-8 credentials decode as UTF-8, latin-1 ones (Python requests) as latin-1', () => {
  assert.deepEqual(parseBasicAuthorization(`Basic ${b64('zoé:mot-de-passe-é')}`), { ok: true, user: 'zoé', password: 'mot-de-passe-é' });
  assert.deepEqual(parseBasicAuthorization(`Basic ${b64('zoé:été', 'latin1')}`), { ok: true, user: 'zoé', password: 'été' });
});

test('anything else is refused with the reason', () => {
  const cases: Array<[string, string]> = [
    ['Bearer abc.def.ghi', 'not-basic'],
    ['Basic', 'not-basic'],
    ['Basicx Ym9iOmJ1aWxkZXI=', 'not-basic'],
    [b64('bob:builder'), 'not-basic'],
    ['Basic ', 'bad-base64'],
    ['Basic ####', 'bad-base64'],
    ['Basic Ym9iOmJ1aWxkZXI', 'bad-base64'],
    ['Basic Ym9i OmJ1aWxkZXI=', 'bad-base64'],
    [`Basic ${b64('bobbuilder')}`, 'no-colon'],
    [`Basic ${'A'.repeat(MAX_AUTHORIZATION_LENGTH)}`, 'too-long'],
  ];
  for (const [header, problem] of cases) assert.deepEqual(parseBasicAuthorization(header), { ok: false, problem }, header);
});
