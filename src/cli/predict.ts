/**
 * @module cli/predict
 * `review-stars predict`: rates one review text (an argument, standard input with `-`, or a file
 * with --file) with a model of a set and prints the rating, the probability of each rating, a note
 * when no word of the text is known to the model, and (with --explain) the terms that pushed it
 * most; --json prints the v1 API's answer for a batch of that one review.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadModelSet } from '../registry/load.js';
import { ReviewStarsError } from '../core/errors.js';
import { parseInteger } from '../core/parse.js';
import { EXPLANATION_TERMS, type Prediction } from '../registry/model-set.js';
import { toReviewPrediction } from '../http/prediction-body.js';

interface PredictFlags {
  models: string;
  model: string;
  explain: boolean;
  top: string;
  json: boolean;
  file?: string;
}

/** Largest review read from standard input or a file: the API's limit is 20,000 characters. */
const MAX_INPUT_BYTES = 1024 * 1024;

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('rate one review text')
    .argument('[text]', 'the review text, or - to read it from standard input')
    .option('--file <file>', 'read the review text from a file (UTF-8) instead')
    .option('--models <dir>', 'model set directory', 'models/default')
    .option('--model <name>', 'model name, or "best"', 'best')
    .option('--explain', 'list the terms that pushed the prediction most', false)
    .option('--top <k>', `how many terms --explain lists, 1-${EXPLANATION_TERMS.max}`, String(EXPLANATION_TERMS.default))
    .option('--json', 'print JSON, as POST /v1/models/{name}/predict answers', false)
    .action(async (argument: string | undefined, flags: PredictFlags) => {
      const top = parseInteger('--top', flags.top, 1, EXPLANATION_TERMS.max);
      const text = await reviewText(argument, flags.file);
      const set = await loadModelSet(flags.models);
      const model = set.get(flags.model);
      if (!model) {
        throw new ReviewStarsError('UNKNOWN_MODEL', `no model ${JSON.stringify(flags.model)} in ${flags.models}; available: best, ${set.names.join(', ')}`);
      }
      const p = model.predict(text, { explain: flags.explain, topTerms: top });
      if (flags.json) {
        const answer = { model: model.entry.name, version: set.manifest.version, predictions: [toReviewPrediction(p)] };
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return;
      }
      process.stdout.write(formatPrediction(model.entry.name, p));
    });
}

/** The text form: model, rating, expected rating, one line per rating, the notes and the explanation. */
function formatPrediction(model: string, p: Prediction): string {
  const lines = [`model: ${model}`, `rating: ${p.rating}`, `expected rating: ${p.expectedRating.toFixed(2)}`];
  p.probabilities.forEach((q, i) => lines.push(`  P(${i + 1} star${i === 0 ? '' : 's'}) = ${q.toFixed(3)}`));
  if (p.noKnownTerms) lines.push("note: no word of the text is in the model's vocabulary: the rating says nothing about this review");
  if (p.explanation) {
    if (p.explanation.length === 0) lines.push(`no term of the text explains rating ${p.rating}`);
    else lines.push(`terms that pushed rating ${p.rating} most:`);
    for (const t of p.explanation) lines.push(`  ${t.weight >= 0 ? '+' : ''}${t.weight.toFixed(3)}  ${t.term}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The review text from exactly one source: the argument, standard input (`-`) or --file. */
async function reviewText(argument: string | undefined, file: string | undefined): Promise<string> {
  if (argument !== undefined && file !== undefined) {
    throw new ReviewStarsError('INVALID_ARGUMENT', 'give the review text from one source only: an argument, - (standard input) or --file FILE');
  }
  let text: string;
  if (file !== undefined) text = await readTextFile(file);
  else if (argument === '-') text = await readStdin();
  else if (argument !== undefined) text = argument;
  else throw new ReviewStarsError('INVALID_ARGUMENT', 'give the review text: as an argument, - to read standard input, or --file FILE');
  if (text.trim() === '') throw new ReviewStarsError('INVALID_ARGUMENT', 'the review text is empty');
  return text;
}

async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `cannot read --file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
  return decodeInput(bytes, `--file ${file}`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > MAX_INPUT_BYTES) throw new ReviewStarsError('INVALID_ARGUMENT', `standard input holds more than ${MAX_INPUT_BYTES} bytes: one review is expected`);
    chunks.push(bytes);
  }
  return decodeInput(Buffer.concat(chunks), 'standard input');
}

function decodeInput(bytes: Buffer, source: string): string {
  if (bytes.length > MAX_INPUT_BYTES) throw new ReviewStarsError('INVALID_ARGUMENT', `${source} holds more than ${MAX_INPUT_BYTES} bytes: one review is expected`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${source} is not valid UTF-8`);
  }
}
