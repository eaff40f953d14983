/**
 * @module test-support/browser
 * For the console's browser tests: the system's Chromium driven by puppeteer-core (headless, no
 * sandbox, no network services, a fresh profile per launch), an axe-core accessibility check run
 * inside the page, keyboard helpers and screenshots under results/screenshots/ (kept out of git).
 * Tests only; nothing in the product imports it.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Chromium from Debian's `chromium` package, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where screenshots go (results/ is git-ignored). */
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../results/screenshots/', import.meta.url));

/** Why browser tests cannot run here, or false when they can. */
export function missingChromium(): string | false {
  return existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): browser tests skipped`;
}

/** A launched browser and the way to close it (and delete its profile). */
export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'review-stars-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The viewports every page is photographed at. */
export const VIEWPORTS = Object.freeze({ desktop: { width: 1280, height: 900 }, narrow: { width: 360, height: 740 } });

/** Saves full-page screenshots of the current page at desktop and 360 px widths, then restores the desktop viewport. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const paths: string[] = [];
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewport(viewport);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const path = join(SCREENSHOTS_DIR, `${name}-${label}.png`);
    await page.screenshot({ path: path as `${string}.png`, fullPage: true });
    paths.push(path);
  }
  await page.setViewport(VIEWPORTS.desktop);
  return paths;
}

/** One axe-core finding. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core in the page and returns its serious and critical violations. The page must have
 * been opened with CSP bypassed (page.setBypassCSP(true)): the console's CSP forbids injected scripts.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: axeSource });
  // Evaluated as text: this module is compiled without the DOM's types.
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) })))`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Presses Tab until the focused element matches `selector`; fails after `maxTabs` presses. */
export async function tabTo(page: Page, selector: string, maxTabs = 60): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    if ((await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) === true`)) === true) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} was not reached with ${maxTabs} presses of Tab`);
}
