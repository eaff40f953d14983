#!/usr/bin/env node
/**
 * @module cli/main
 * The `review-stars` command: wires each sub-command module into one commander program and ends
 * every usage error with exit status 2: a ReviewStarsError as a one-line message with its code
 * (STORE_UNAVAILABLE exits 1: the database it needs is down or read-only, not the command wrong),
 * and the argument parser's own (unknown option, missing value) after commander has printed it.
 * A file error the system raised (it names the file) is one line and exit status 2 too. Anything
 * else is a bug: its stack and exit status 1.
 */
import { Command, CommanderError } from 'commander';
import { isReviewStarsError } from '../core/errors.js';
import { packageVersion } from '../core/package-info.js';

type Register = (program: Command) => void;

/**
 * Each sub-command's module, loaded only when needed: `review-stars train` does not pay for
 * importing the HTTP stack, nor `serve` for the training code (a second or so of start-up).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  train: async () => (await import('./train.js')).registerTrain,
  evaluate: async () => (await import('./evaluate.js')).registerEvaluate,
  predict: async () => (await import('./predict.js')).registerPredict,
  serve: async () => (await import('./serve.js')).registerServe,
  users: async () => (await import('./users.js')).registerUsers,
  monitor: async () => (await import('./monitor.js')).registerMonitor,
  feedback: async () => (await import('./feedback.js')).registerFeedback,
};

const program = new Command();
program
  .name('review-stars')
  .description('Predict the star rating (1-5) of a Disneyland review: train models, evaluate them and serve them.')
  .version(packageVersion())
  .showHelpAfterError()
  // Before the sub-commands are added, which inherit it: parse errors reject instead of exiting 1.
  .exitOverride();

const requested = process.argv[2];
const needed = requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [requested] : Object.keys(COMMANDS);
for (const name of needed) (await (COMMANDS[name] as () => Promise<Register>)())(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // Help and version end with code 0; every other CommanderError is a usage error already printed.
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  if (isReviewStarsError(err)) {
    process.stderr.write(`review-stars: error ${err.code}: ${err.message}\n`);
    // 2: the command was given something wrong; 1: what it depends on failed (a database down).
    process.exit(err.code === 'STORE_UNAVAILABLE' ? 1 : 2);
  }
  // A file the system refused (permissions, a full disk) that no command turned into its own error.
  const sys = err as NodeJS.ErrnoException;
  if (typeof sys.syscall === 'string' && typeof sys.path === 'string') {
    process.stderr.write(`review-stars: error FILE_ACCESS_FAILED: ${sys.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`review-stars: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
