/**
 * The web console in a real browser (Chromium via puppeteer-core) against a real `review-stars
 * serve` with the default models: sign-in, rating with stars, bars and marked terms, feedback seen
 * on the monitoring page, models, a confusion matrix, a comparison, bad input, an expired session,
 * sign-out; keyboard only where it matters; axe-core on every page; screenshots at desktop and
 * 360 px under results/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchBrowser, missingChromium, screenshots, seriousAccessibilityViolations, tabTo, type TestBrowser } from '../../test-support/browser.js';
import { missingDefaultModels, spawnServer, type SpawnedServer } from '../../test-support/spawn-server.js';

const skip = missingChromium() || missingDefaultModels();
if (skip) console.log(`# console browser tests skipped: ${skip}`);

/** Text of the first element matching `selector`, or null. */
function textOf(page: Page, selector: string): Promise<string | null> {
  return page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? null`) as Promise<string | null>;
}

/** Texts of every element matching `selector`. */
function textsOf(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent)`) as Promise<string[]>;
}

/** Sets a text field's value as typing would (an input event), without typing 20,000 keys. */
async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set;
    setter.call(el, ${JSON.stringify(value)});
    el.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
}

/** Waits until the page's text contains `text`. */
async function waitForText(page: Page, text: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(`document.body.innerText.includes(${JSON.stringify(text)})`, { timeout });
}

/** axe-core finds no serious or critical violation, in the light and in the dark colour scheme. */
async function assertAccessible(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], `${name} (${scheme}): serious or critical accessibility violations:\n${JSON.stringify(violations, null, 2)}`);
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

async function openConsole(page: Page, url: string): Promise<void> {
  await page.setBypassCSP(true);
  await page.goto(`${url}/ui/`, { waitUntil: 'networkidle0' });
}

async function signInWithKeyboard(page: Page, user: string, password: string): Promise<void> {
  await page.waitForSelector('#sign-in-user');
  await tabTo(page, '#sign-in-user');
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

describe('the web console in Chromium', { skip }, () => {
  let server: SpawnedServer;
  let chromium: TestBrowser;
  let page: Page;
  let storeDir: string;
  /** The model that rated the review, and the rating the feedback said was true. */
  const rated = { model: '', trueRating: 0 };

  before(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'review-stars-console-store-'));
    server = await spawnServer(['--dev-user', '--store', `sqlite:${join(storeDir, 'store.db')}`]);
    chromium = await launchBrowser();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
  });
  after(async () => {
    await chromium?.close();
    await server?.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  test('the page and its assets are served with short and long cache headers, gzipped', async () => {
    const res = await fetch(`${server.url}/ui/`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await res.text();
    const script = /src="(assets\/main-[A-Za-z0-9]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const asset = await fetch(`${server.url}/ui/${script}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(asset.headers.get('content-encoding'), 'gzip');
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
  });

  test('a wrong password is refused on the sign-in page', async () => {
    await openConsole(page, server.url);
    await assertAccessible(page, 'sign-in');
    await screenshots(page, 'sign-in');
    await signInWithKeyboard(page, 'bob', 'not-builder');
    await page.waitForSelector('.error[role="alert"]');
    assert.match((await textOf(page, '.error')) ?? '', /Invalid user name or password/);
    assert.equal(await page.$('nav'), null);
    await screenshots(page, 'sign-in-refused');
  });

  test('signing in with the keyboard alone opens the rate page', async () => {
    await fill(page, '#sign-in-user', '');
    await signInWithKeyboard(page, 'bob', 'builder');
    await page.waitForSelector('nav');
    assert.equal(await textOf(page, 'h1'), 'Rate a review');
    assert.match((await textOf(page, '.who')) ?? '', /bob/);
    // The page's title has focus, so keyboard users start on the new page.
    assert.equal(await page.evaluate('document.activeElement.id'), 'page-title');
  });

  test('rating a review shows stars, five probability bars and the terms that drove it, marked in the text', async () => {
    await page.waitForFunction(`document.querySelectorAll('#review-model option').length > 5`);
    await page.click('.examples button');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.result .stars');
    const rating = Number(await page.evaluate(`document.querySelector('.result .stars').dataset.rating`));
    assert.ok(rating >= 1 && rating <= 5);
    assert.match((await textOf(page, '.stars-text')) ?? '', new RegExp(`^${rating} stars?$`));
    const values = (await textsOf(page, '.bar-value')).map((t) => Number.parseFloat(t));
    assert.equal(values.length, 5);
    assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 0.01, `probabilities ${values.join(', ')} sum to 1`);
    assert.match((await textOf(page, '.expected')) ?? '', /Expected rating \d\.\d\d/);
    const marks = await textsOf(page, 'mark.term');
    assert.ok(marks.length >= 3, `marked terms: ${marks.join(' | ')}`);
    for (const mark of marks) assert.match(mark, /^(\u25B2\+|\u25BC\u2212)/, `each mark shows its sign: ${mark}`);
    // A marked word shows its weight when focused from the keyboard.
    await tabTo(page, 'mark.term');
    const tip = (await page.evaluate(`(() => { const t = document.activeElement.querySelector('.tip'); return { text: t.textContent, width: t.getBoundingClientRect().width }; })()`)) as { text: string; width: number };
    assert.match(tip.text, /[+\u2212]\d\.\d{3}: (toward (more|fewer) stars|(for|against) \d stars?)/);
    assert.ok(tip.width > 20, 'the tip is visible on focus');
    assert.equal((await textsOf(page, 'table.terms tbody tr')).length, 12);
    await assertAccessible(page, 'rate');
    await screenshots(page, 'rate');
  });

  test('"was this right?" sends the true rating and says it was recorded', async () => {
    rated.model = (await textOf(page, '#result-title a')) ?? '';
    assert.ok(rated.model !== '');
    await tabTo(page, '.feedback button');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    rated.trueRating = 2;
    await waitForText(page, 'Feedback recorded: true rating 2 stars');
    assert.equal(await page.evaluate(`document.querySelector('.feedback button[aria-pressed="true"]').textContent.trim()`), '2 stars');
    await screenshots(page, 'rate-feedback');
  });

  test('bad input gets a clear message on the page: empty, 20,001 characters, unknown branch', async () => {
    await fill(page, '#review-text', '');
    await page.click('button[type="submit"]');
    await waitForText(page, 'The review is empty');
    await fill(page, '#review-text', 'a'.repeat(20_001));
    assert.match((await textOf(page, '#review-count')) ?? '', /20,001 of at most 20,000/);
    await page.click('button[type="submit"]');
    await waitForText(page, 'The review is too long: 20,001 characters');
    assert.match((await textOf(page, '.error')) ?? '', /VALIDATION_FAILED/);
    await fill(page, '#review-text', 'Lovely parade.');
    await fill(page, '#review-branch', 'Disneyland_Atlantis');
    await page.click('button[type="submit"]');
    await waitForText(page, 'Unknown branch "Disneyland_Atlantis"');
    assert.match((await textOf(page, '.error')) ?? '', /Disneyland_California, Disneyland_HongKong, Disneyland_Paris/);
    await assertAccessible(page, 'rate with an error');
    await screenshots(page, 'rate-error');
    await fill(page, '#review-branch', '');
  });

  test('the models table sorts by a column and marks best; a model page shows its confusion matrix', async () => {
    await page.click('nav a[href="#/models"]');
    await page.waitForSelector('table.models tbody tr');
    assert.match((await textOf(page, 'tr.best')) ?? '', /best/);
    await page.click('th:nth-child(4) button.sort');
    assert.equal(await page.evaluate(`document.querySelector('th:nth-child(4)').getAttribute('aria-sort')`), 'descending');
    const accuracies = (await textsOf(page, 'table.models tbody td:nth-child(4)')).map(Number);
    assert.deepEqual(accuracies, [...accuracies].sort((a, b) => b - a));
    await assertAccessible(page, 'models');
    await screenshots(page, 'models');

    await page.click('table.models a[href="#/models/lr_global"]');
    await page.waitForSelector('table.confusion');
    assert.equal(await textOf(page, 'h1'), 'Model lr_global');
    const counts = (await page.evaluate(`[...document.querySelectorAll('table.confusion td.cell')].map((c) => Number(c.dataset.count))`)) as number[];
    assert.equal(counts.length, 25);
    assert.equal(counts.reduce((a, b) => a + b, 0), 1589);
    assert.match((await textsOf(page, 'table.confusion td.cell .cell-share'))[0] ?? '', /^\d+%$/);
    assert.equal((await textsOf(page, 'table caption')).filter((c) => /Per rating|Per branch/.test(c)).length, 2);
    await assertAccessible(page, 'model');
    await screenshots(page, 'model');
  });

  test('two models side by side', async () => {
    await page.goto(`${server.url}/ui/#/compare?a=lr_global&b=rf_global`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('table.compare');
    assert.equal((await textsOf(page, 'table.confusion')).length, 2);
    assert.deepEqual(await textsOf(page, '.side-by-side h2'), ['lr_global', 'rf_global']);
    await page.select('#compare-b', 'dt_global');
    await page.waitForFunction(`[...document.querySelectorAll('.side-by-side h2')].map((h) => h.textContent).join() === 'lr_global,dt_global'`);
    assert.match((await textOf(page, 'table.compare')) ?? '', /macro-F1/);
    await assertAccessible(page, 'compare');
    await screenshots(page, 'compare');
  });

  test('the monitoring page counts the prediction and its feedback, every chart with a table', async () => {
    await page.click('nav a[href="#/monitoring"]');
    await page.waitForSelector('#monitor-model option:nth-child(3)');
    await page.select('#monitor-model', rated.model);
    await page.waitForFunction(`document.querySelector('.monitored h2')?.textContent.startsWith(${JSON.stringify(rated.model)})`);
    assert.equal(await textOf(page, '[data-testid="feedback-total"]'), '1');
    assert.ok(Number(await textOf(page, '[data-testid="predictions-total"]')) >= 1);
    assert.deepEqual(await textsOf(page, '[data-testid="window-feedback"]'), ['1']);
    // The quality chart has its table; with one piece of feedback the live accuracy is 0 or 1.
    assert.ok((await page.$('.monitored .chart canvas')) !== null);
    const accuracy = (await textsOf(page, '.monitored table tbody tr td:nth-child(5)'))[0];
    assert.match(accuracy ?? '', /^(0|1)\.000$/);
    assert.match((await textOf(page, '.monitored')) ?? '', /not enough data/i);
    await assertAccessible(page, 'monitoring');
    await screenshots(page, 'monitoring');
  });

  test('signing out ends the session: the console and the API refuse it', async () => {
    const cookie = (await page.cookies()).find((c) => c.name === 'review_stars_session');
    assert.ok(cookie !== undefined && cookie.httpOnly && cookie.sameSite === 'Strict');
    await page.click('.who button');
    await waitForText(page, 'You have signed out.');
    assert.equal(await page.$('nav'), null);
    await page.goto(`${server.url}/ui/#/models`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#sign-in-user');
    const replayed = await fetch(`${server.url}/v1/models`, { headers: { cookie: `review_stars_session=${cookie.value}` } });
    assert.equal(replayed.status, 401);
    assert.match(((await replayed.json()) as { message: string }).message, /signed out/);
    await screenshots(page, 'signed-out');
  });
});

describe('a console session that expires mid-use', { skip }, () => {
  test('the next action says the session ended and offers sign-in again, never a blank page', async () => {
    const server = await spawnServer(['--dev-user', '--session-ttl', '2']);
    const chromium = await launchBrowser();
    try {
      const page = await chromium.browser.newPage();
      await openConsole(page, server.url);
      await signInWithKeyboard(page, 'bob', 'builder');
      await page.waitForSelector('#review-text');
      await fill(page, '#review-text', 'The fireworks were lovely.');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await page.click('button[type="submit"]');
      await page.waitForSelector('#sign-in-user');
      assert.match((await textOf(page, '.notice')) ?? '', /session has ended|expired/);
      await assertAccessible(page, 'session expired');
      await screenshots(page, 'session-expired');
    } finally {
      await chromium.close();
      await server.stop();
    }
  });
});
