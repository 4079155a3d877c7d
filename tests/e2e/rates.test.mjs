// Rate tables served next to the app (issue 12): the site serves
// rates/<id>.json as plain files; on start the app reads the packs it uses,
// and a host who updates rates/fr.json updates every user without a new
// build. An invalid file is ignored with a note in Paramètres › Taux; the
// service worker keeps the last good answer for offline starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { site, screenshots, watch, openApp, click } from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';
import { settle, waitForLabel, clickLabel, visible } from './screens-helpers.mjs';

let server;
let browser;
serveSiteAndBrowser((s, b) => { server = s; browser = b; });

const command = (type, body) => JSON.stringify({ format: 'relance-command', version: 1, type, ...body });
// Non-breaking spaces (« 12,40 % ») read as plain ones.
const text = async (page, label) => (await page.evaluate((l) => window.relance.ui.text(l), label))?.replace(/\s/g, ' ');
const has = (page, label) => page.evaluate((l) => window.relance.ui.rect(l) !== null, label);

// The shipped France tables with the 2026 H2 rows changed and verified:
// the ECB rate 2,65 % instead of 2,40 %.
async function updatedFrance() {
  const fr = JSON.parse(await readFile(join(site, 'rates', 'fr.json'), 'utf8'));
  const last = (periods) => periods[periods.length - 1];
  const ref = last(fr.b2b.reference.periods);
  assert.equal(ref.from, '2026-07-01');
  ref.rate = '2.65';
  ref.verified = true;
  ref.source = 'https://www.ecb.europa.eu/ (hôte de test)';
  for (const t of Object.values(fr))
    if (t && typeof t === 'object' && Array.isArray(t.periods)) last(t.periods).verified = true;
  return JSON.stringify(fr, null, 1);
}

async function openInvoice(page) {
  await click(page, 'Factures');
  await settle(page);
  // A reload keeps the view it was on (its address): back to the list first.
  if (await has(page, '‹ Liste des factures')) {
    await click(page, '‹ Liste des factures');
    await settle(page);
  }
  await waitForLabel(page, 'F-2026-0001##inv-1');
  await clickLabel(page, 'F-2026-0001##inv-1');
  await page.waitForFunction(() => window.relance.ui.text('Taux 01/07/2026') !== null, null, { timeout: 10000 });
  await settle(page);
}

async function ratesTab(page) {
  await click(page, 'Paramètres');
  await waitForLabel(page, 'Taux légaux');
  await click(page, 'Taux légaux');
  await waitForLabel(page, 'Origine des taux');
  await settle(page);
}

async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => window.relance && window.relance.ready, null, { timeout: 20000 });
  await page.evaluate(() => window.relance.ready);
  await settle(page);
}

test('a rates/fr.json updated on the site is used after a reload; an invalid one is ignored with a note', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const watcher = watch(page, server.origin);
    await openApp(page, server.origin);
    const run = (c) => page.evaluate((x) => window.relance.dev.command(x), c);
    assert.equal((await run(command('add_client', { client: { name: 'Garage Martin', kind: 'business' } }))).ok, true);
    const r = await run(command('add_invoice', { invoice: {
      client: 1, kind: 'invoice', state: 'issued', number: 'F-2026-0001', issue_date: '2026-01-05',
      due_date: '2026-02-04', ht: '1000.00', vat: '200.00', ttc: '1200.00', label: 'Installation' } }));
    assert.equal(r.ok, true, JSON.stringify(r));
    await settle(page);
    assert.ok(server.requests.some((u) => u === '/rates/fr.json'), server.requests.join('\n'));

    // The shipped tables: the 2026 H2 rows are not verified, said once on
    // Aujourd’hui with what to do; the invoice's penalties use 2,40 % + 10.
    await waitForLabel(page, 'Taux à vérifier');
    await waitForLabel(page, 'Vérifier les taux');
    await openInvoice(page);
    assert.equal(await text(page, 'Taux 01/07/2026'), '12,40 %');
    assert.match(await text(page, 'Base des pénalités'), /taux de la BCE \+ 10(,00)? points/);
    assert.equal(await has(page, 'Taux à vérifier'), false, 'the notice is not repeated under the penalties');
    await ratesTab(page);
    assert.equal(await text(page, 'Origine des taux'), 'Tables utilisées : intégrées à l’application.');

    // The host updates rates/fr.json: after a reload the app uses it.
    server.override('/rates/fr.json', await updatedFrance());
    await reload(page);
    await page.waitForFunction(() => !window.relance.ui.labels().includes('Taux à vérifier'), null, { timeout: 10000 });
    await openInvoice(page);
    assert.equal(await text(page, 'Taux 01/07/2026'), '12,65 %');
    await ratesTab(page);
    assert.equal(await text(page, 'Origine des taux'), 'Tables utilisées : servies par le site le 23/11/2026 (rates/fr.json).');
    assert.equal(await has(page, 'Taux à vérifier'), false);
    await page.screenshot({ path: join(screenshots, 'rates-served.png') });

    // Offline: the service worker answers with the last good file.
    await context.setOffline(true);
    await reload(page);
    await openInvoice(page);
    assert.equal(await text(page, 'Taux 01/07/2026'), '12,65 %');
    await context.setOffline(false);

    // A broken file: ignored, said in Paramètres › Taux; the shipped tables again.
    server.override('/rates/fr.json', '{"format": "relance-rates", "version": 1, "id": "fr", "b2b": ');
    await reload(page);
    await ratesTab(page);
    await page.waitForFunction(() => window.relance.ui.text('Fichier de taux du site') !== null, null, { timeout: 10000 });
    assert.match(await text(page, 'Fichier de taux du site'),
                 /^Le fichier rates\/fr\.json servi par le site a été ignoré \(.+\) : les taux intégrés restent utilisés\.$/);
    assert.equal(await text(page, 'Origine des taux'), 'Tables utilisées : intégrées à l’application.');
    await visible(page, 'Fichier de taux du site');
    await page.screenshot({ path: join(screenshots, 'rates-invalid.png') });
    await openInvoice(page);
    assert.equal(await text(page, 'Taux 01/07/2026'), '12,40 %');
    // Nothing but the site's own files was asked for.
    watcher.check(assert);
  } finally {
    server.override('/rates/fr.json');
    await context.close();
  }
});
