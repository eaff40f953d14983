#!/usr/bin/env node
/**
 * @module cli/main
 * The `review-stars` command: wires each sub-command module into one commander program and turns
 * a ReviewStarsError into a one-line message with its code and exit status 2 (1 for anything else).
 */
import { Command } from 'commander';
import { isReviewStarsError } from '../errors.js';
import { registerTrain } from './train.js';
import { registerEvaluate } from './evaluate.js';
import { registerPredict } from './predict.js';
import { registerServe } from './serve.js';
import { registerUsers } from './users.js';
import { registerAcceptance } from './acceptance.js';
import { packageVersion } from '../util/package-info.js';

const program = new Command();
program
  .name('review-stars')
  .description('Predict the star rating (1-5) of a Disneyland review: train models, serve them, check a deployment.')
  .version(packageVersion())
  .showHelpAfterError();

registerTrain(program);
registerEvaluate(program);
registerPredict(program);
registerServe(program);
registerUsers(program);
registerAcceptance(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (isReviewStarsError(err)) {
    process.stderr.write(`review-stars: error ${err.code}: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`review-stars: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
