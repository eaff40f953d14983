#!/usr/bin/env node
/**
 * @module cli/main
 * The `review-stars` command: wires each sub-command module into one commander program and turns
 * a ReviewStarsError into a one-line message with its code and exit status 2 (1 for anything else).
 */
import { Command } from 'commander';
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
};

const program = new Command();
program
  .name('review-stars')
  .description('Predict the star rating (1-5) of a Disneyland review: train models, evaluate them and serve them.')
  .version(packageVersion())
  .showHelpAfterError();

const requested = process.argv[2];
const needed = requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [requested] : Object.keys(COMMANDS);
for (const name of needed) (await (COMMANDS[name] as () => Promise<Register>)())(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (isReviewStarsError(err)) {
    process.stderr.write(`review-stars: error ${err.code}: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`review-stars: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
