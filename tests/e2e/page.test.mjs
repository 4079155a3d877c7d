// End-to-end tests of the canvas as a web page (issue 14), in headless
// Chromium: the page's language and title, each view's address, the
// browser's Back and Forward, a reload that keeps the view.
// Run with ./run.sh after scripts/build-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch, openApp } from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';
import { waitForLabel, clickLabel, loadSample, settle } from './screens-helpers.mjs';

const TODAY = '2026-11-23';

let server;
let browser;
serveSiteAndBrowser((s, b) => { server = s; browser = b; });

test('the address and the title follow the view; Back returns from an invoice to the list; a reload keeps the view', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  await openApp(page, server.origin, `?today=${TODAY}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  await loadSample(page);
  await page.waitForFunction(() => location.hash === '#/aujourdhui');
  assert.equal(await page.title(), 'Aujourd’hui — Relance');

  await clickLabel(page, 'Factures');
  await page.waitForFunction(() => location.hash === '#/factures');
  assert.equal(await page.title(), 'Factures — Relance');
  const inv = JSON.parse(await page.evaluate(() => window.relance.exportLedger())).invoices
    .find((i) => i.number === 'F-2026-0036');
  await waitForLabel(page, `F-2026-0036##inv-${inv.id}`);
  await clickLabel(page, `F-2026-0036##inv-${inv.id}`);
  await page.waitForFunction(() => location.hash === '#/factures/F-2026-0036');
  assert.equal(await page.title(), 'Facture F-2026-0036 — Relance');
  assert.ok(page.url().includes(`?today=${TODAY}#/factures/F-2026-0036`), page.url());

  // The browser's Back: the list, still in the app; Forward: the invoice.
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/factures');
  await settle(page);
  assert.equal(await page.evaluate(() => window.relance.ui.rect('Titre##facture')), null, 'the detail is closed');
  await waitForLabel(page, `F-2026-0036##inv-${inv.id}`);
  await page.goForward();
  await page.waitForFunction(() => location.hash === '#/factures/F-2026-0036');
  await waitForLabel(page, 'Titre##facture');

  // A reload (or a bookmark) opens the same view.
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, 'Titre##facture', 10000);
  assert.equal(await page.title(), 'Facture F-2026-0036 — Relance');
  // Back through the views opened before the reload: the list, Aujourd'hui.
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/factures');
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/aujourdhui');
  await waitForLabel(page, 'À faire aujourd’hui');
  watcher.check(assert);
  await context.close();
});
