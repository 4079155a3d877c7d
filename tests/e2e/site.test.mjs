// The production site (build/web, what scripts/run.sh serves and a user
// copies) carries no dev API and no benchmark code; the dev site
// (build/web-dev, which the other browser tests and the benchmark use) has
// them. Both are linked from one compilation (web/CMakeLists.txt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSite, launch, startServer, site, prodSite, screenshots, watch, openApp } from './harness.mjs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { clickLabel, emailItem, ledger, loadSample, serviceWorkerControls, waitForLabel, waitForLedger } from './screens-helpers.mjs';

// Strings only the dev build holds: the dev handlers' names (wasm) and their
// JS methods (app.js), the benchmark's code (its JSON keys, its header).
const DEV_JS = ['dev.command', 'dev.bench', 'dev.journal', 'dev.opened', 'dev.append', 'rl_install_dev_api', 'core_ops'];
const DEV_WASM = ['dev.command', 'dev.bench', 'dev.journal', 'dev.opened', 'dev.append', 'penalties_timed', 'core_ops'];

let browser;
before(async () => {
  await checkSite(site);
  await checkSite(prodSite);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// A site served, a fresh context, the app open in a page.
async function openSite(dir, options = {}) {
  const server = await startServer(dir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  await openApp(page, server.origin);
  return { server, context, page, watcher };
}

const found = (bytes, markers) => markers.filter((m) => bytes.includes(Buffer.from(m)));

test('the production site has no dev or benchmark code in app.js and app.wasm; the dev site has it', async () => {
  const prod = { js: await readFile(join(prodSite, 'app.js')), wasm: await readFile(join(prodSite, 'app.wasm')) };
  const dev = { js: await readFile(join(site, 'app.js')), wasm: await readFile(join(site, 'app.wasm')) };
  assert.deepEqual(found(prod.js, DEV_JS), [], `${prodSite}/app.js`);
  assert.deepEqual(found(prod.wasm, DEV_WASM), [], `${prodSite}/app.wasm`);
  assert.deepEqual(found(dev.js, ['dev.command', 'dev.bench', 'dev.journal', 'dev.opened', 'rl_install_dev_api']),
                   ['dev.command', 'dev.bench', 'dev.journal', 'dev.opened', 'rl_install_dev_api'], `${site}/app.js`);
  assert.deepEqual(found(dev.wasm, ['dev.command', 'dev.bench', 'dev.journal', 'penalties_timed']),
                   ['dev.command', 'dev.bench', 'dev.journal', 'penalties_timed'], `${site}/app.wasm`);
  // Neither has dev.append any more: only commands reach the journal.
  assert.deepEqual(found(dev.js, ['dev.append']), []);
  // The rest of the site is the same.
  for (const f of ['index.html', 'shell.js', 'style.css', 'manifest.webmanifest'])
    assert.ok((await readFile(join(prodSite, f))).equals(await readFile(join(site, f))), f);
  console.log(`# app.wasm: production ${prod.wasm.length} B, dev ${dev.wasm.length} B; app.js: ${prod.js.length} B, ${dev.js.length} B`);
});

test('the production site starts, answers the public window.relance API, and has no window.relance.dev', async () => {
  const { server, context, page, watcher } = await openSite(prodSite);
  try {
    const api = await page.evaluate(async () => ({
      dev: typeof window.relance.dev,
      version: window.relance.version,
      today: window.relance.today(),
      storage: window.relance.storage.status().state,
      ledger: JSON.parse(await window.relance.exportLedger()).format,
      agenda: typeof JSON.parse(window.relance.agenda('')),
      labels: window.relance.ui.labels().includes('Paramètres'),
      frames: window.relance.frames > 0,
    }));
    assert.deepEqual(api, { dev: 'undefined', version: api.version, today: '2026-11-23', storage: 'open', ledger: 'relance-ledger',
                            agenda: 'object', labels: true, frames: true });
    assert.match(api.version, /^0\.1\.0/);
    const r = await page.evaluate(() => window.relance.importLedger('pas du JSON'));
    assert.equal(r.ok, false);
    // The site's rate table is read on start (rates/fr.json, same origin,
    // web/rates_served.h); nothing else but the app's own files is asked for.
    for (let i = 0; i < 100 && !server.requests.includes('/rates/fr.json'); ++i) await new Promise((ok) => setTimeout(ok, 100));
    assert.ok(server.requests.includes('/rates/fr.json'), server.requests.join('\n'));
    const own = /^\/(\?today=[\d-]+|index\.html|app\.js|app\.wasm|shell\.js|style\.css|sw\.js|manifest\.webmanifest|favicon\.ico|icons\/[\w-]+\.png|rates\/[a-z]+\.json)?$/;
    assert.deepEqual(server.requests.filter((u) => !own.test(u)), []);
    await page.screenshot({ path: join(screenshots, 'production-start.png') });
    watcher.check(assert);
  } finally {
    await context.close();
    await server.close();
  }
});

test('the dev site has window.relance.dev', async () => {
  const { server, context, page, watcher } = await openSite(site);
  try {
    assert.deepEqual(await page.evaluate(() => Object.keys(window.relance.dev).sort()), ['bench', 'command', 'journal', 'opened', 'overlay']);
    assert.deepEqual(await page.evaluate(() => window.relance.dev.journal()), []);
    const b = await page.evaluate(() => window.relance.dev.bench('2026-11-23,1'));
    assert.equal(b.invoices, 0);
    watcher.check(assert);
  } finally {
    await context.close();
    await server.close();
  }
});

// The bank statement and e-invoice readers are a module of their own
// (readers.js + readers.wasm, web/readers/), run in a Web Worker: the first
// visit downloads none of it, the first import does, and the service worker
// keeps it so that imports work offline after that.
const ofx = (name, amount) => ['OFXHEADER:100', 'DATA:OFXSGML', 'VERSION:102', '', '<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>',
  '<CURDEF>EUR<BANKACCTFROM><BANKID>30004<ACCTID>00012345678</BANKACCTFROM><BANKTRANLIST>',
  `<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261120<TRNAMT>${amount}<FITID>${name}<NAME>VIR CLIENT<MEMO>F-2026-0001</STMTTRN>`,
  '</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>', ''].join('\r\n');

async function dropText(page, name, text) {
  await page.evaluate(([n, body]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([body], n, { type: 'application/x-ofx' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, text]);
}

async function waitForLabelLike(page, part, timeout = 20000) {
  for (const end = Date.now() + timeout; Date.now() < end;) {
    const hit = await page.evaluate((p) => window.relance.ui.labels().find((l) => l.includes(p)) || null, part);
    if (hit) return hit;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`no label with ${JSON.stringify(part)}`);
}

test('the readers module: in both sites, not precached, fetched on the first import, then imports work offline', async () => {
  for (const dir of [prodSite, site]) {
    for (const f of ['readers.js', 'readers.wasm']) assert.ok((await readFile(join(dir, f))).length > 0, `${dir}/${f}`);
    const sw = (await readFile(join(dir, 'sw.js'))).toString();
    const files = sw.match(/const FILES = \[(.*)\];/)[1];
    assert.ok(!files.includes('readers'), `${dir}/sw.js precaches the readers module: ${files}`);
    assert.match(sw, /const LAZY = \['readers\.js', 'readers\.wasm', 'pdf\.js', 'pdf\.wasm'\];/);
  }
  const { server, context, page, watcher } = await openSite(prodSite);
  try {
    await serviceWorkerControls(page);
    assert.deepEqual(server.requests.filter((u) => u.includes('readers')), [], 'nothing of the readers before an import');

    // Offline before any import: the module cannot come, one clear message.
    await context.setOffline(true);
    await dropText(page, 'hors-ligne.ofx', ofx('A1', '10.00'));
    const said = await waitForLabelLike(page, 'n’a pas pu être chargé');
    assert.match(said, /Relevé « hors-ligne\.ofx » non lu : le module de lecture des fichiers n’a pas pu être chargé/);
    await page.screenshot({ path: join(screenshots, 'readers-not-loaded.png') });
    await context.setOffline(false);

    // Online: the first import fetches it, and the statement is read.
    await dropText(page, 'releve-1.ofx', ofx('B1', '25.00'));
    await waitForLabelLike(page, '« releve-1.ofx » · OFX');
    assert.deepEqual(server.requests.filter((u) => u.includes('readers')).sort(), ['/readers.js', '/readers.wasm']);

    // A new page, offline: the service worker has the module.
    const again = await context.newPage();
    await openApp(again, server.origin);
    await context.setOffline(true);
    await dropText(again, 'releve-2.ofx', ofx('C1', '30.00'));
    await waitForLabelLike(again, '« releve-2.ofx » · OFX');
    await again.screenshot({ path: join(screenshots, 'readers-offline.png') });
    await context.setOffline(false);
    // Only the failed loads of the offline import, nothing else.
    assert.deepEqual(watcher.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|readers/.test(p)), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// The letters' PDF maker is a module of its own too (pdf.js + pdf.wasm,
// web/pdf/), run in a Web Worker: the first visit downloads none of it, the
// first letter does (« Préparation du PDF… » meanwhile), the history never
// waits for it, and the service worker keeps it for offline letters.
test('the PDF module: not precached, not on the first visit, fetched on the first letter, then letters download offline', async () => {
  for (const dir of [prodSite, site]) {
    for (const f of ['pdf.js', 'pdf.wasm']) assert.ok((await readFile(join(dir, f))).length > 0, `${dir}/${f}`);
    const files = (await readFile(join(dir, 'sw.js'))).toString().match(/const FILES = \[(.*)\];/)[1];
    assert.ok(!files.includes('pdf'), `${dir}/sw.js precaches the PDF module: ${files}`);
  }
  // The app's own module makes no PDF: no PDF writer in it (its font subset tag, its producer).
  const wasm = await readFile(join(prodSite, 'app.wasm'));
  assert.deepEqual(found(wasm, ['/FontFile2', '/CIDToGIDMap']), [], 'no PDF writer in app.wasm');
  const { server, context, page, watcher } = await openSite(prodSite, { acceptDownloads: true });
  const pdfRequests = () => server.requests.filter((u) => /\/pdf\.(js|wasm)/.test(u)).sort();
  try {
    await serviceWorkerControls(page);
    await loadSample(page);
    const { key, client } = await emailItem(page, '2026-11-23');
    await clickLabel(page, `Voir le texte##${key}`);
    await clickLabel(page, `Lettre##${key}-canal`);
    const button = `Télécharger la lettre (PDF)##${key}-apercu`;
    await waitForLabel(page, button);
    assert.deepEqual(pdfRequests(), [], 'nothing of the PDF module before a letter');

    // Offline before any letter: the module cannot come, the banner says so
    // (« Envoyé ? » is asked all the same: the history does not wait for the PDF).
    await context.setOffline(true);
    const before = (await ledger(page)).history.length;
    await clickLabel(page, button);
    await waitForLabel(page, `Oui, c’est envoyé##${key}`);
    // The banner says why (the page's text, as a screen reader reads it); the card offers to try again.
    await waitForLabel(page, `Réessayer le PDF##${key}`, 20000);
    const text = await page.evaluate(() => document.getElementById('rl-a11y').innerText);
    assert.match(text, /Le PDF n’a pas pu être préparé : le module PDF n’a pas pu être chargé \(connexion perdue \?\)/);
    await page.screenshot({ path: join(screenshots, 'pdf-not-loaded.png') });
    await context.setOffline(false);

    // Online: « Réessayer le PDF » fetches the module, the PDF downloads.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }),
                                         clickLabel(page, `Réessayer le PDF##${key}`)]);
    const path = join(screenshots, 'pdf-module-letter.pdf');
    await download.saveAs(path);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', path, '-']);
    assert.ok(stdout.includes(client.name), `${client.name} in the letter`);
    assert.deepEqual(pdfRequests(), ['/pdf.js', '/pdf.wasm']);
    await clickLabel(page, `Oui, c’est envoyé##${key}`);
    await waitForLedger(page, (l) => l.history.length === before + 1, 'the letter recorded in the history');
    assert.equal((await ledger(page)).history.at(-1).channel, 'letter');

    // A new page, offline: the service worker has the module; the client's statement downloads.
    const again = await context.newPage();
    await openApp(again, server.origin, `?today=2026-11-23#/clients/${client.id}`);
    await context.setOffline(true);
    await waitForLabel(again, 'Télécharger le relevé (PDF)', 10000);
    const [statement] = await Promise.all([again.waitForEvent('download', { timeout: 20000 }),
                                          clickLabel(again, 'Télécharger le relevé (PDF)')]);
    assert.match(statement.suggestedFilename(), /^releve-.*\.pdf$/);
    await context.setOffline(false);
    assert.deepEqual(watcher.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|pdf/.test(p)), []);
  } finally {
    await context.close();
    await server.close();
  }
});
