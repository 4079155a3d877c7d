// End-to-end tests of the semantics overlay (issue 14), in headless
// Chromium: the accessibility tree of every screen of the sample, real
// keyboard events (Tab, Enter, Escape, « ? »), find-in-page and selection of
// an invoice number, axe-core, and an idle tab that draws nothing.
// Run with ./run.sh after scripts/build-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { watch, openApp, screenshots } from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';
import { clickLabel, loadSample, settle, waitForLabel } from './screens-helpers.mjs';

const TODAY = '2026-11-23';
const SCREENS = ['Aujourd’hui', 'Factures', 'Clients', 'Relances', 'Rapports', 'Paramètres'];
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server;
let browser;
serveSiteAndBrowser((s, b) => { server = s; browser = b; });

// The page with the sample loaded. bypassCSP: the app's CSP (script-src
// 'self') would refuse the axe script injected by the test; only here.
async function samplePage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, ...options });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  await settle(page);
  return { context, page, watcher };
}

// The overlay's element for a widget, by role and accessible name.
function overlay(page) { return page.locator('#rl-a11y'); }

async function openScreen(page, name) {
  await clickLabel(page, name);
  await settle(page);
  await page.locator('#rl-a11y [role="tab"][aria-selected="true"]', { hasText: name }).waitFor({ state: 'attached' });
}

test('every screen of the sample exposes its headings, buttons, labelled fields and table cells', async () => {
  const { context, page, watcher } = await samplePage();
  for (const name of SCREENS) {
    await openScreen(page, name);
    const snap = await overlay(page).ariaSnapshot();
    assert.match(snap, /heading "Relance" \[level=1\]/, `${name}: the page's heading\n${snap}`);
    assert.match(snap, /tablist "Écrans"/, `${name}: the screens as tabs`);
    assert.match(snap, new RegExp(`tab "${name}" \\[selected\\]`), `${name}: its tab is selected`);
    assert.match(snap, /- button "[^"]+"/, `${name}: buttons with names`);
    const unnamed = await page.evaluate(() => Array.from(document.querySelectorAll('#rl-a11y button, #rl-a11y [role="textbox"]'))
      .filter((e) => !(e.getAttribute('aria-label') || e.textContent).trim()).length);
    assert.equal(unnamed, 0, `${name}: every button and field has a name`);
    if (name === 'Factures' || name === 'Clients') {
      assert.match(snap, /- table/, `${name}: a table`);
      assert.match(snap, /- columnheader "[^"]+"/, `${name}: column headers`);
      assert.match(snap, /- cell "[^"]+"/, `${name}: cells`);
    }
    if (name === 'Paramètres') assert.match(snap, /- textbox "[^"]+"/, 'named text fields');
    if (name === 'Rapports') assert.match(snap, /Balance âgée : [^\n]*€/, 'the aging chart says its amounts in text');
  }
  await page.screenshot({ path: join(screenshots, 'a11y-parametres.png') });
  watcher.check(assert);
  await context.close();
});

test('Tab reaches the buttons in reading order, Enter activates one, the app rings the focused widget', async () => {
  const { context, page, watcher } = await samplePage();
  await openScreen(page, 'Aujourd’hui');
  // From the top: the screens' tabs come first, in their order.
  await page.keyboard.press('Tab');
  const seen = [];
  for (let i = 0; i < 6; ++i) {
    seen.push(await page.evaluate(() => document.activeElement.textContent));
    if (i < 5) await page.keyboard.press('Tab');
  }
  assert.deepEqual(seen, SCREENS);
  // Shift+Tab goes back.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Rapports');
  await settle(page);
  await page.screenshot({ path: join(screenshots, 'a11y-focus-ring.png') });
  // Enter on « Factures »: the Factures screen.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Factures');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/factures');
  await settle(page);
  // ↓ in the table: from a row's button to the next row's.
  const rows = page.locator('#rl-a11y [role="table"] [role="row"] button');
  await rows.first().waitFor({ state: 'attached' });
  const first = await rows.nth(0).textContent();
  const second = await rows.nth(1).textContent();
  await rows.nth(0).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), second, `after ${first}`);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), first);
  watcher.check(assert);
  await context.close();
});

test('Escape closes a dialog; « ? » shows the shortcuts and Escape closes them; g then 3 opens Clients', async () => {
  const { context, page, watcher } = await samplePage();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Raccourcis clavier' });
  await help.waitFor();
  assert.match(await help.textContent(), /g puis 2.*Factures/);
  // Modal: Tab and Shift+Tab stay in it.
  for (const key of ['Tab', 'Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.equal(await page.evaluate(() => document.activeElement.closest('.rl-help') !== null), true, `after ${key}`);
  }
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });

  await page.keyboard.press('g');
  await page.keyboard.press('3');
  await page.waitForFunction(() => location.hash === '#/clients');

  // A dialog of the app: the calendar of a payment's date.
  await openScreen(page, 'Factures');
  const inv = JSON.parse(await page.evaluate(() => window.relance.exportLedger())).invoices
    .find((i) => i.number === 'F-2026-0036');
  await waitForLabel(page, `F-2026-0036##inv-${inv.id}`);
  await clickLabel(page, `F-2026-0036##inv-${inv.id}`);
  await waitForLabel(page, 'Enregistrer un paiement##action');
  await clickLabel(page, 'Enregistrer un paiement##action');
  await waitForLabel(page, 'Calendrier##Date du paiement##paiement');
  await clickLabel(page, 'Calendrier##Date du paiement##paiement');
  const dialog = page.locator('#rl-a11y [role="dialog"]');
  await dialog.waitFor({ state: 'attached' });
  assert.match(await dialog.getAttribute('aria-label'), /\d{4}/, 'the calendar is named by its month');
  assert.ok(await dialog.getByRole('button', { name: 'Mois suivant' }).count() === 1);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  watcher.check(assert);
  await context.close();
});

test('find-in-page finds an invoice number on Factures; a selection of it copies the number', async () => {
  const { context, page, watcher } = await samplePage();
  await openScreen(page, 'Factures');
  const inv = JSON.parse(await page.evaluate(() => window.relance.exportLedger())).invoices
    .find((i) => i.number === 'F-2026-0036');
  await waitForLabel(page, `F-2026-0036##inv-${inv.id}`);
  // window.find: what Ctrl+F does.
  const found = await page.evaluate(() => {
    window.getSelection().removeAllRanges();
    const ok = window.find('F-2026-0036');
    return { ok, text: window.getSelection().toString() };
  });
  assert.deepEqual(found, { ok: true, text: 'F-2026-0036' });
  // The text lies over the row drawn by the canvas.
  const [box, row] = await Promise.all([
    page.locator('#rl-a11y span', { hasText: /^F-2026-0036$/ }).first().boundingBox(),
    page.evaluate((l) => window.relance.ui.rect(l), `F-2026-0036##inv-${inv.id}`),
  ]);
  assert.ok(box && Math.abs(box.y + box.height / 2 - (row.y + row.h / 2)) < row.h, JSON.stringify({ box, row }));
  // A drag across the number selects it (and does not open the invoice).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.evaluate(() => window.getSelection().removeAllRanges());
  await page.mouse.move(box.x + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await settle(page);
  const selected = await page.evaluate(() => window.getSelection().toString());
  assert.equal(selected, 'F-2026-0036');
  assert.equal(await page.evaluate(() => location.hash), '#/factures', 'the invoice did not open');
  await page.keyboard.press('Control+C');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, selected);
  watcher.check(assert);
  await context.close();
});

test('axe-core finds no critical or serious violation on any screen of the sample', async () => {
  const { context, page, watcher } = await samplePage();
  await page.addScriptTag({ path: axePath });
  const report = [];
  for (const name of SCREENS) {
    await openScreen(page, name);
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    if (violations.length) report.push(`${name}:\n  ${violations.join('\n  ')}`);
  }
  assert.deepEqual(report, [], report.join('\n'));
  watcher.check(assert);
  await context.close();
});

test('with the overlay, an idle tab draws no frame and changes no element', async () => {
  const { context, page, watcher } = await samplePage();
  await openScreen(page, 'Factures');
  const start = await page.evaluate(() => {
    window.__mutations = 0;
    new MutationObserver((m) => { window.__mutations += m.length; })
      .observe(document.getElementById('rl-a11y'), { subtree: true, childList: true, attributes: true, characterData: true });
    return window.relance.frames;
  });
  await page.waitForTimeout(3000);
  const after = await page.evaluate(() => ({ frames: window.relance.frames, mutations: window.__mutations }));
  assert.deepEqual(after, { frames: start, mutations: 0 });
  watcher.check(assert);
  await context.close();
});

test('at 200 % zoom the UI is drawn at twice the pixels and the overlay still lies over it', async () => {
  // The browser's zoom halves the CSS viewport and doubles devicePixelRatio:
  // a 1280×800 window at 200 % is 640×400 CSS pixels at ratio 2.
  const { context, page, watcher } = await samplePage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  await openScreen(page, 'Factures');
  const canvas = await page.evaluate(() => ({ w: document.getElementById('canvas').width, css: innerWidth }));
  assert.deepEqual(canvas, { w: 1280, css: 640 });
  const [tab, drawn] = await Promise.all([
    page.locator('#rl-a11y [role="tab"]', { hasText: 'Factures' }).boundingBox(),
    page.evaluate(() => window.relance.ui.rect('Factures')),
  ]);
  for (const k of [['x', 'x'], ['y', 'y'], ['width', 'w'], ['height', 'h']])
    assert.ok(Math.abs(tab[k[0]] - drawn[k[1]]) < 1, `${k[0]}: ${JSON.stringify({ tab, drawn })}`);
  await page.screenshot({ path: join(screenshots, 'a11y-zoom-200.png') });
  watcher.check(assert);
  await context.close();
});
