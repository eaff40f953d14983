/**
 * @module cli/users
 * The `review-stars users` sub-commands: add (password from the first line of standard input when
 * it is not a terminal, else prompted for twice without echo; never from argv), remove, and list
 * (names and roles only). Every write replaces the users file atomically with mode 0600. Never
 * prints a password or a hash.
 */
import { Command, Option } from 'commander';
import { ReviewStarsError } from '../core/errors.js';
import { hashPassword } from '../auth/password.js';
import { updateUsersFile } from '../auth/users-file-update.js';
import { DEFAULT_USERS_FILE, ROLES, checkUserName, readUsersFile, resolveUsersFile, type Role, type UserRecord } from '../auth/users-file.js';
import { parseChoice } from '../core/parse.js';

/** Password length bounds, in characters. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

/** The role of a new user when --role is not given. */
const DEFAULT_ROLE: Role = 'reader';

const USERS_OPTION_HELP = `users file [env REVIEW_STARS_USERS_FILE; default ${DEFAULT_USERS_FILE}]`;

/** Registers `users add|remove|list` on the program. */
export function registerUsers(program: Command): void {
  const users = program
    .command('users')
    .description('manage who may call the API: a users file of names, roles and salted scrypt password hashes');

  users
    .command('add')
    .description('add a user (or, with --replace, change one). The password is read from standard input (first line) or prompted for; never pass it as an argument.')
    .argument('<name>', 'user name: letters, digits and . _ @ -')
    .addOption(new Option('--role <role>', 'reader (uses the API) or admin (may also reload models) [default: reader for a new user; with --replace, the role it has]').choices(ROLES))
    .option('--users <file>', USERS_OPTION_HELP)
    .option('--replace', 'replace the user if it exists (new password; new role only when --role is given)')
    .action(async (name: string, flags: { role?: string; users?: string; replace?: boolean }) => {
      const file = usersFile(flags.users);
      // Without --role a replaced user keeps its role: a password change must not demote an admin.
      const asked = flags.role === undefined ? undefined : parseChoice('--role', flags.role, ROLES);
      checkUserName(name);
      const refuseExisting = (records: readonly UserRecord[]): boolean => {
        const found = records.some((u) => u.name === name);
        if (found && !flags.replace) {
          throw new ReviewStarsError('USER_EXISTS', `user "${name}" already exists in ${file}: pass --replace to change its password and role`, { user: name });
        }
        return found;
      };
      // Checked before asking for a password, and again under the lock (another command may have
      // added the name meanwhile).
      refuseExisting((await readUsersFile(file)) ?? []);
      const passwordHash = await hashPassword(await readNewPassword());
      let found = false;
      let role: Role = asked ?? DEFAULT_ROLE;
      await updateUsersFile(file, (current) => {
        found = refuseExisting(current);
        role = asked ?? current.find((u) => u.name === name)?.role ?? DEFAULT_ROLE;
        const record: UserRecord = { name, role, passwordHash };
        return found ? current.map((u) => (u.name === name ? record : u)) : [...current, record];
      });
      process.stdout.write(`${found ? 'replaced' : 'added'} user ${name} (${role}) in ${file}\n`);
    });

  users
    .command('remove')
    .description('remove a user')
    .argument('<name>', 'user name')
    .option('--users <file>', USERS_OPTION_HELP)
    .action(async (name: string, flags: { users?: string }) => {
      const file = usersFile(flags.users);
      await updateUsersFile(file, (current) => {
        if (!current.some((u) => u.name === name)) throw new ReviewStarsError('USER_NOT_FOUND', `no user "${name}" in ${file}`, { user: name });
        return current.filter((u) => u.name !== name);
      });
      process.stdout.write(`removed user ${name} from ${file}\n`);
    });

  users
    .command('list')
    .description('list users: names and roles (never hashes)')
    .option('--users <file>', USERS_OPTION_HELP)
    .action(async (flags: { users?: string }) => {
      const file = usersFile(flags.users);
      const records = await readUsersFile(file);
      if (records === undefined) throw new ReviewStarsError('USERS_FILE_INVALID', `users file ${file} does not exist`, { file });
      process.stdout.write(formatUserList(records));
    });
}

/** `name<TAB>role` lines, sorted by name. */
export function formatUserList(records: ReadonlyArray<{ name: string; role: Role }>): string {
  return [...records]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => `${u.name}\t${u.role}\n`)
    .join('');
}

/** Checks a new password's length and characters; returns it unchanged. */
export function checkNewPassword(password: string): string {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `a password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(password)) throw new ReviewStarsError('INVALID_ARGUMENT', 'a password must not contain control characters');
  return password;
}

function usersFile(flag: string | undefined): string {
  return resolveUsersFile(flag, process.env).path;
}

async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await readFirstLine(process.stdin);
    if (line === undefined || line === '') throw new ReviewStarsError('INVALID_ARGUMENT', 'no password on standard input: send it as the first line');
    return checkNewPassword(line);
  }
  const first = checkNewPassword(await promptHidden('Password: '));
  const second = await promptHidden('Repeat password: ');
  if (first !== second) throw new ReviewStarsError('INVALID_ARGUMENT', 'the two passwords differ');
  return first;
}

/** The first line of `input` (without its line ending), or undefined when it is empty. */
export async function readFirstLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    if (bytes.includes(0x0a) || size > 64 * 1024) break;
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
}

/** Reads one line from the terminal without echoing it (raw mode); Ctrl-C aborts. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (err?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: string): void => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new ReviewStarsError('INVALID_ARGUMENT', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
