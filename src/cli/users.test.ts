import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { isReviewStarsError } from '../core/errors.js';
import { verifyPassword } from '../auth/password.js';
import { readUsersFile } from '../auth/users-file.js';
import { runCli, writeTestUsersFile } from '../../test-support/spawn-server.js';
import { checkNewPassword, formatUserList, readFirstLine } from './users.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'review-stars-users-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('users add reads the password from the first line of stdin and stores only a full-cost scrypt hash, mode 0600', async () => {
  const file = join(dir, 'add.json');
  const added = await runCli(['users', 'add', 'alice', '--role', 'admin', '--users', file], { input: 'wonder-land-42\nignored second line\n' });
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout, `added user alice (admin) in ${file}\n`);
  const raw = await readFile(file, 'utf8');
  assert.ok(!raw.includes('wonder-land-42'));
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const [alice] = (await readUsersFile(file))!;
  assert.equal(alice!.role, 'admin');
  assert.match(alice!.passwordHash, /^\$scrypt\$ln=17,r=8,p=1\$/);
  assert.equal(await verifyPassword('wonder-land-42', alice!.passwordHash), true);
  assert.ok(!added.stdout.includes('wonder-land-42') && !added.stderr.includes('wonder-land-42'));
});

test('users add refuses an existing user unless --replace, a short password, a bad name or a password in argv', async () => {
  const file = join(dir, 'refuse.json');
  await writeTestUsersFile(file, [{ name: 'bob', password: 'first-password', role: 'reader' }]);
  const exists = await runCli(['users', 'add', 'bob', '--users', file], { input: 'another-password\n' });
  assert.equal(exists.code, 2);
  assert.match(exists.stderr, /error USER_EXISTS: user "bob" already exists .*pass --replace/);
  const short = await runCli(['users', 'add', 'carol', '--users', file], { input: 'short\n' });
  assert.equal(short.code, 2);
  assert.match(short.stderr, /a password must be 8 to 1024 characters long/);
  const none = await runCli(['users', 'add', 'carol', '--users', file], { input: '' });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no password on standard input/);
  const badName = await runCli(['users', 'add', 'bob:admin', '--users', file], { input: 'long-enough-password\n' });
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /a user name is 1 to 64 characters/);
  const argv = await runCli(['users', 'add', 'carol', 'secret-in-argv', '--users', file]);
  assert.notEqual(argv.code, 0);
  assert.match(argv.stderr, /too many arguments/);
  const role = await runCli(['users', 'add', 'carol', '--role', 'root', '--users', file], { input: 'long-enough-password\n' });
  assert.notEqual(role.code, 0);
  assert.match(role.stderr, /--role/);
  assert.deepEqual((await readUsersFile(file))!.map((u) => u.name), ['bob']);
});

test('users add --replace changes the password and role of an existing user', async () => {
  const file = join(dir, 'replace.json');
  await writeTestUsersFile(file, [{ name: 'bob', password: 'first-password', role: 'reader' }, { name: 'zoe', password: 'zoe-password', role: 'reader' }]);
  const replaced = await runCli(['users', 'add', 'bob', '--role', 'admin', '--replace', '--users', file], { input: 'second-password\r\n' });
  assert.equal(replaced.code, 0, replaced.stderr);
  const users = (await readUsersFile(file))!;
  assert.deepEqual(users.map((u) => [u.name, u.role]), [['bob', 'admin'], ['zoe', 'reader']]);
  assert.equal(await verifyPassword('second-password', users[0]!.passwordHash), true);
});

test('users add --replace without --role keeps the user\'s role; with --role it changes it', async () => {
  const file = join(dir, 'keep-role.json');
  await writeTestUsersFile(file, [{ name: 'ops', password: 'first-password', role: 'admin' }]);
  const replaced = await runCli(['users', 'add', 'ops', '--replace', '--users', file], { input: 'second-password\n' });
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.equal(replaced.stdout, `replaced user ops (admin) in ${file}\n`);
  const [ops] = (await readUsersFile(file))!;
  assert.equal(ops!.role, 'admin', 'a new password does not demote an admin');
  assert.equal(await verifyPassword('second-password', ops!.passwordHash), true);
  const demoted = await runCli(['users', 'add', 'ops', '--replace', '--role', 'reader', '--users', file], { input: 'third-password\n' });
  assert.equal(demoted.code, 0, demoted.stderr);
  assert.equal((await readUsersFile(file))![0]!.role, 'reader');
  const added = await runCli(['users', 'add', 'newcomer', '--users', file], { input: 'newcomer-password\n' });
  assert.equal(added.stdout, `added user newcomer (reader) in ${file}\n`, 'a new user is a reader unless asked');
});

test('users list prints names and roles only; users remove deletes one user; both honour REVIEW_STARS_USERS_FILE', async () => {
  const file = join(dir, 'list.json');
  await writeTestUsersFile(file, [{ name: 'zed', password: 'zed-password', role: 'reader' }, { name: 'amy', password: 'amy-password', role: 'admin' }]);
  const listed = await runCli(['users', 'list'], { env: { REVIEW_STARS_USERS_FILE: file } });
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stdout, 'amy\tadmin\nzed\treader\n');
  const removed = await runCli(['users', 'remove', 'zed', '--users', file]);
  assert.equal(removed.code, 0);
  assert.deepEqual((await readUsersFile(file))!.map((u) => u.name), ['amy']);
  const unknown = await runCli(['users', 'remove', 'zed', '--users', file]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /error USER_NOT_FOUND: no user "zed"/);
  const missing = await runCli(['users', 'list', '--users', join(dir, 'none.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does not exist/);
});

test('the password checks, list format and first-line reader behave as documented', async () => {
  assert.equal(checkNewPassword('12345678'), '12345678');
  for (const bad of ['1234567', 'x'.repeat(1025), 'tab\tinside-pass', 'nul\u0000inside-pass']) {
    assert.throws(() => checkNewPassword(bad), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT'));
  }
  assert.equal(checkNewPassword('ééééééé€'), 'ééééééé€'); // 8 characters, more bytes
  assert.equal(formatUserList([{ name: 'b', role: 'reader' }, { name: 'a', role: 'admin' }]), 'a\tadmin\nb\treader\n');
  const input = new PassThrough();
  input.end('pass word\r\nrest');
  assert.equal(await readFirstLine(input), 'pass word');
  const empty = new PassThrough();
  empty.end('');
  assert.equal(await readFirstLine(empty), undefined);
});
