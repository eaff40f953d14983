import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { PredictResponse } from '../http/schemas.js';
import { DEFAULT_MODELS, missingDefaultModels, runCli } from '../../test-support/spawn-server.js';

const skip = missingDefaultModels();
const REVIEW = 'Disneyland is a magical world!';
// The API's answer without what only an HTTP answer has: the request id (the CLI answers no request).
const apiShape = Compile(Type.Omit(PredictResponse, ['requestId']));
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'review-stars-predict-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface PredictJson {
  model: string;
  version: string;
  predictions: Array<{ rating: number; probabilities: Record<'1' | '2' | '3' | '4' | '5', number>; expectedRating: number; noKnownTerms: boolean; explanation?: Array<{ term: string; weight: number }> }>;
}

async function predictJson(args: string[], input?: string): Promise<PredictJson> {
  const run = await runCli(['predict', '--models', DEFAULT_MODELS, '--json', ...args], { input });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as PredictJson;
}

test('predict --json answers in the shape of POST /v1/models/{name}/predict, probabilities keyed by rating', { skip }, async () => {
  const answer = await predictJson(['--model', 'lr_global', '--explain', '--top', '3', REVIEW]);
  assert.ok(apiShape.Check(answer), JSON.stringify([...apiShape.Errors(answer)].slice(0, 3)));
  assert.equal(answer.model, 'lr_global');
  assert.match(answer.version, /^[0-9a-f]{12}$/);
  assert.equal(answer.predictions.length, 1);
  const [p] = answer.predictions;
  assert.equal(p!.rating, 5);
  assert.deepEqual(Object.keys(p!.probabilities), ['1', '2', '3', '4', '5']);
  assert.equal(p!.noKnownTerms, false);
  assert.ok(p!.explanation!.length > 0 && p!.explanation!.length <= 3);
  const best = await predictJson([REVIEW]);
  assert.notEqual(best.model, 'best', 'best is resolved to the model that answered');
});

test('predict - reads the review from standard input, and --file FILE from a file, as the argument would be rated', { skip }, async () => {
  const fromArgument = await predictJson(['--model', 'rf_global', REVIEW]);
  const fromStdin = await predictJson(['--model', 'rf_global', '-'], `${REVIEW}\n`);
  assert.deepEqual(fromStdin, fromArgument);
  const file = join(dir, 'review.txt');
  await writeFile(file, `${REVIEW}\n`);
  const fromFile = await predictJson(['--model', 'rf_global', '--file', file]);
  assert.deepEqual(fromFile, fromArgument);
  const lines = 'Rude staff.\nDirty toilets.\nNever again.\n';
  const multiLine = await predictJson(['--model', 'lr_global', '-'], lines);
  assert.equal(multiLine.predictions.length, 1, 'the whole input is one review');
  assert.deepEqual(multiLine, await predictJson(['--model', 'lr_global', lines]));
});

test('predict refuses no text, two sources of text, a blank text and a missing file, with exit status 2', { skip }, async () => {
  const cases: Array<[string[], string, RegExp]> = [
    [[], '', /give the review text/],
    [['-', '--file', join(dir, 'x.txt')], '', /one source/],
    [['text', '--file', join(dir, 'x.txt')], '', /one source/],
    [['-'], ' \n\t\n', /the review text is empty/],
    [['--file', join(dir, 'missing.txt')], '', /cannot read --file .*missing\.txt/],
  ];
  for (const [args, input, message] of cases) {
    const run = await runCli(['predict', '--models', DEFAULT_MODELS, ...args], { input });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /^review-stars: error INVALID_ARGUMENT: /);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('predict says when no term of the text is known to the model (emoji, Japanese), in text and JSON', { skip }, async () => {
  for (const text of ['🎢🎠🏰', 'ディズニーランドは最高でした']) {
    const json = await predictJson(['--model', 'lr_global', text]);
    assert.equal(json.predictions[0]!.noKnownTerms, true, text);
    const shown = await runCli(['predict', '--models', DEFAULT_MODELS, '--model', 'lr_global', text]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^note: no word of the text is in the model's vocabulary: the rating says nothing about this review$/m);
  }
  const known = await runCli(['predict', '--models', DEFAULT_MODELS, '--model', 'lr_global', REVIEW]);
  assert.doesNotMatch(known.stdout, /^note:/m);
});
