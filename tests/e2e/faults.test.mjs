// Faults at the ledger level: the browser killed in the middle of writes
// (a burst of journal commands, then the snapshot written by an import),
// and two tabs submitting real commands at the same time. app.test.mjs
// checks the journal plumbing entry by entry; these compare whole ledgers
// (exportLedger). Both go through window.relance.dev.command (dev site).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { checkSite, closeLeftOpen, launchPersistent, openApp, click, nextFrames, site, startServer, tempDir } from './harness.mjs';

let server;
before(async () => {
  await checkSite();
  server = await startServer(site);
});
after(async () => {
  await closeLeftOpen();
  await server?.close();
});

const TODAY = '?today=2026-03-16';

// The Chromium Playwright started for this profile: a child of this process
// with the profile directory on its command line.
function browserPid(profileDir) {
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const st = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = st.slice(st.lastIndexOf(')') + 2).split(' ')[1];
      if (ppid === String(process.pid) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(profileDir)) return Number(p);
    } catch {}
  }
  throw new Error(`no Chromium found for ${profileDir}`);
}

// Kills the browser outright (no unload, no shutdown, no flush) and waits
// until Playwright has noticed.
async function killBrowser(ctx, profileDir) {
  const closed = new Promise((ok) => ctx.once('close', ok));
  process.kill(browserPid(profileDir), 'SIGKILL');
  await closed;
}

// The app on Paramètres (window.relance.dev.command is there from the start).
async function openForCommands(page) {
  await openApp(page, server.origin, TODAY);
  await click(page, 'Paramètres');
  await nextFrames(page);
}

const command = (type, body) => JSON.stringify({ format: 'relance-command', version: 1, type, ...body });
const ledger = (page) => page.evaluate(async () => JSON.parse(await window.relance.exportLedger()));
const ledgerText = (page) => page.evaluate(() => window.relance.exportLedger());
// Polls an async condition (exportLedger is asynchronous: waitForFunction
// would take its promise for a true value).
const until = async (cond, ms, what) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
};
// No replayed entry refused, no unreadable snapshot.
async function noDataBanner(page) {
  const shown = await page.evaluate(() => [!!window.relance.ui.rect('##erreurs-journal'), !!window.relance.ui.rect('##donnees-illisibles')]);
  assert.deepEqual(shown, [false, false], 'a data banner is shown');
}

// A ledger file of `n` invoices over 50 clients, built from an exported
// ledger (the format the app writes) with long labels to make it weigh.
function bigLedger(base, n) {
  const l = structuredClone(base);
  l.clients = [];
  for (let i = 1; i <= 50; ++i) l.clients.push({ id: i, code: `C${1000 + i}`, name: `Client lourd ${i}`, kind: 'business' });
  l.invoices = [];
  for (let i = 1; i <= n; ++i) {
    const ht = 1000 + (i % 997) * 13;  // cents
    const vat = Math.round(ht * 0.2);
    const eur = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
    l.invoices.push({
      id: i, number: `F-2025-${String(i).padStart(6, '0')}`, client: 1 + (i % 50), kind: 'invoice', state: 'issued',
      issue_date: '2025-06-01', due_date: '2025-07-01', ht: eur(ht), vat: eur(vat), ttc: eur(ht + vat),
      label: `Prestation ${i} : ` + 'maintenance du parc informatique et assistance '.repeat(4),
    });
  }
  l.next_ids = { ...l.next_ids, client: 51, invoice: n + 1 };
  return JSON.stringify(l);
}

test('killed in the middle of a burst of commands: the ledger is a prefix of them, nothing acknowledged is lost', async () => {
  const { dir, remove } = await tempDir();
  let ctx;
  try {
    ctx = await launchPersistent(dir);
    let page = ctx.pages()[0] || (await ctx.newPage());
    await openForCommands(page);
    const N = 60;
    // Fired all at once; each reply (stored and applied) is counted.
    await page.evaluate(({ N, cmds }) => {
      window.__acked = 0;
      window.__refused = [];
      for (let i = 0; i < N; ++i) {
        window.relance.dev.command(cmds[i]).then((r) => {
          if (r.ok) window.__acked++;
          else window.__refused.push(r.error);
        });
      }
    }, { N, cmds: Array.from({ length: N }, (_, i) => command('add_client', { client: { name: `Rafale ${i}`, kind: 'business' } })) });
    await page.waitForFunction(() => window.__acked >= 8, null, { timeout: 60000, polling: 5 });
    const acked = await page.evaluate(() => window.__acked);
    assert.deepEqual(await page.evaluate(() => window.__refused), []);
    await killBrowser(ctx, dir);

    ctx = await launchPersistent(dir);
    page = ctx.pages()[0] || (await ctx.newPage());
    await openApp(page, server.origin, TODAY);
    const names = (await ledger(page)).clients.map((c) => c.name);
    const k = names.length;
    assert.ok(k >= acked, `${acked} commands were acknowledged before the kill, ${k} survived`);
    assert.ok(k <= N);
    assert.deepEqual(names, Array.from({ length: k }, (_, i) => `Rafale ${i}`), 'not a prefix of the commands');
    await noDataBanner(page);
    const status = await page.evaluate(() => window.relance.storage.status());
    assert.equal(status.error, 'none');
    assert.equal(status.readOnly, false);
    console.log(`# burst: ${acked} acknowledged at the kill, ${k} of ${N} stored`);
    await ctx.close();
  } finally {
    // A failed check must not leave the browser open: the test process would never end.
    await ctx?.close().catch(() => {});
    await remove();
  }
});

test('killed while an import writes its snapshot: the old ledger or the new one, whole', async () => {
  const { dir, remove } = await tempDir();
  const seen = [];  // [kill point, ledger before, ledger after the restart]
  let ctx;
  try {
    ctx = await launchPersistent(dir);
    let page = ctx.pages()[0] || (await ctx.newPage());
    await openForCommands(page);
    for (let i = 0; i < 3; ++i) {
      const r = await page.evaluate((c) => window.relance.dev.command(c), command('add_client', { client: { name: `Avant ${i}`, kind: 'business' } }));
      assert.equal(r.ok, true, JSON.stringify(r));
    }
    const big = bigLedger(await ledger(page), 6000);
    // Two kills: while the file is being read, and as soon as the snapshot
    // is handed to IndexedDB (its transaction under way).
    for (const when of ['parse', 'put']) {
      await ctx.addInitScript(() => {
        const put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function (value, key) {
          if (this.name === 'snapshot' && value && value.image instanceof ArrayBuffer && value.image.byteLength > 1e5)
            console.log('relance-test: snapshot put');
          return put.call(this, value, key);
        };
      });
      page = ctx.pages()[0] || (await ctx.newPage());
      await page.reload();
      await page.waitForFunction(() => window.relance && window.relance.ready, null, { timeout: 20000 });
      await page.evaluate(() => window.relance.ready);
      const before = await ledgerText(page);
      const putSeen = new Promise((ok) => page.on('console', (m) => { if (m.text() === 'relance-test: snapshot put') ok(); }));
      await page.evaluate((t) => { window.__big = t; }, big);
      page.evaluate(() => window.relance.importLedger(window.__big)).catch(() => {});
      if (when === 'parse') await new Promise((ok) => setTimeout(ok, 30));
      else await putSeen;
      await killBrowser(ctx, dir);

      ctx = await launchPersistent(dir);
      page = ctx.pages()[0] || (await ctx.newPage());
      await openApp(page, server.origin, TODAY);
      seen.push([when, before, await ledgerText(page)]);
      await noDataBanner(page);
      assert.equal((await page.evaluate(() => window.relance.storage.status())).error, 'none');
    }
    // The same import left to finish: the "new" ledger, as the app stores it.
    const r = await page.evaluate((t) => window.relance.importLedger(t), big);
    assert.equal(r.ok, true, JSON.stringify(r).slice(0, 500));
    const reference = await ledgerText(page);
    const outcomes = seen.map(([when, before, after]) => {
      const outcome = after === before ? 'old' : after === reference ? 'new' : 'MIXED';
      assert.notEqual(outcome, 'MIXED', `after a kill at ${when} the ledger is neither the old one nor the imported one`);
      return `${when}: ${outcome}`;
    });
    assert.notEqual(seen[0][1], reference);
    // The store still takes writes after all that.
    await click(page, 'Paramètres');
    await nextFrames(page);
    const w = await page.evaluate((c) => window.relance.dev.command(c), command('add_client', { client: { name: 'Après', kind: 'business' } }));
    assert.equal(w.ok, true, JSON.stringify(w));
    console.log(`# import kills: ${outcomes.join(', ')}`);
    await ctx.close();
  } finally {
    // A failed check must not leave the browser open: the test process would never end.
    await ctx?.close().catch(() => {});
    await remove();
  }
});

// A CSV of `n` invoices over 30 clients, French Excel dialect.
function bigCsv(n) {
  const rows = ['Numéro;Client;Date;Échéance;TTC;Libellé'];
  for (let i = 1; i <= n; ++i)
    rows.push(`F-2026-${String(i).padStart(6, '0')};Client ${1 + (i % 30)};01/10/2025;31/10/2025;${100 + (i % 900)},50;Ligne ${i}`);
  return Buffer.from(rows.join('\r\n') + '\r\n');
}

test('killed while a CSV import is being stored: none of its invoices or all of them', async () => {
  const { dir, remove } = await tempDir();
  const N = 20000;
  const csv = bigCsv(N);
  const outcomes = [];
  try {
    // The journal entry handed to IndexedDB: a big add to the journal.
    const launch = async () => {
      const c = await launchPersistent(dir);
      await c.addInitScript(() => {
        const add = IDBObjectStore.prototype.add;
        IDBObjectStore.prototype.add = function (value, key) {
          // (stored as a Blob of its text since storage format 3)
          if (this.name === 'journal' && value instanceof Blob && value.size > 1e6) console.log('relance-test: journal add');
          return add.call(this, value, key);
        };
      });
      return c;
    };
    let ctx = await launch();
    let page = ctx.pages()[0] || (await ctx.newPage());
    await openForCommands(page);
    const r = await page.evaluate((c) => window.relance.dev.command(c), command('add_client', { client: { name: 'Avant', kind: 'business' } }));
    assert.equal(r.ok, true, JSON.stringify(r));
    // Killed while the entry's text is being written (its progress bar
    // shown), then as soon as it is handed to IndexedDB.
    for (const when of ['text', 'add']) {
      page = ctx.pages()[0] || (await ctx.newPage());
      const before = await ledgerText(page);
      await click(page, 'Sauvegarde et CSV');
      await nextFrames(page);
      const chosen = page.waitForEvent('filechooser', { timeout: 10000 });
      await click(page, 'Importer un CSV…');
      await (await chosen).setFiles({ name: 'factures.csv', mimeType: 'text/csv', buffer: csv });
      await page.waitForFunction(() => !!window.relance.ui.rect('Confirmer l’import'), null, { timeout: 60000, polling: 20 });
      const added = new Promise((ok) => page.on('console', (m) => { if (m.text() === 'relance-test: journal add') ok(); }));
      await click(page, `Importer ${N} factures`);
      if (when === 'text') await page.waitForFunction(() => !!window.relance.ui.rect('Progression de l’enregistrement'), null, { timeout: 10000, polling: 5 });
      else await added;
      await killBrowser(ctx, dir);

      ctx = await launch();
      page = ctx.pages()[0] || (await ctx.newPage());
      await openForCommands(page);
      const after = await ledger(page);
      const n = after.invoices.length;
      assert.ok(n === 0 || n === N, `after a kill at ${when}: ${n} invoices of ${N} stored`);
      if (n === 0) assert.equal(await ledgerText(page), before, `after a kill at ${when}: the ledger as it was`);
      else assert.deepEqual(after.invoices.map((i) => i.number).slice(0, 2), ['F-2026-000001', 'F-2026-000002']);
      await noDataBanner(page);
      assert.equal((await page.evaluate(() => window.relance.storage.status())).error, 'none');
      outcomes.push(`${when}: ${n === 0 ? 'none' : 'all'}`);
      if (n === N) break;  // imported: a second import would be refused (same numbers)
    }
    console.log(`# CSV import kills: ${outcomes.join(', ')}`);
    await ctx.close();
  } finally {
    await remove();
  }
});

test('a store of the previous format: a CSV import is stored as a Blob, the format raised first; another tab and a reload read it', async () => {
  const { dir, remove } = await tempDir();
  const N = 6000;
  try {
    const ctx = await launchPersistent(dir);
    const a = ctx.pages()[0] || (await ctx.newPage());
    await openForCommands(a);
    const r = await a.evaluate((c) => window.relance.dev.command(c), command('add_client', { client: { name: 'Avant', kind: 'business' } }));
    assert.equal(r.ok, true, JSON.stringify(r));
    // What the previous release wrote: the same records at format 2.
    const stored = (page) => page.evaluate(() => new Promise((ok, ko) => {
      const req = indexedDB.open('relance');
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction(['snapshot', 'journal']);
        const main = tx.objectStore('snapshot').get('main'), meta = tx.objectStore('snapshot').get('meta');
        const all = tx.objectStore('journal').getAll();
        tx.oncomplete = () => {
          ok({ main: main.result && main.result.format, meta: meta.result ? meta.result.format : null,
               entries: all.result.map((v) => (v instanceof Blob ? `blob ${v.size > 1e6 ? 'big' : 'small'}` : typeof v)) });
          db.close();
        };
        tx.onerror = () => ko(tx.error);
      };
    }));
    await a.evaluate(() => new Promise((ok, ko) => {
      const req = indexedDB.open('relance');
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction(['snapshot'], 'readwrite');
        const s = tx.objectStore('snapshot');
        for (const key of ['main', 'meta']) {
          const g = s.get(key);
          g.onsuccess = () => { if (g.result) s.put({ ...g.result, format: 2 }, key); };
        }
        tx.oncomplete = () => { db.close(); ok(); };
        tx.onerror = () => ko(tx.error);
      };
    }));
    await openForCommands(a);
    const before = await stored(a);
    assert.equal(before.main, 2);
    assert.deepEqual(before.entries, ['string']);
    const b = await ctx.newPage();
    await openForCommands(b);

    await a.bringToFront();  // a background tab draws no frame
    await click(a, 'Sauvegarde et CSV');
    await nextFrames(a);
    const chosen = a.waitForEvent('filechooser', { timeout: 10000 });
    await click(a, 'Importer un CSV…');
    await (await chosen).setFiles({ name: 'factures.csv', mimeType: 'text/csv', buffer: bigCsv(N) });
    await a.waitForFunction(() => !!window.relance.ui.rect('Confirmer l’import'), null, { timeout: 60000, polling: 20 });
    await click(a, `Importer ${N} factures`);
    await until(async () => (await ledger(a)).invoices.length === N, 60000, 'the import in the tab that made it');
    await a.waitForFunction(() => window.relance.storage.status().pending === 0, null, { timeout: 60000, polling: 20 });

    const after = await stored(a);
    assert.deepEqual(after, { main: 3, meta: after.meta === null ? null : 3, entries: ['string', 'blob big'] });
    // The other tab reads the Blob when told of it.
    await until(async () => (await ledger(b)).invoices.length === N, 60000, 'the import in the other tab');
    await noDataBanner(b);
    // And a reload reads it back.
    await a.bringToFront();
    await openForCommands(a);
    const l = await ledger(a);
    assert.equal(l.invoices.length, N);
    assert.deepEqual(l.invoices.map((i) => i.number).slice(0, 2), ['F-2026-000001', 'F-2026-000002']);
    assert.deepEqual(l.clients.map((c) => c.name).slice(0, 1), ['Avant']);
    await noDataBanner(a);
    assert.equal((await a.evaluate(() => window.relance.storage.status())).error, 'none');
    await ctx.close();
  } finally {
    await remove();
  }
});

test('two tabs submitting commands at the same time: nothing lost, one winner on a conflict, same ledger everywhere', async () => {
  const { dir, remove } = await tempDir();
  let ctx;
  try {
    ctx = await launchPersistent(dir);
    const a = ctx.pages()[0] || (await ctx.newPage());
    const b = await ctx.newPage();
    await openForCommands(a);
    await openForCommands(b);
    const run = (page, c) => page.evaluate((x) => window.relance.dev.command(x), c);
    let r = await run(a, command('add_client', { client: { name: 'Client commun', kind: 'business' } }));
    assert.equal(r.ok, true, JSON.stringify(r));
    r = await run(a, command('add_invoice', { invoice: { client: 1, kind: 'invoice', state: 'issued', issue_date: '2026-01-05',
                                                       due_date: '2026-02-04', ht: '1000.00', vat: '200.00', ttc: '1200.00',
                                                       label: 'Installation' } }));
    assert.equal(r.ok, true, JSON.stringify(r));
    await until(async () => (await ledger(b)).invoices.length === 1, 10000, 'the other tab sees the invoice');
    const invoice = (await ledger(b)).invoices[0].id;

    // Both tabs at once: 10 payments of 1 € each on the same invoice, and
    // 4 clients each, interleaved.
    const burst = (page, tag) => page.evaluate(({ tag, invoice, cmd }) => {
      const out = [];
      for (let i = 0; i < 10; ++i) {
        out.push(window.relance.dev.command(cmd.pay.replace('REF', `${tag}${i}`)));
        if (i % 5 === 0) out.push(window.relance.dev.command(cmd.client.replace('NAME', `${tag} client ${i}`)));
        if (i % 5 === 4) out.push(window.relance.dev.command(cmd.client.replace('NAME', `${tag} client ${i} bis`)));
      }
      return Promise.all(out);
    }, { tag, invoice, cmd: {
      pay: command('record_payment', { invoice, payment: { date: '2026-02-10', amount: '1.00', method: 'transfer', reference: 'REF' } }),
      client: command('add_client', { client: { name: 'NAME', kind: 'business' } }),
    } });
    const [ra, rb] = await Promise.all([burst(a, 'A'), burst(b, 'B')]);
    assert.ok([...ra, ...rb].every((x) => x.ok), JSON.stringify([...ra, ...rb].filter((x) => !x.ok)));

    // A conflict: both pay the whole remaining balance at the same moment.
    // Each tab's check passes on what it sees; in the journal's order the
    // second is refused, and its tab is told so.
    const rest = command('record_payment', { invoice, payment: { date: '2026-02-20', amount: '1180.00', method: 'cheque', reference: 'SOLDE' } });
    const [sa, sb] = await Promise.all([run(a, rest), run(b, rest)]);
    assert.equal([sa, sb].filter((x) => x.ok).length, 1, `exactly one of ${JSON.stringify([sa, sb])} succeeds`);
    assert.match((sa.ok ? sb : sa).error, /dépasse le solde/);

    const settle = async (page) => {
      await page.waitForFunction(() => window.relance.storage.status().pending === 0, null, { timeout: 10000 });
      await page.evaluate(() => new Promise((ok) => setTimeout(ok, 300)));
    };
    await settle(a);
    await settle(b);
    const wanted = await ledgerText(a);
    await until(async () => (await ledgerText(b)) === wanted, 10000, '').catch(() => {});
    const la = await ledgerText(a), lb = await ledgerText(b);
    assert.equal(la, lb, 'the two tabs disagree');
    const l = JSON.parse(la);
    const pays = l.invoices[0].payments;
    assert.equal(pays.filter((p) => p.amount === '1.00').length, 20, 'a 1 € payment was lost');
    assert.deepEqual(new Set(pays.filter((p) => p.amount === '1.00').map((p) => p.reference)),
                     new Set([...Array(10).keys()].flatMap((i) => [`A${i}`, `B${i}`])));
    assert.equal(pays.filter((p) => p.reference === 'SOLDE').length, 1);
    assert.equal(l.clients.length, 1 + 2 * 4);
    // The payments' ids are all different: both tabs took them from one sequence.
    assert.equal(new Set(pays.map((p) => p.id)).size, pays.length);

    // A third tab, and the same profile after a browser restart, read the same.
    const c = await ctx.newPage();
    await openApp(c, server.origin, TODAY);
    assert.equal(await ledgerText(c), la);
    await ctx.close();
    ctx = await launchPersistent(dir);
    const d = ctx.pages()[0] || (await ctx.newPage());
    await openApp(d, server.origin, TODAY);
    assert.equal(await ledgerText(d), la);
    await ctx.close();
  } finally {
    // A failed check must not leave the browser open: the test process would never end.
    await ctx?.close().catch(() => {});
    await remove();
  }
});

test('an edit: no frame is drawn until it is written, then drawing resumes; a write held up elsewhere stops the wait after 250 ms', async () => {
  const { dir, remove } = await tempDir();
  let ctx;
  try {
    ctx = await launchPersistent(dir);
    const page = ctx.pages()[0] || (await ctx.newPage());
    await openForCommands(page);
    for (let i = 0; i < 5; ++i) {
      const r = await page.evaluate(async (c) => {
        const done = window.relance.dev.command(c);  // submitted now: the write starts
        const atSubmit = window.relance.frames;
        const reply = await done;
        const atReply = window.relance.frames;
        // The edit shown: frames come again (the app pauses a few frames later).
        const t0 = performance.now();
        while (window.relance.frames === atReply && performance.now() - t0 < 5000) await new Promise((ok) => setTimeout(ok, 5));
        return { reply, during: atReply - atSubmit, after: window.relance.frames - atReply };
      }, command('add_client', { client: { name: `Tenu ${i}`, kind: 'business' } }));
      assert.equal(r.reply.ok, true, JSON.stringify(r.reply));
      assert.equal(r.during, 0, `edit ${i}: frames were drawn while it was being written`);
      assert.ok(r.after > 0, `edit ${i}: no frame drawn after the write`);
    }
    assert.deepEqual((await ledger(page)).clients.map((c) => c.name).filter((n) => n.startsWith('Tenu')),
                     ['Tenu 0', 'Tenu 1', 'Tenu 2', 'Tenu 3', 'Tenu 4']);

    // A second tab keeps a write transaction open on the same stores for
    // 2 s: the edit waits for it, and the first tab draws again meanwhile.
    const other = await ctx.newPage();
    await other.goto(server.origin + '/sw.js');  // same origin, without the app
    await other.evaluate(() => new Promise((started, ko) => {
      const req = indexedDB.open('relance');
      req.onerror = () => ko(req.error);
      req.onsuccess = () => {
        const tx = req.result.transaction(['snapshot', 'journal'], 'readwrite');
        const end = performance.now() + 2000;
        const spin = () => { if (performance.now() < end) tx.objectStore('journal').count().onsuccess = spin; };
        spin();
        window.released = new Promise((ok) => { tx.oncomplete = () => { req.result.close(); ok(Date.now()); }; });
        started();
      };
    }));
    await page.bringToFront();  // the user looks at the first tab: the one whose frames are counted
    const r = await page.evaluate(async (c) => {
      let replied = 0;
      const done = window.relance.dev.command(c).then((x) => { replied = Date.now(); return x; });
      const atSubmit = window.relance.frames;
      await new Promise((ok) => setTimeout(ok, 800));
      const drawnWhileWaiting = window.relance.frames - atSubmit;
      const reply = await done;
      return { drawnWhileWaiting, reply, replied };
    }, command('add_client', { client: { name: 'Après attente', kind: 'business' } }));
    const released = await other.evaluate(() => window.released);
    assert.equal(r.reply.ok, true, JSON.stringify(r.reply));
    assert.ok(r.replied >= released, 'the edit was written before the other tab let go of the stores');
    assert.ok(r.drawnWhileWaiting > 0, 'the app stopped drawing for as long as the other tab held the stores');
    assert.ok((await ledger(page)).clients.some((c) => c.name === 'Après attente'));
    await ctx.close();
  } finally {
    // A failed check must not leave the browser open: the test process would never end.
    await ctx?.close().catch(() => {});
    await remove();
  }
});
