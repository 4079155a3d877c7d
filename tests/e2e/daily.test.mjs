// End-to-end tests of issue 13 « Daily use an artisan can trust » in headless
// Chromium: an invoice issued elsewhere recorded with its own number, the
// phone keyboard each field asks for, a half-typed form back after a reload,
// a refused field brought into view, an action voided from the history after
// a reload, the reminder days as an .ics file and as a notification.
// Run with ./run.sh after scripts/build-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  watch, openApp, screenshots, repo,
} from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';
import { readFile } from 'node:fs/promises';
import {
  waitForLabel, clickLabel, typeInto, ledger, waitForLedger, loadSample, emailItem, captureLinks, rectOf,
  visible, settle,
} from './screens-helpers.mjs';

const TODAY = '2026-11-23';
const run = promisify(execFile);

let server;
let browser;
serveSiteAndBrowser((s, b) => { server = s; browser = b; });

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  return { context, page, watcher };
}

// The guided start's company and first client.
async function startWithClient(page) {
  await openApp(page, server.origin, `?today=${TODAY}`);
  await clickLabel(page, 'Commencer avec mes données');
  await waitForLabel(page, 'Nom de l’entreprise##entreprise');
  await typeInto(page, 'Nom de l’entreprise##entreprise', 'Menuiserie Roux');
  await clickLabel(page, 'Enregistrer et continuer##entreprise');
  await waitForLedger(page, (l) => l.company.name === 'Menuiserie Roux', 'company saved');
  await waitForLabel(page, 'Raison sociale##client');
  await typeInto(page, 'Raison sociale##client', 'Garage Martin');
  await typeInto(page, 'E-mail##client', 'compta@garage-martin.fr');
  await clickLabel(page, 'Enregistrer et continuer##client');
  await waitForLedger(page, (l) => l.clients.length === 1, 'client saved');
}

test('an invoice issued elsewhere, already late: recorded with its number, in Factures and in the agenda', async () => {
  const { context, page, watcher } = await newPage();
  await startWithClient(page);
  // Step 3 opens on « J’ai déjà émis cette facture ».
  await waitForLabel(page, 'Numéro de la facture##facture');
  await typeInto(page, 'Numéro de la facture##facture', '2026-047');
  await typeInto(page, 'Libellé (ce qui a été vendu)##facture', 'Escalier chêne');
  await typeInto(page, 'Montant HT##facture', '2 500');
  await typeInto(page, 'Date de la facture##facture', '03/09/2026');
  await typeInto(page, 'Échéance##facture', '03/10/2026');
  await clickLabel(page, 'Enregistrer la facture##facture');
  await waitForLedger(page, (l) => l.invoices.length === 1, 'invoice recorded');
  const inv = (await ledger(page)).invoices[0];
  assert.equal(inv.number, '2026-047');
  assert.equal(inv.state, 'issued');
  assert.deepEqual([inv.issue_date, inv.due_date, inv.ttc], ['2026-09-03', '2026-10-03', '3000.00']);

  // Saved: the invoice opens in Factures.
  await waitForLabel(page, '‹ Liste des factures');
  await clickLabel(page, '‹ Liste des factures');
  await waitForLabel(page, `2026-047##inv-${inv.id}`);
  await clickLabel(page, 'Aujourd’hui');
  await waitForLabel(page, '2026-047');
  const agenda = JSON.parse(await page.evaluate(() => window.relance.agenda('')));
  assert.ok(JSON.stringify(agenda).includes('2026-047'), 'the agenda lists 2026-047');
  // Its letter quotes the number the client has, never one of ours.
  const item = agenda.due.find((i) => i.invoices.some((x) => x.number === '2026-047'));
  assert.ok(item, 'a reminder due for 2026-047');
  const key = `c${item.client}s${item.step - 1}`;
  await clickLabel(page, `Voir le texte##${key}`);
  await waitForLabel(page, `Lettre##${key}-canal`);
  await clickLabel(page, `Lettre##${key}-canal`);
  const button = `Télécharger la lettre (PDF)##${key}-apercu`;
  await waitForLabel(page, button);
  await visible(page, button);
  const download = page.waitForEvent('download');
  await clickLabel(page, button);
  const pdf = await (await download).path();
  const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
  assert.ok(stdout.includes('2026-047'), 'the letter names 2026-047');
  assert.ok(!/F-2026-\d{4}/.test(stdout), `no number of Relance's own: ${stdout.slice(0, 400)}`);
  assert.match(stdout, /3[\s\u202f\u00a0]000,00/, 'the amount due');
  watcher.check(assert);
  await context.close();
});

test('phone keyboards: the hidden element that receives text says what the field holds', async () => {
  const { context, page, watcher } = await newPage();
  await startWithClient(page);
  const attrs = () => page.evaluate(() => {
    const ta = document.querySelector('.rl-text');
    return {
      focused: document.activeElement === ta,
      inputmode: ta.getAttribute('inputmode'),
      autocapitalize: ta.getAttribute('autocapitalize'),
      autocomplete: ta.getAttribute('autocomplete'),
    };
  });
  const focusAndRead = async (label) => {
    await clickLabel(page, label);
    await page.waitForFunction(() => document.activeElement === document.querySelector('.rl-text'));
    return attrs();
  };
  // The invoice form of step 3: an amount.
  await waitForLabel(page, 'Montant HT##facture');
  assert.deepEqual(await focusAndRead('Montant HT##facture'),
    { focused: true, inputmode: 'decimal', autocapitalize: 'none', autocomplete: 'off' });
  assert.deepEqual(await focusAndRead('Numéro de la facture##facture'),
    { focused: true, inputmode: 'text', autocapitalize: 'sentences', autocomplete: 'off' });
  // The client form: an e-mail and a postcode.
  await clickLabel(page, 'Passer le guide');
  await clickLabel(page, 'Clients');
  await waitForLabel(page, 'Nouveau client');
  await clickLabel(page, 'Nouveau client');
  await waitForLabel(page, 'E-mail##client');
  assert.deepEqual(await focusAndRead('E-mail##client'),
    { focused: true, inputmode: 'email', autocapitalize: 'none', autocomplete: 'email' });
  assert.deepEqual(await focusAndRead('Code postal##client'),
    { focused: true, inputmode: 'numeric', autocapitalize: 'none', autocomplete: 'postal-code' });
  // Typing still goes through it.
  await typeInto(page, 'Code postal##client', '69003');
  watcher.check(assert);
  await context.close();
});

// Factures → the invoice → its history entry `id`, opened.
async function openHistoryEntry(page, invoice, id) {
  await clickLabel(page, 'Factures');
  await waitForLabel(page, `${invoice.number}##inv-${invoice.id}`);
  await clickLabel(page, `${invoice.number}##inv-${invoice.id}`);
  await waitForLabel(page, `Historique ${id}`);
  await visible(page, `Historique ${id}`);
  await clickLabel(page, `Historique ${id}`);
}

async function shot(page, name) {
  await settle(page);
  const { width, height } = page.viewportSize();
  await page.screenshot({ path: join(screenshots, `daily-${width}x${height}-${name}.png`) });
}

// The local calendar date of this machine (the service worker's own clock).
function localToday() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

test('a half-typed client form is offered back after a reload, as typed', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  await clickLabel(page, 'Clients');
  await waitForLabel(page, 'Nouveau client');
  await clickLabel(page, 'Nouveau client');
  await waitForLabel(page, 'Raison sociale##client');
  await typeInto(page, 'Raison sociale##client', 'Garage Martin');
  await typeInto(page, 'E-mail##client', 'compta@garage-martin.fr');
  await settle(page);
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, 'Formulaire gardé', 10000);
  await shot(page, 'formulaire-garde');
  await clickLabel(page, 'Reprendre le formulaire');
  await waitForLabel(page, 'Raison sociale##client');
  assert.equal(await page.evaluate(() => window.relance.ui.text('Raison sociale##client')), 'Garage Martin');
  assert.equal(await page.evaluate(() => window.relance.ui.text('E-mail##client')), 'compta@garage-martin.fr');
  const clients = (await ledger(page)).clients.length;
  await clickLabel(page, 'Enregistrer le client##client');
  await waitForLedger(page, (l) => l.clients.length === clients + 1, 'client saved');
  // Saved: nothing is offered after the next reload (which reopens the
  // client's page, the view the address names).
  await page.waitForFunction(() => location.hash.startsWith('#/clients/'));
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, 'Nom##page-client', 10000);
  await settle(page);
  assert.equal(await rectOf(page, 'Formulaire gardé'), null);
  watcher.check(assert);
  await context.close();
});

test('a refused field at the top of the long client form is brought into view and focused (phone width)', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 700 } });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  await clickLabel(page, 'Clients');
  await clickLabel(page, 'Nouveau client');
  await waitForLabel(page, 'Raison sociale##client');
  // The name, at the top, left empty; the town, lower down, typed.
  await typeInto(page, 'Ville##client', 'Lyon');
  // The save button, at the bottom: the name field scrolls out of view.
  await visible(page, 'Enregistrer le client##client');
  const { height } = page.viewportSize();
  const inView = (r) => r && r.y >= 0 && r.y + r.h <= height;
  assert.equal(inView(await rectOf(page, 'Raison sociale##client')), false, 'out of view before saving');
  const clients = (await ledger(page)).clients.length;
  await clickLabel(page, 'Enregistrer le client##client');
  await settle(page);
  const field = await rectOf(page, 'Raison sociale##client');
  assert.ok(inView(field), `name field in view: ${JSON.stringify(field)}`);
  await shot(page, 'champ-refuse');
  assert.ok(await page.evaluate(() => document.activeElement === document.querySelector('.rl-text')), 'keyboard focus on the field');
  assert.equal((await ledger(page)).clients.length, clients, 'nothing saved');
  // Typing goes into it.
  await page.keyboard.type('Garage Martin');
  await settle(page);
  assert.equal(await page.evaluate(() => window.relance.ui.text('Raison sociale##client')), 'Garage Martin');
  watcher.check(assert);
  await context.close();
});

test('an e-mail recorded, then voided from the invoice history after a reload: kept, marked void, back in the agenda', async () => {
  const { context, page, watcher } = await newPage();
  await captureLinks(page);
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  const { item, key } = await emailItem(page, TODAY);
  await clickLabel(page, `Écrire l’e-mail##${key}`);
  await waitForLabel(page, `Envoyé ?##${key}`);
  await clickLabel(page, `Oui, c’est envoyé##${key}`);
  await waitForLedger(page, (l) => l.history.some((h) => h.client === item.client && h.date === TODAY && !h.voided), 'recorded');
  const entry = (await ledger(page)).history.find((h) => h.client === item.client && h.date === TODAY);
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, 'À faire aujourd’hui', 10000);
  assert.equal(await rectOf(page, `Écrire l’e-mail##${key}`), null, 'done: not in the agenda');
  // The invoice's history, after the reload: « Annuler cette action », confirmed.
  const invoice = item.invoices[0];
  await openHistoryEntry(page, invoice, entry.id);
  await waitForLabel(page, `Annuler cette action##historique-${entry.id}`);
  await clickLabel(page, `Annuler cette action##historique-${entry.id}`);
  await waitForLabel(page, `Confirmer l’annulation##historique-${entry.id}`);
  await clickLabel(page, `Confirmer l’annulation##historique-${entry.id}`);
  await waitForLedger(page, (l) => l.history.find((h) => h.id === entry.id).voided === true, 'voided');
  const after = (await ledger(page)).history.find((h) => h.id === entry.id);
  assert.equal(after.text, entry.text, 'kept with its text');
  await clickLabel(page, 'Aujourd’hui');
  await waitForLabel(page, `Écrire l’e-mail##${key}`);
  watcher.check(assert);
  await context.close();
});

test('after a reload, a reminder’s text is read from storage when its history entry is opened; the backup holds every text', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  const want = await ledger(page);
  const h = want.history.find((x) => x.text && x.invoices && x.invoices.length);
  assert.ok(h, 'a history entry with a text');
  const invoice = want.invoices.find((i) => i.id === h.invoices[0]);
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, 'Factures', 10000);
  await openHistoryEntry(page, invoice, h.id);
  const label = `Texte de l’action ${h.id}`;
  for (const end = Date.now() + 10000; ;) {
    const shown = await page.evaluate((l) => window.relance.ui.text(l), label);
    if (shown === h.text) break;
    assert.ok(Date.now() < end, `the text of entry ${h.id} is not shown (${JSON.stringify(shown)})`);
    await page.waitForTimeout(100);
  }
  // The backup reads the texts still in storage first: the same ledger as before the reload.
  assert.deepEqual(await ledger(page), want);
  watcher.check(assert);
  await context.close();
});

test('a ledger with many reminder texts: stored by packs, any one read back when its entry is opened, all in the backup', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin, `?today=${TODAY}`);
  // The sample plus 300 reminders spread over its invoices, each with a text
  // of its own of about 2 KB: 600 KB of texts, more than two packs.
  const file = JSON.parse(await readFile(join(repo, 'assets', 'sample', 'ledger.json'), 'utf8'));
  const base = file.history.find((h) => h.text && h.invoices && h.invoices.length);
  let id = Math.max(...file.history.map((h) => h.id));
  for (let i = 0; i < 300; ++i) {
    const inv = file.invoices[i % file.invoices.length];
    file.history.push({ ...base, id: ++id, client: inv.client, invoices: [inv.id],
                        text: `Relance ${i} : réglez la facture ${inv.number}. ` + 'àéèç '.repeat(100) + '«fin»'.repeat(200) });
  }
  const r = await page.evaluate((j) => window.relance.importLedger(j), JSON.stringify(file));
  assert.equal(r.ok, true, JSON.stringify(r));
  const packs = await page.evaluate(() => new Promise((ok, ko) => {
    const req = indexedDB.open('relance');
    req.onsuccess = () => {
      const tx = req.result.transaction(['texts']);
      const all = tx.objectStore('texts').getAll(IDBKeyRange.bound('pack/', 'pack/\uffff'));
      tx.oncomplete = () => { ok(all.result.map((p) => p.keys)); req.result.close(); };
      tx.onerror = () => ko(tx.error);
    };
  }));
  assert.ok(packs.length >= 3, `${packs.length} packs`);
  assert.equal(packs.flat().length, file.history.length);
  // Entries at the edges of packs: the first of the second, the last of all.
  const idOf = (key) => Number(key.split('/')[1]);
  const probes = [idOf(packs[1][0]), idOf(packs.at(-1).at(-1)), idOf(packs[0].at(-1))];
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, 'Factures', 10000);
  for (const hid of probes) {
    const h = file.history.find((x) => x.id === hid);
    await openHistoryEntry(page, file.invoices.find((i) => i.id === h.invoices[0]), hid);
    const label = `Texte de l’action ${hid}`;
    for (const end = Date.now() + 10000; ;) {
      const shown = await page.evaluate((l) => window.relance.ui.text(l), label);
      if (shown === h.text) break;
      assert.ok(Date.now() < end, `the text of entry ${hid} is not shown (${JSON.stringify(shown)?.slice(0, 80)})`);
      await page.waitForTimeout(100);
    }
  }
  // The backup: every text, from every pack.
  const byId = (a, b) => a[0] - b[0];
  assert.deepEqual((await ledger(page)).history.map((h) => [h.id, h.text]).sort(byId),
                   file.history.map((h) => [h.id, h.text]).sort(byId));
  watcher.check(assert);
  await context.close();
});

test('the reminder days of the sample as an .ics file, from a click', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  await visible(page, 'Ajouter à mon agenda (.ics)');
  await shot(page, 'aujourdhui-agenda-notifications');
  const download = page.waitForEvent('download');
  await clickLabel(page, 'Ajouter à mon agenda (.ics)');
  const file = await download;
  assert.equal(file.suggestedFilename(), `relances-${TODAY}.ics`);
  const ics = await readFile(await file.path(), 'utf8');
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'), ics.slice(0, 40));
  assert.ok(ics.trimEnd().endsWith('END:VCALENDAR'));
  const agenda = JSON.parse(await page.evaluate((d) => window.relance.agenda(d), TODAY));
  const unfolded = ics.replaceAll('\r\n ', '');
  assert.ok(unfolded.includes(`DTSTART;VALUE=DATE:${TODAY.replaceAll('-', '')}`), 'today is an event');
  const first = agenda.due[0];
  assert.ok(unfolded.includes(first.client_name.replaceAll(',', '\\,')), `${first.client_name} in the event`);
  assert.ok(/SUMMARY:\d+ relances? à faire/.test(unfolded), 'each day says how many');
  watcher.check(assert);
  await context.close();
});

test('a notification on a reminder day: shown by the service worker at opening, and on the periodic background check', async () => {
  const today = localToday();
  const { context, page, watcher } = await newPage();
  await context.grantPermissions(['notifications'], { origin: server.origin });
  await openApp(page, server.origin, `?today=${today}`);
  await loadSample(page);
  await waitForLabel(page, 'Notifications activées');
  const agenda = JSON.parse(await page.evaluate((d) => window.relance.agenda(d), today));
  assert.ok(agenda.due.length > 0, 'reminders to do on the sample');
  const shown = () => page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications({ tag: 'relance-jour' })).map((n) => ({ title: n.title, data: n.data }));
  });
  // Polled here: waitForFunction takes a pending promise for true.
  const notified = async (what) => {
    for (const end = Date.now() + 15000; Date.now() < end; await page.waitForTimeout(200)) {
      const list = await shown();
      if (list.length > 0) return list;
    }
    throw new Error(`no notification: ${what}`);
  };
  const [n] = await notified('at opening');
  const count = agenda.due.length;
  assert.match(n.title, new RegExp(`^${count} relances? à faire aujourd'hui — [0-9\u202f\u00a0 ]+,\\d\\d\u00a0€ en jeu$`));
  assert.equal(n.data.url, './#/aujourdhui');

  // Once a day: a second opening notifies nothing more.
  await page.evaluate(async () => {
    for (const x of await (await navigator.serviceWorker.ready).getNotifications()) x.close();
  });
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, 'Notifications activées', 10000);
  await page.waitForTimeout(1000);
  assert.deepEqual(await shown(), [], 'not twice the same day');

  // The browser's periodic check (Periodic Background Sync), on a day not yet
  // notified: the worker reads the stored days, with no page involved.
  await page.evaluate(() => new Promise((ok, ko) => {
    const req = indexedDB.open('relance-rappels', 1);
    req.onsuccess = () => {
      const tx = req.result.transaction('kv', 'readwrite');
      tx.objectStore('kv').delete('notified');
      tx.oncomplete = () => { req.result.close(); ok(); };
      tx.onerror = () => ko(tx.error);
    };
    req.onerror = () => ko(req.error);
  }));
  const cdp = await context.newCDPSession(page);
  const registrations = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  const deadline = Date.now() + 5000;
  while (!registrations.some((r) => r.scopeURL.startsWith(server.origin)) && Date.now() < deadline) await page.waitForTimeout(100);
  const reg = registrations.find((r) => r.scopeURL.startsWith(server.origin));
  assert.ok(reg, 'the service worker is registered');
  await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', {
    origin: server.origin, registrationId: reg.registrationId, tag: 'relance-jour',
  });
  assert.equal((await notified('on the periodic check'))[0].title, n.title);
  watcher.check(assert);
  await context.close();
});

test('a date field\'s calendar on a phone: inside the screen, a day tapped is written in the field', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  await openApp(page, server.origin, `?today=${TODAY}`);
  await loadSample(page);
  // The invoice opened by its address.
  await page.goto(`${server.origin}/?today=${TODAY}#/factures/F-2026-0036`);
  await page.evaluate(() => window.relance.ready);
  await waitForLabel(page, 'Enregistrer un paiement##action', 10000);
  await visible(page, 'Enregistrer un paiement##action');
  await clickLabel(page, 'Enregistrer un paiement##action');
  const field = 'Date du paiement##paiement';
  await waitForLabel(page, `Calendrier##${field}`);
  await visible(page, `Calendrier##${field}`);
  await clickLabel(page, `Calendrier##${field}`);
  await waitForLabel(page, `Mois##${field}`);
  assert.equal(await page.evaluate((l) => window.relance.ui.text(l), `Mois##${field}`), 'novembre 2026');
  const last = await page.evaluate((l) => window.relance.ui.rect(l), `30##${field}`);
  assert.ok(last && last.x >= 0 && last.x + last.w <= 390, `the calendar fits: ${JSON.stringify(last)}`);
  await shot(page, 'calendrier');
  await clickLabel(page, `20##${field}`);
  await settle(page);
  assert.equal(await page.evaluate((l) => window.relance.ui.text(l), field), '20/11/2026');
  watcher.check(assert);
  await context.close();
});
