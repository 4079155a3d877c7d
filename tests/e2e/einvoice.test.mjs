// End-to-end tests of issue 11's browser part in headless Chromium: e-invoices
// dropped on the page (a Factur-X PDF and a UBL file, written here from the
// project's own test invoices), previewed, imported by one command, found in
// Factures and in the agenda; bad files each refused with their reason; and
// an invoice CSV with unknown columns mapped by hand, then by itself.
// Run with ./run.sh after scripts/build-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { watch, openApp, repo, screenshots } from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';
import { waitForLabel, clickLabel, labels, ledger, waitForLedger, settle } from './screens-helpers.mjs';

const TODAY = '2026-11-23';
const fixture = (name) => readFileSync(join(repo, 'tests', 'fixtures', 'einvoice', name), 'latin1');

let server;
let browser;
serveSiteAndBrowser((s, b) => { server = s; browser = b; });

// A Factur-X PDF: the CII XML attached as an embedded file, Flate-compressed.
// Strings are bytes (latin1), as the PDF is.
function facturxPdf(xml) {
  const packed = deflateSync(Buffer.from(xml, 'latin1')).toString('latin1');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> /AF [5 0 R] >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    '<< /Names [(factur-x.xml) 5 0 R] >>',
    '<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /AFRelationship /Data /EF << /F 6 0 R >> >>',
    `<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length ${packed.length} >>\nstream\n${packed}\nendstream`,
  ];
  return pdfOf(objects);
}

// A PDF and nothing attached.
const plainPdf = () => pdfOf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
]);

// A PDF with a classic xref table: objects numbered from 1.
function pdfOf(objects) {
  let out = '%PDF-1.7\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

async function newPage(width = 1280, height = 800) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  await openApp(page, server.origin, `?today=${TODAY}`);
  // The company the test invoices are from (their seller's SIREN).
  const l = await ledger(page);
  l.company.name = 'Atelier Lumière';
  l.company.siren = '812345676';
  const r = await page.evaluate((j) => window.relance.importLedger(j), JSON.stringify(l));
  assert.equal(r.ok, true, JSON.stringify(r));
  await settle(page);
  return { context, page, watcher };
}

// Drops files on the canvas, as a user dragging them from a folder: [{name, type, bytes (latin1 string)}].
async function drop(page, files) {
  await page.evaluate((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) {
      const bytes = Uint8Array.from(f.bytes, (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

const withText = async (page, part) => (await labels(page)).some((l) => l.includes(part));

async function waitForText(page, part, timeout = 5000) {
  await page.waitForFunction((p) => window.relance.ui.labels().some((l) => l.includes(p)), part, { timeout })
    .catch(() => { throw new Error(`no label with ${JSON.stringify(part)}`); });
}

test('a Factur-X PDF and a UBL file dropped together: previewed, imported by one command, late in the agenda', async () => {
  const { context, page, watcher } = await newPage();
  const journalBefore = (await page.evaluate(() => window.relance.dev.journal())).length;
  await drop(page, [
    { name: 'FX-2026-0042.pdf', type: 'application/pdf', bytes: facturxPdf(fixture('cii-invoice.xml')) },
    { name: 'UBL-2026-118.xml', type: 'text/xml', bytes: fixture('ubl-invoice.xml') },
  ]);
  await waitForLabel(page, 'Importer 2 factures');
  assert.ok(await withText(page, 'FX-2026-0042 ·'));
  assert.ok(await withText(page, 'UBL-2026-118 · Garage Renard'));
  assert.ok(await withText(page, 'nouveau client'));
  assert.ok(!(await withText(page, 'refusé')), 'nothing refused');
  await page.screenshot({ path: join(screenshots, 'einvoice-preview.png') });
  assert.equal((await ledger(page)).invoices.length, 0, 'the preview writes nothing');

  await clickLabel(page, 'Importer 2 factures');
  const l = await waitForLedger(page, (x) => x.invoices.length === 2, 'two invoices imported');
  const journal = await page.evaluate(() => window.relance.dev.journal());
  assert.equal(journal.length, journalBefore + 1, 'one command');
  assert.equal(JSON.parse(journal.at(-1).command).type, 'import_batch');
  await waitForLabel(page, '##notice');  // « 2 factures importées » (its text: web/tests/unit-import.cpp)
  const fx = l.invoices.find((i) => i.number === 'FX-2026-0042');
  const ubl = l.invoices.find((i) => i.number === 'UBL-2026-118');
  assert.ok(fx && ubl);
  assert.deepEqual([fx.issue_date, fx.due_date], ['2026-01-05', '2026-02-04']);
  // In Factures' list, then in the agenda (both are late).
  await waitForLabel(page, `FX-2026-0042##inv-${fx.id}`);
  await waitForLabel(page, `UBL-2026-118##inv-${ubl.id}`);
  await page.screenshot({ path: join(screenshots, 'einvoice-imported.png') });
  await clickLabel(page, 'Aujourd’hui');
  await waitForText(page, 'FX-2026-0042');
  const agenda = await page.evaluate(() => window.relance.agenda(''));
  assert.ok(agenda.includes('FX-2026-0042') && agenda.includes('UBL-2026-118'), 'both in the agenda');
  watcher.check(assert);
  await context.close();
});

test('bad files: a PDF with no attachment, an XML that is not an invoice, a truncated PDF, each refused with one reason', async () => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const { context, page, watcher } = await newPage(w, h);
    const pdf = facturxPdf(fixture('cii-invoice.xml'));
    await drop(page, [
      { name: 'sans-piece-jointe.pdf', type: 'application/pdf',
        bytes: plainPdf() },
      { name: 'commande.xml', type: 'text/xml', bytes: fixture('not-an-invoice.xml') },
      { name: 'tronque.pdf', type: 'application/pdf', bytes: pdf.slice(0, pdf.length >> 1) },
    ]);
    await waitForText(page, '3 fichiers refusés, non importés');
    const reasons = { 'sans-piece-jointe.pdf : ': 'PDF sans fichier XML joint', 'commande.xml : ': 'pas une facture électronique',
      'tronque.pdf : ': 'PDF tronqué' };
    for (const [name, why] of Object.entries(reasons)) {
      const lines = (await labels(page)).filter((l) => l.startsWith(name));
      assert.equal(lines.length, 1, `one reason for ${name}`);
      assert.ok(lines[0].includes(why), lines[0]);
    }
    assert.ok(await withText(page, 'Aucune facture à importer : rien n’a été importé.'));
    assert.equal(await page.evaluate(() => window.relance.ui.rect('Importer 1 facture')), null);
    await page.screenshot({ path: join(screenshots, `einvoice-refused-${w}.png`) });
    await clickLabel(page, 'Fermer##import-efactures');
    assert.equal((await ledger(page)).invoices.length, 0);
    watcher.check(assert);
    await context.close();
  }
});

test('a CSV with unknown columns: mapped by hand, imported, the next file of that header mapped by itself', async () => {
  const { context, page, watcher } = await newPage();
  const header = 'Pièce;Tiers;Emis;Limite;Somme\r\n';
  const utf8 = (s) => Buffer.from(s, 'utf8').toString('latin1');
  await drop(page, [{ name: 'compta.csv', type: 'text/csv', bytes: utf8(header +
    'A-1;Garage Martin;02/09/2026;02/10/2026;1 200,00\r\nA-2;Café du Port;03/09/2026;03/10/2026;300,00\r\n' +
    'Total;;;;1 500,00\r\n') }]);
  await waitForLabel(page, 'Lire le fichier avec ces colonnes');
  assert.ok(await withText(page, 'en-tête non reconnu'));
  assert.ok(await withText(page, 'Colonne « Tiers »'));
  await page.screenshot({ path: join(screenshots, 'csv-mapping.png') });
  const meanings = { 'Pièce': 'Numéro de facture', Tiers: 'Client', Emis: 'Date de facture', Limite: 'Échéance', Somme: 'Montant TTC' };
  for (const [col, meaning] of Object.entries(meanings)) {
    const combo = `##Sens de « ${col} »`;
    await clickLabel(page, combo);
    await waitForLabel(page, `${meaning}##${combo}`);
    await clickLabel(page, `${meaning}##${combo}`);
  }
  await clickLabel(page, 'Lire le fichier avec ces colonnes');
  await waitForLabel(page, 'Importer 2 factures');
  assert.ok(await withText(page, 'ligne(s) de total ignorée(s)'), 'the footer row skipped, said');
  await page.screenshot({ path: join(screenshots, 'csv-mapped.png') });
  await clickLabel(page, 'Importer 2 factures');
  let l = await waitForLedger(page, (x) => x.invoices.length === 2 && (x.mappings || []).length === 1, 'imported, mapping saved');
  await waitForLabel(page, '##notice');

  await drop(page, [{ name: 'compta-octobre.csv', type: 'text/csv', bytes: utf8(header +
    'A-3;Garage Martin;04/10/2026;04/11/2026;50,00\r\n') }]);
  await waitForLabel(page, 'Importer 1 facture');
  assert.ok(await withText(page, 'comme lors d’un import précédent'));
  await clickLabel(page, 'Importer 1 facture');
  l = await waitForLedger(page, (x) => x.invoices.length === 3, 'second file imported');
  assert.equal(l.mappings.length, 1);
  watcher.check(assert);
  await context.close();
});
