// Main-thread time of the app's frames: a Chrome trace of FireAnimationFrame
// on the renderer's main thread while the mouse moves over Factures with the
// sample ledger (40 moves, 120 ms apart).
//   node bench/browser/frame-trace.mjs build/web-dev
// Prints the frame count, median, p90 and sum. Compare two builds of the
// site by running it on each, alternated.
import { readFile } from 'node:fs/promises';
import { launch, startServer } from '../../tests/e2e/harness.mjs';

const site = process.argv[2];
if (!site) {
  console.error('usage: node bench/browser/frame-trace.mjs SITE_DIR');
  process.exit(2);
}
const server = await startServer(site);
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(server.origin + '/?today=2026-11-23');
  await page.waitForFunction(() => window.relance && window.relance.ready, null, { polling: 50 });
  const sample = await readFile(new URL('../../assets/sample/ledger.json', import.meta.url), 'utf8');
  await page.evaluate((j) => window.relance.importLedger(j), sample);
  const r = await page.evaluate(() => window.relance.ui.rect('Factures'));
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await new Promise((ok) => setTimeout(ok, 1000));
  const cdp = await ctx.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,toplevel', transferMode: 'ReportEvents' });
  for (let i = 0; i < 40; ++i) {
    await page.mouse.move(200 + (i % 2) * 400, 300 + i * 5);
    await new Promise((ok) => setTimeout(ok, 120));
  }
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  await done;
  const main = events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`);
  const frames = events.filter((e) => main.includes(`${e.pid}:${e.tid}`) && e.name === 'FireAnimationFrame' && e.ph === 'X')
    .map((e) => e.dur / 1000).sort((a, b) => a - b);
  const q = (p) => frames[Math.floor(p * (frames.length - 1))];
  console.log(`${site}: ${frames.length} frames, median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, ` +
              `sum ${frames.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.close();
}
