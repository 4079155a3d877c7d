// End-to-end tests of the six screens in headless Chromium: real mouse
// clicks, taps and keyboard typing at the positions the app reports
// (window.relance.ui.rect), results read back from the UI (ui.text, ui.labels)
// and from the data (exportLedger, agenda). Every test also checks that no
// console error appeared and that no other origin was contacted.
// Screenshots of every screen go to build/screenshots/screen-*.png.
// Run with ./run.sh after scripts/build-web.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  tempDir, screenshots, watch, openApp,
} from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';
import {
  rectOf, waitForLabel, visible, clickLabel, tapLabel, typeInto, ledger, labels, waitForLedger,
  captureLinks, decodeMailto, euro, serviceWorkerControls, settle, loadSample, emailItem,
} from './screens-helpers.mjs';

const run = promisify(execFile);

const FRENCH = 'crème brûlée – 1 234,56 €';
const TODAY = '2026-11-23';
const SCREENS = ['Aujourd’hui', 'Factures', 'Clients', 'Relances', 'Rapports', 'Paramètres'];

let server;
let browser;
serveSiteAndBrowser((s, b) => { server = s; browser = b; });

const DESKTOP = { name: 'desktop-1280x800', options: { viewport: { width: 1280, height: 800 } } };
const PHONE = {
  name: 'phone-390x844',
  options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
};

async function newPage(size = DESKTOP, extra = {}) {
  const context = await browser.newContext({ ...size.options, ...extra });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  return { context, page, watcher };
}

async function shot(page, size, name) {
  await settle(page);
  const path = join(screenshots, `screen-${size.name}-${name}.png`);
  await page.screenshot({ path });
  return path;
}

test('first load on a fresh profile: the first-run screen offers the sample or a guided start', async () => {
  for (const size of [DESKTOP, PHONE]) {
    const { context, page, watcher } = await newPage(size);
    await openApp(page, server.origin, `?today=${TODAY}`);
    await waitForLabel(page, 'Découvrir avec un exemple');
    const sample = await rectOf(page, 'Découvrir avec un exemple');
    const guided = await rectOf(page, 'Commencer avec mes données');
    assert.ok(guided, 'guided start offered');
    const width = size.options.viewport.width;
    for (const r of [sample, guided]) assert.ok(r.x >= 0 && r.x + r.w <= width + 0.5, JSON.stringify(r));
    const l = await ledger(page);
    assert.deepEqual([l.clients.length, l.invoices.length], [0, 0]);
    await shot(page, size, '00-premier-lancement');
    watcher.check(assert);
    await context.close();
  }
});

test('guided start by clicks and typing: client, invoice with French text, partial payment; kept after a reload', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin, `?today=${TODAY}`);
  await clickLabel(page, 'Commencer avec mes données');
  await waitForLabel(page, 'Nom de l’entreprise##entreprise');
  await typeInto(page, 'Nom de l’entreprise##entreprise', 'Pâtisserie Léa');
  await typeInto(page, 'Ville##entreprise', 'Lyon');
  await clickLabel(page, 'Enregistrer et continuer##entreprise');
  await waitForLedger(page, (l) => l.company.name === 'Pâtisserie Léa', 'company saved');

  await waitForLabel(page, 'Raison sociale##client');
  await typeInto(page, 'Raison sociale##client', 'Hôtel du Parc');
  await typeInto(page, 'E-mail##client', 'compta@hotel-parc.fr');
  await clickLabel(page, 'Enregistrer et continuer##client');
  await waitForLedger(page, (l) => l.clients.length === 1, 'client saved');
  assert.equal((await ledger(page)).clients[0].name, 'Hôtel du Parc');

  // The invoice: the French text typed key by key, read back exactly.
  const LABEL = 'Libellé (ce qui a été vendu)##facture';
  await waitForLabel(page, LABEL);
  // Recording an invoice made elsewhere is the default; this one is created here.
  await clickLabel(page, 'Créer la facture dans Relance');
  await page.waitForFunction(() => !window.relance.ui.labels().includes('Numéro de la facture##facture'));
  await typeInto(page, LABEL, FRENCH);
  assert.equal(await page.evaluate((l) => window.relance.ui.text(l), LABEL), FRENCH);
  await typeInto(page, 'Montant HT##facture', '1 234,56');
  await shot(page, DESKTOP, '10-guide-facture');
  await clickLabel(page, 'Enregistrer le brouillon##facture');
  await waitForLedger(page, (l) => l.invoices.length === 1, 'draft saved');
  let inv = (await ledger(page)).invoices[0];
  assert.equal(inv.label, FRENCH);
  assert.deepEqual([inv.ht, inv.vat, inv.ttc], ['1234.56', '246.91', '1481.47']);

  // Issue it.
  await waitForLabel(page, 'Émettre la facture##action');
  await clickLabel(page, 'Émettre la facture##action');
  await waitForLabel(page, 'Émettre la facture##emettre');
  await clickLabel(page, 'Émettre la facture##emettre');
  await waitForLedger(page, (l) => l.invoices[0].state === 'issued', 'invoice issued');
  inv = (await ledger(page)).invoices[0];
  assert.equal(inv.number, 'F-2026-0001');

  // A partial payment: 500,00 of 1 481,47.
  await clickLabel(page, 'Enregistrer un paiement##action');
  await waitForLabel(page, 'Montant reçu##paiement');
  assert.equal(await page.evaluate(() => window.relance.ui.text('Montant reçu##paiement')), '1\u202f481,47');
  await typeInto(page, 'Montant reçu##paiement', '500,00');
  await clickLabel(page, 'Enregistrer le paiement##paiement');
  await waitForLedger(page, (l) => (l.invoices[0].payments || []).length === 1, 'payment saved');
  inv = (await ledger(page)).invoices[0];
  assert.equal(inv.payments[0].amount, '500.00');
  await shot(page, DESKTOP, '11-facture-paiement-partiel');
  // The balance shown: a new payment is prefilled with what is still owed.
  await clickLabel(page, 'Enregistrer un paiement##action');
  await waitForLabel(page, 'Montant reçu##paiement');
  assert.equal(await page.evaluate(() => window.relance.ui.text('Montant reçu##paiement')), '981,47');

  // The list, the client page.
  await clickLabel(page, '‹ Liste des factures');
  await waitForLabel(page, 'F-2026-0001##inv-1');
  await clickLabel(page, 'Clients');
  await waitForLabel(page, 'Hôtel du Parc##client-1');
  await clickLabel(page, 'Hôtel du Parc##client-1');
  await waitForLabel(page, 'Relevé de compte');

  // Reload: everything comes back from IndexedDB.
  const before = await page.evaluate(() => window.relance.exportLedger());
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await page.waitForFunction(() => window.relance.storage.status().state === 'open', null, { timeout: 10000 });
  assert.equal(await page.evaluate(() => window.relance.exportLedger()), before);
  await clickLabel(page, 'Factures');
  await waitForLabel(page, 'F-2026-0001##inv-1');
  await clickLabel(page, 'F-2026-0001##inv-1');
  await waitForLabel(page, 'Montants##detail');
  watcher.check(assert);
  await context.close();
});

// The sample's e-mail item of the day (Hôtel des Célestins) and its key.
test('Aujourd’hui with the sample: the items shown are window.relance.agenda()’s', async () => {
  // Aujourd'hui draws the cards on screen and half a screen around: a page
  // tall enough shows them all at once.
  const { context, page, watcher } = await newPage({ name: 'desktop-tall', options: { viewport: { width: 1280, height: 4000 } } });
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  const agenda = JSON.parse(await page.evaluate((d) => window.relance.agenda(d), TODAY));
  assert.equal(agenda.today, TODAY);
  assert.ok(agenda.due.length > 0, 'something to do on the sample');
  const shown = new Set(await labels(page));
  for (const item of [...agenda.due, ...agenda.upcoming]) {
    const key = `c${item.client}s${item.step - 1}`;
    assert.ok(shown.has(`${item.client_name}##${key}-client`), `${item.client_name} (${key}) on Aujourd’hui`);
    for (const inv of item.invoices) assert.ok(shown.has(`${inv.number}##${key}-${inv.id}`), `${inv.number} under ${item.client_name}`);
  }
  for (const item of agenda.due) assert.ok(shown.has(`Montant##c${item.client}s${item.step - 1}`), `amount of ${item.client_name}`);
  for (const item of agenda.thanks) assert.ok(shown.has(`${item.client_name}##t${item.client}-${item.invoices[0].id}-client`), `thanks to ${item.client_name}`);
  // Nothing on screen that the agenda does not have.
  const onScreen = [...shown].filter((l) => /##c\d+s\d+-client$/.test(l));
  assert.equal(onScreen.length, agenda.due.length + agenda.upcoming.length, onScreen.join(', '));
  await shot(page, DESKTOP, '20-aujourdhui-exemple');
  watcher.check(assert);
  await context.close();
});

test('Aujourd’hui: an e-mail opened from a click (mailto:), with the client, invoice and amounts, recorded in the history', async () => {
  const { context, page, watcher } = await newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await captureLinks(page);
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  const { item, key, client } = await emailItem(page, TODAY);
  const historyBefore = (await ledger(page)).history.length;
  await clickLabel(page, `Écrire l’e-mail##${key}`);
  // The link opens from the click itself, whatever its length.
  await page.waitForFunction(() => window.__links.length > 0, null, { timeout: 5000 });
  const links = await page.evaluate(() => window.__links);
  assert.equal(links.length, 1);
  assert.equal(links[0].active, true, 'opened with the user activation of the click');
  const mail = decodeMailto(links[0].href);
  assert.equal(mail.to, client.email);
  for (const inv of item.invoices) assert.ok(`${mail.subject}\n${mail.body}`.includes(inv.number), `${inv.number} in the e-mail`);
  assert.ok(mail.body.includes(euro(item.balance)), `${euro(item.balance)} in ${JSON.stringify(mail.body)}`);
  for (const amount of mail.body.match(/\d[\d\u202f\u00a0 .]*,\d\d[\u00a0 ]?€/g) || [])
    assert.match(amount, /^\d{1,3}(\u202f\d{3})*,\d\d\u00a0€$/, `amount written the French way: ${JSON.stringify(amount)}`);
  assert.ok(mail.body.includes('\r\n'), 'CRLF line breaks');
  // Opening the mail program records nothing yet: the card asks « Envoyé ? ».
  await waitForLabel(page, `Envoyé ?##${key}`);
  await page.waitForTimeout(300);
  assert.equal((await ledger(page)).history.length, historyBefore, 'nothing recorded before « Oui »');
  await shot(page, DESKTOP, '22-aujourdhui-email-envoye');
  // Over 2000 characters some mail programs cut the link: the card says so
  // and copies the whole text (subject and body) on a click.
  const copy = `Copier le texte##${key}-envoye`;
  if (links[0].href.length > 2000) {
    await waitForLabel(page, copy);
    await page.evaluate(() => navigator.clipboard.writeText('avant'));
    await clickLabel(page, copy);
    const body = mail.body.replaceAll('\r\n', '\n');
    await page.waitForFunction(async (b) => (await navigator.clipboard.readText()).includes(b), body, { timeout: 5000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.startsWith(`Objet : ${mail.subject}`), copied.slice(0, 200));
  } else {
    assert.equal(await rectOf(page, copy), null, 'no caution for a short link');
  }
  await clickLabel(page, `Oui, c’est envoyé##${key}`);
  await waitForLedger(page, (l) => l.history.length === historyBefore + 1, 'the e-mail recorded in the history');
  const h = (await ledger(page)).history.at(-1);
  assert.equal(h.client, item.client);
  assert.equal(h.channel, 'email');
  assert.deepEqual(h.invoices, item.invoices.map((i) => i.id));
  assert.equal(h.text, mail.body.replaceAll('\r\n', '\n'));
  await waitForLabel(page, `Annuler##fait-${h.id}`);
  assert.equal(await rectOf(page, `Écrire l’e-mail##${key}`), null, 'done: no longer on the agenda');
  watcher.check(assert);
  await context.close();
});

// The sample open on Aujourd’hui, an e-mail item's text shown as a letter.
async function letterPreview(page) {
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  const found = await emailItem(page, TODAY);
  await clickLabel(page, `Voir le texte##${found.key}`);
  await waitForLabel(page, `Lettre##${found.key}-canal`);
  await clickLabel(page, `Lettre##${found.key}-canal`);
  return found;
}

// Clicks a button that downloads a file, as a user would (hover, then
// click), and saves the file in `dir`; its path.
async function downloadFrom(page, label, dir) {
  await waitForLabel(page, label);
  const r = await visible(page, label);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await settle(page);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 15000 }),
    page.mouse.click(r.x + r.w / 2, r.y + r.h / 2),
  ]).catch(async (e) => { await shot(page, DESKTOP, 'echec-telechargement'); throw e; });
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return { path, name: download.suggestedFilename() };
}

test('Aujourd’hui: a PDF letter downloaded from a click is a valid A4 PDF naming the client and the amount, recorded', async () => {
  const { dir, remove } = await tempDir();
  const { context, page, watcher } = await newPage(DESKTOP, { acceptDownloads: true });
  try {
    const { item, key, client } = await letterPreview(page);
    const historyBefore = (await ledger(page)).history.length;
    const { path: pdf, name } = await downloadFrom(page, `Télécharger la lettre (PDF)##${key}-apercu`, dir);
    assert.match(name, /^relance-.*\.pdf$/);
    await run('qpdf', ['--check', pdf]);
    const { stdout: info } = await run('pdfinfo', [pdf]);
    assert.match(info, /Page size:\s+595\.276 x 841\.89 pts \(A4\)/, info);
    const { stdout: words } = await run('pdftotext', ['-layout', pdf, '-']);
    assert.ok(words.includes(client.name), `${client.name} in the letter`);
    const flat = words.replace(/[\u202f\u00a0]/g, ' ');
    assert.ok(flat.includes(euro(item.balance).replace(/[\u202f\u00a0]/g, ' ')), `${euro(item.balance)} in the letter:\n${words}`);
    for (const inv of item.invoices) assert.ok(words.includes(inv.number), `${inv.number} in the letter`);
    await settle(page);
    await shot(page, DESKTOP, '23-aujourdhui-lettre-telechargee');
    assert.equal((await ledger(page)).history.length, historyBefore, 'nothing recorded before « Oui »');
    await clickLabel(page, `Oui, c’est envoyé##${key}`);
    await waitForLedger(page, (l) => l.history.length === historyBefore + 1, 'the letter recorded in the history');
    const h = (await ledger(page)).history.at(-1);
    assert.equal(h.channel, 'letter');
    assert.equal(h.client, item.client);
    watcher.check(assert);
  } finally {
    await context.close();
    await remove();
  }
});

test('Aujourd’hui: « Pas encore » writes nothing, and after a reload the reminder is still to do', async () => {
  const { context, page, watcher } = await newPage();
  await captureLinks(page);
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  const { key } = await emailItem(page, TODAY);
  const historyBefore = (await ledger(page)).history.length;
  await clickLabel(page, `Écrire l’e-mail##${key}`);
  await waitForLabel(page, `Envoyé ?##${key}`);
  await clickLabel(page, `Pas encore##${key}`);
  await waitForLabel(page, `Écrire l’e-mail##${key}`);
  assert.equal((await ledger(page)).history.length, historyBefore, '« Pas encore » writes nothing');
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, `Écrire l’e-mail##${key}`, 10000);
  assert.equal((await ledger(page)).history.length, historyBefore, 'nothing after the reload either');
  assert.equal(await rectOf(page, `Envoyé ?##${key}`), null, 'no question left hanging');
  watcher.check(assert);
  await context.close();
});

test('Aujourd’hui: a letter whose text was edited is downloaded and recorded with the edited text', async () => {
  const { dir, remove } = await tempDir();
  const { context, page, watcher } = await newPage(DESKTOP, { acceptDownloads: true });
  try {
    const { key } = await letterPreview(page);
    await clickLabel(page, `Modifier le texte##${key}`);
    const edited = 'Madame, Monsieur,\n\nNous vous rappelons la facture F-2026-0036, restée impayée à ce jour. '
      + 'Merci de régler la somme sous huit jours : crème brûlée offerte.';
    await typeInto(page, `Texte##${key}`, edited);
    await waitForLabel(page, `Revenir au texte proposé##${key}`);
    const { path: pdf } = await downloadFrom(page, `Télécharger la lettre (PDF)##${key}-apercu`, dir);
    await run('qpdf', ['--check', pdf]);
    const { stdout: words } = await run('pdftotext', [pdf, '-']);
    const flat = words.replace(/\s+/g, ' ');
    assert.ok(flat.includes('crème brûlée offerte'), `the edited text in the PDF:\n${words}`);
    await clickLabel(page, `Oui, c’est envoyé##${key}`);
    await waitForLedger(page, (l) => l.history.at(-1)?.text === edited, 'the edited text in the history');
    assert.equal((await ledger(page)).history.at(-1).channel, 'letter');
    watcher.check(assert);
  } finally {
    await context.close();
    await remove();
  }
});

test('CSV import through the file chooser: a bad line is refused with its line number, nothing written', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  const before = await page.evaluate(() => window.relance.exportLedger());
  const journal = await page.evaluate(() => window.relance.dev.journal());
  await clickLabel(page, 'Paramètres');
  await waitForLabel(page, 'Sauvegarde et CSV');
  await clickLabel(page, 'Sauvegarde et CSV');
  await waitForLabel(page, 'Importer un CSV…');
  const csv = 'Numéro;Client;Date;Échéance;TTC;Libellé\r\n'
    + 'F-900;Brasserie du Port;01/10/2026;31/10/2026;1 234,56;crème brûlée\r\n'
    + 'F-901;Brasserie du Port;02/10/2026;31/02/2026;480,00;date impossible\r\n'
    + 'F-902;Garage Martin;03/10/2026;02/11/2026;99,90;\r\n';
  const chosen = page.waitForEvent('filechooser', { timeout: 10000 });
  await clickLabel(page, 'Importer un CSV…');
  const chooser = await chosen;
  await chooser.setFiles({ name: 'factures-erreur.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await waitForLabel(page, 'Fichier CSV', 10000);
  const all = await labels(page);
  const errors = all.filter((l) => /^ligne \d+/.test(l));
  assert.deepEqual(errors, ['ligne 3, colonne « Échéance » : date invalide « 31/02/2026 » (attendu jj/mm/aaaa)']);
  assert.ok(all.some((l) => l.startsWith('Import refusé (1 erreur)')), all.join('\n'));
  assert.ok(!all.some((l) => /^Importer \d+ facture/.test(l)), 'no import button offered');
  await shot(page, DESKTOP, '30-parametres-csv-refuse');
  assert.equal(await page.evaluate(() => window.relance.exportLedger()), before);
  assert.deepEqual(await page.evaluate(() => window.relance.dev.journal()), journal);
  watcher.check(assert);
  await context.close();
});

// A CSV of `n` invoices over 40 clients, French Excel dialect.
function bigCsv(n) {
  const rows = ['Numéro;Client;Date;Échéance;TTC;Libellé'];
  for (let i = 1; i <= n; ++i) {
    const cents = 10000 + (i % 997) * 137;
    rows.push(`F-2026-${String(i).padStart(6, '0')};Client n°${1 + (i % 40)};01/10/2026;31/10/2026;`
      + `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')};Prestation ${i} crème brûlée`);
  }
  return rows.join('\r\n') + '\r\n';
}

test('CSV import of 60 000 rows through the file chooser: a progress bar moves while reading and while storing, one journal entry, all kept after a reload', async () => {
  const N = 60000;  // a second or so of reading here: several frames drawn meanwhile
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin, `?today=${TODAY}`);
  await clickLabel(page, 'Paramètres');
  await waitForLabel(page, 'Sauvegarde et CSV');
  await clickLabel(page, 'Sauvegarde et CSV');
  await waitForLabel(page, 'Importer un CSV…');
  const journalBefore = (await page.evaluate(() => window.relance.dev.journal())).length;
  // What each drawn frame showed: the bars and their percentages.
  await page.evaluate(() => {
    const seen = (window.__seen = { read: [], store: [], run: true });
    const pctOf = (label) => window.relance.ui.text(label);  // « 42 % »
    const f = () => {
      if (window.relance.ui.rect('Progression de l’import')) seen.read.push(pctOf('Progression de l’import'));
      if (window.relance.ui.rect('Progression de l’enregistrement')) seen.store.push(pctOf('Progression de l’enregistrement'));
      if (seen.run) requestAnimationFrame(f);
    };
    requestAnimationFrame(f);
  });
  const chosen = page.waitForEvent('filechooser', { timeout: 10000 });
  await clickLabel(page, 'Importer un CSV…');
  const chooser = await chosen;
  await chooser.setFiles({ name: 'factures-60000.csv', mimeType: 'text/csv', buffer: Buffer.from(bigCsv(N)) });
  await waitForLabel(page, 'Confirmer l’import', 60000);
  const all = await labels(page);
  assert.ok(all.some((l) => l.startsWith(`Prêt à importer : ${N} factures, 40 nouveaux clients`)), all.join('\n'));
  await clickLabel(page, `Importer ${N} factures`);
  // Stored: the notice (« 60000 factures importées », web/tests/unit-import.cpp) instead of the bar.
  await page.waitForFunction(() => !!window.relance.ui.rect('##notice') && !window.relance.ui.rect('Progression de l’enregistrement')
                             && window.relance.storage.status().pending === 0, null, { timeout: 60000, polling: 20 });
  const seen = await page.evaluate(() => { window.__seen.run = false; return window.__seen; });
  assert.ok(seen.read.length >= 2, `the reading's progress bar was drawn in ${seen.read.length} frames`);
  assert.ok(seen.store.length >= 2, `the storing's progress bar was drawn in ${seen.store.length} frames`);
  assert.ok(new Set(seen.read).size >= 2, `the reading's bar moved: ${seen.read.join(' ')}`);
  assert.ok(new Set(seen.store).size >= 2, `the storing's bar moved: ${seen.store.join(' ')}`);
  assert.equal(await rectOf(page, 'Confirmer l’import'), null, 'the summary is gone');
  const l = await ledger(page);
  assert.equal(l.invoices.length, N);
  assert.equal(l.clients.length, 40);
  assert.equal(l.invoices[N - 1].number, `F-2026-${String(N).padStart(6, '0')}`);
  assert.equal(l.invoices[0].label, 'Prestation 1 crème brûlée');
  const journal = await page.evaluate(() => window.relance.dev.journal());
  assert.equal(journal.length, journalBefore + 1, 'the whole import is one journal entry');
  const stored = await page.evaluate(() => window.relance.exportLedger());
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  assert.equal(await page.evaluate(() => window.relance.exportLedger()), stored, 'the same ledger after a reload');
  watcher.check(assert);
  await context.close();
});

test('Paramètres: « Exporter une sauvegarde (JSON) » after a reload downloads at once, with the text of every action', async () => {
  // After a reload the texts of the history stay in storage until shown:
  // the button reads them first, and the file must still come from that one click.
  const { context, page, watcher } = await newPage({ ...DESKTOP, options: { ...DESKTOP.options, acceptDownloads: true } });
  const { dir, remove } = await tempDir();
  try {
    await openApp(page, server.origin, `?today=${TODAY}`);
    await loadSample(page);
    const texts = (await ledger(page)).history.map((h) => h.text);
    assert.ok(texts.filter((t) => t && t.length > 0).length >= 3, 'the sample has actions with their text');
    await page.reload();
    await page.evaluate(() => window.relance.ready);
    await clickLabel(page, 'Paramètres');
    await waitForLabel(page, 'Sauvegarde et CSV');
    await clickLabel(page, 'Sauvegarde et CSV');
    const { path, name } = await downloadFrom(page, 'Exporter une sauvegarde (JSON)', dir);
    assert.equal(name, `relance-sauvegarde-${TODAY}.json`);
    const file = await readFile(path, 'utf8');
    assert.deepEqual(JSON.parse(file).history.map((h) => h.text), texts);
    assert.equal(file, await page.evaluate(() => window.relance.exportLedger()));
    watcher.check(assert);
  } finally {
    await context.close();
    await remove();
  }
});

test('offline: with the service worker active, a reload works without the network and keeps the data', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  await serviceWorkerControls(page);
  const before = await page.evaluate(() => window.relance.exportLedger());
  const offlineFrom = watcher.problems.length;
  await context.setOffline(true);
  try {
    await page.reload();
    await page.waitForFunction(() => window.relance && window.relance.ready, null, { timeout: 20000 });
    await page.evaluate(() => window.relance.ready);
    await page.waitForFunction(() => window.relance.storage.status().state === 'open', null, { timeout: 10000 });
    assert.equal(await page.evaluate(() => window.relance.exportLedger()), before);
    await waitForLabel(page, 'À faire aujourd’hui');
    await clickLabel(page, 'Factures');
    await page.waitForFunction(() => window.relance.ui.labels().some((l) => /##inv-\d+$/.test(l)), null, { timeout: 5000 });
  } finally {
    await context.setOffline(false);
  }
  assert.deepEqual(watcher.problems.slice(offlineFrom), [], 'nothing failed while offline');
  watcher.check(assert);
  await context.close();
});

// Every screen with the sample, at one size; by taps on the phone.
async function screensAt(size) {
  const touch = !!size.options.hasTouch;
  const { context, page, watcher } = await newPage(size);
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page, { touch });
  const go = (label) => (touch ? tapLabel(page, label) : clickLabel(page, label));
  const width = size.options.viewport.width;
  const problems = [];
  const overflow = async (what) => {
    const rects = await page.evaluate(() => window.relance.ui.labels().map((l) => [l, window.relance.ui.rect(l)]));
    for (const [label, r] of rects) {
      if (label.endsWith('##shell') || label === 'perf') continue;  // perf##shell: no widget
      if (r && r.w > 0 && (r.x < -0.5 || r.x + r.w > width + 0.5)) problems.push(`${what}: ${label} ${JSON.stringify(r)}`);
    }
  };
  // The sample banner is dismissed by nothing: screenshots show it, as users see it.
  await shot(page, size, '01-aujourdhui');
  await overflow('Aujourd’hui');

  await go('Factures');
  await page.waitForFunction(() => window.relance.ui.labels().some((l) => /##inv-\d+$/.test(l)), null, { timeout: 5000 });
  await shot(page, size, '02-factures');
  await overflow('Factures');
  const row = (await labels(page)).find((l) => /^F-2026-0036##inv-\d+$/.test(l))
    || (await labels(page)).find((l) => /##inv-\d+$/.test(l));
  await go(row);
  await waitForLabel(page, 'Montants##detail');
  await shot(page, size, '03-facture-detail');
  await overflow('Facture');

  await go('Clients');
  await page.waitForFunction(() => window.relance.ui.labels().some((l) => /##client-\d+$/.test(l)), null, { timeout: 5000 });
  await shot(page, size, '04-clients');
  await overflow('Clients');
  const client = (await labels(page)).find((l) => /^Hôtel des Célestins##client-\d+$/.test(l))
    || (await labels(page)).find((l) => /##client-\d+$/.test(l));
  await go(client);
  await waitForLabel(page, 'Relevé de compte');
  await shot(page, size, '05-client-page');
  await overflow('Client');

  for (const [i, [label, name]] of [['Relances', 'relances'], ['Rapports', 'rapports'], ['Paramètres', 'parametres']].entries()) {
    await go(label);
    await settle(page);
    await shot(page, size, `0${6 + i}-${name}`);
    await overflow(label);
  }
  // Paramètres' other tabs.
  for (const [i, tab] of ['Numérotation et délais', 'Taux légaux', 'Sauvegarde et CSV', 'Diagnostic'].entries()) {
    await go(tab);
    await settle(page);
    await shot(page, size, `08${'abcd'[i]}-parametres-${tab.normalize('NFD').replace(/[^\w ]/g, '').replace(/ +/g, '-').toLowerCase()}`);
  }
  watcher.check(assert);
  await context.close();
  return problems;
}

test('every screen at 1280×800: drawn, inside the window, screenshots', async () => {
  const problems = await screensAt(DESKTOP);
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('every screen at 390×844 (phone, touch, 3× pixels): drawn by taps, inside the window, screenshots', async () => {
  const problems = await screensAt(PHONE);
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('no screen shows a console error or contacts another origin', async () => {
  // Each test above checks its own page; this one visits every screen with
  // every request of the context recorded, service worker included.
  const { context, page, watcher } = await newPage();
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  for (const label of SCREENS) {
    await clickLabel(page, label);
    await settle(page);
  }
  await page.waitForTimeout(300);
  const foreign = urls.filter((u) => !u.startsWith(server.origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  watcher.check(assert);
  await context.close();
});
