/**
 * @module cli/predict
 * `review-stars predict`: rates one review text with a model of a set and prints the rating, the
 * probability of each rating and (with --explain) the terms that pushed it most.
 */
import type { Command } from 'commander';
import { loadModelSet } from '../registry/load.js';
import { ReviewStarsError } from '../core/errors.js';
import { parseInteger } from '../core/parse.js';

interface PredictFlags {
  models: string;
  model: string;
  explain: boolean;
  top: string;
  json: boolean;
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('rate one review text')
    .argument('<text>', 'the review text')
    .option('--models <dir>', 'model set directory', 'models/default')
    .option('--model <name>', 'model name, or "best"', 'best')
    .option('--explain', 'list the terms that pushed the prediction most', false)
    .option('--top <k>', 'how many terms --explain lists', '10')
    .option('--json', 'print JSON', false)
    .action(async (text: string, flags: PredictFlags) => {
      if (text.trim() === '') throw new ReviewStarsError('INVALID_ARGUMENT', 'the review text is empty');
      const top = parseInteger('--top', flags.top, 1, 50);
      const set = await loadModelSet(flags.models);
      const model = set.get(flags.model);
      if (!model) {
        throw new ReviewStarsError('UNKNOWN_MODEL', `no model ${JSON.stringify(flags.model)} in ${flags.models}; available: best, ${set.names.join(', ')}`);
      }
      const p = model.predict(text, { explain: flags.explain, topTerms: top });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ model: model.entry.name, ...p }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`model: ${model.entry.name}\nrating: ${p.rating}\nexpected rating: ${p.expectedRating.toFixed(2)}\n`);
      p.probabilities.forEach((q, i) => process.stdout.write(`  P(${i + 1} star${i === 0 ? '' : 's'}) = ${q.toFixed(3)}\n`));
      if (p.explanation) {
        process.stdout.write(`terms that pushed rating ${p.rating} most:\n`);
        for (const t of p.explanation) process.stdout.write(`  ${t.weight >= 0 ? '+' : ''}${t.weight.toFixed(3)}  ${t.term}\n`);
      }
    });
}
