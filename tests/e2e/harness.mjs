// Shared setup of the browser tests: Debian's Chromium, headless, driven by
// playwright-core; the dev site from build/web-dev (the app with
// window.relance.dev, scripts/build-web.sh builds it next to build/web)
// served locally; console errors and requests to other origins collected for
// the checks. site.test.mjs also serves the production site, build/web.
import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, rm, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const site = process.env.RELANCE_SITE || join(repo, 'build', 'web-dev');
export const prodSite = process.env.RELANCE_PROD_SITE || join(repo, 'build', 'web');
export const screenshots = join(repo, 'build', 'screenshots');

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--use-gl=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function checkSite(dir = site) {
  await access(join(dir, 'app.wasm')).catch(() => {
    throw new Error(`${dir}/app.wasm missing: run scripts/build-web.sh first`);
  });
  await mkdir(screenshots, { recursive: true });
}

export async function launch() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

// A context whose profile lives in a directory (IndexedDB, service worker
// and their data survive page reloads and context restarts).
// Those a failed test left open are closed by closeLeftOpen() after the
// test file: their browsers would otherwise keep the file's process, and
// the run, waiting.
const persistent = new Set();
export async function launchPersistent(dir, options = {}) {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  persistent.add(context);
  context.on('close', () => persistent.delete(context));
  return context;
}
export async function closeLeftOpen() {
  await Promise.all([...persistent].map((c) => c.close().catch(() => {})));
}

export async function tempDir(prefix = 'relance-e2e-') {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export { startServer };

// Watches a page: console errors, page errors, and requests whose origin is
// not the local server. Call check() at the end of a test.
export function watch(page, origin) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('blob:') || url.startsWith('data:')) return;
    if (!url.startsWith(origin + '/')) problems.push(`request to another origin: ${url}`);
  });
  return {
    problems,
    check(assert) {
      assert.deepEqual(problems, [], problems.join('\n'));
    },
  };
}

// What a page that did not become ready got to, for the report: the
// loading line, and how far the frames went.
async function pageState(page) {
  return Promise.race([
    page.evaluate(() => ({
      status: document.getElementById('status')?.textContent,
      statusClass: document.getElementById('status')?.className,
      relance: typeof window.relance,
      frames: window.relance?.frames,
      dbClosed: window.relance?._dbClosed,
      glRestores: window.relance?._glRestores,
      hidden: document.hidden,
    })).catch((err) => ({ evaluate: String(err) })),
    new Promise((ok) => setTimeout(() => ok({ evaluate: 'no answer in 5 s' }), 5000)),
  ]);
}

// Opens the app and waits for window.relance.ready.
export async function openApp(page, origin, query = '?today=2026-11-23') {
  await page.goto(origin + '/' + query);
  try {
    // Polled on a timer, not on animation frames (the default), which a
    // page busy starting may not give for a while. A start is timed by the
    // benchmark, not here.
    await page.waitForFunction(() => window.relance && window.relance.ready, null, { timeout: 60000, polling: 50 });
  } catch (e) {
    e.message += `\npage state: ${JSON.stringify(await pageState(page))}`;
    throw e;
  }
  await page.evaluate(() => window.relance.ready);
}

// The centre of a widget, by its label, in CSS pixels of the page.
export async function centerOf(page, label) {
  const r = await page.evaluate((l) => window.relance.ui.rect(l), label);
  if (!r) throw new Error(`no widget labelled ${JSON.stringify(label)} in the last frame`);
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

export async function click(page, label) {
  const { x, y } = await centerOf(page, label);
  await page.mouse.click(x, y);
}

// Waits until a frame has been drawn after now (the app redraws on input).
export async function nextFrames(page, n = 2) {
  const start = await page.evaluate(() => window.relance.frames);
  await page.waitForFunction((s) => window.relance.frames >= s, start + n);
}
