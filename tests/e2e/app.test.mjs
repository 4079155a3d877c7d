// Browser tests of the web app's platform layer and shell.
// Run with ./run.sh after scripts/build-web.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import {
  launchPersistent, tempDir, startServer, site, screenshots, repo,
  watch, openApp, centerOf, click, nextFrames,
} from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';

const FRENCH = 'crème brûlée – 1 234,56 €';
const FIELD = 'Texte d’essai';

// A journal command (the format of `relance apply`), for window.relance.dev.command.
const command = (type, body) => JSON.stringify({ format: 'relance-command', version: 1, type, ...body });
const addClient = (name) => command('add_client', { client: { name, kind: 'business' } });
const clientName = (entry) => JSON.parse(entry.command).client.name;
// No journal entry refused on replay (the banner of web/app.cpp).
// Whether the page opened the database as it loaded (shell.js): only one
// that exists already at the app's version.
const openedEarly = (page) => page.evaluate(() => window.relance._db.then((db) => !!db));
const noReplayErrors = async (page) => assert.equal(await page.evaluate(() => !!window.relance.ui.rect('##erreurs-journal')), false,
                                                    'a journal entry was refused on replay');

let server;
let browser;
serveSiteAndBrowser((s, b) => { server = s; browser = b; });

async function newPage(viewport = { width: 1280, height: 800 }, extra = {}) {
  const context = await browser.newContext({ viewport, ...extra });
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  return { context, page, watcher };
}

async function gotoSettings(page, { touch = false } = {}) {
  if (touch) {
    const { x, y } = await centerOf(page, 'Paramètres');
    await page.touchscreen.tap(x, y);
  } else {
    await click(page, 'Paramètres');
  }
  // The platform checks live in Paramètres' Diagnostic tab.
  await page.waitForFunction(() => window.relance.ui.rect('Diagnostic') !== null, null, { timeout: 5000 });
  if (touch) {
    const { x, y } = await centerOf(page, 'Diagnostic');
    await page.touchscreen.tap(x, y);
  } else {
    await click(page, 'Diagnostic');
  }
  await page.waitForFunction((l) => window.relance.ui.rect(l) !== null, FIELD, { timeout: 5000 });
}

async function typeInField(page, text, how = 'type') {
  await click(page, FIELD);
  await nextFrames(page);
  if (how === 'type') await page.keyboard.type(text);
  else await page.keyboard.insertText(text);
}

async function fieldText(page) {
  return page.evaluate((l) => window.relance.ui.text(l), FIELD);
}

test('first load: ready, drawn, French text, screenshots at desktop and phone sizes', async () => {
  for (const [name, viewport] of [['desktop-1280x800', { width: 1280, height: 800 }],
                                  ['phone-390x844', { width: 390, height: 844 }]]) {
    const { context, page, watcher } = await newPage(viewport, viewport.width < 500 ? { deviceScaleFactor: 3, isMobile: true, hasTouch: true } : {});
    await openApp(page, server.origin);
    const info = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { version: window.relance.version, w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, dpr: devicePixelRatio };
    });
    assert.match(info.version, /^\d+\.\d+\.\d+/);
    // The backing store is in device pixels and the canvas fills the window.
    assert.equal(info.cw, viewport.width);
    assert.equal(info.ch, viewport.height);
    assert.equal(info.w, Math.round(viewport.width * info.dpr));
    assert.equal(info.h, Math.round(viewport.height * info.dpr));
    // Every screen's button is drawn and inside the window.
    for (const label of ['Aujourd’hui', 'Factures', 'Clients', 'Relances', 'Rapports', 'Paramètres']) {
      const r = await page.evaluate((l) => window.relance.ui.rect(l), label);
      assert.ok(r, `${label} drawn`);
      assert.ok(r.x >= 0 && r.x + r.w <= viewport.width + 0.5, `${label} fits horizontally: ${JSON.stringify(r)}`);
    }
    // Something other than the background colour was drawn.
    const png = await page.screenshot({ path: join(screenshots, `first-load-${name}.png`) });
    assert.ok(png.length > 5000);
    // On the phone, a finger tap switches screens.
    await gotoSettings(page, { touch: viewport.width < 500 });
    await page.screenshot({ path: join(screenshots, `settings-${name}.png`) });
    watcher.check(assert);
    await context.close();
  }
});

// The page's loading/error line (shell.js): its text, and whether it shows.
const statusLine = (page) => page.evaluate(() => {
  const s = document.getElementById('status');
  return { text: s.textContent, shown: getComputedStyle(s).display !== 'none' };
});

test('a lost WebGL context: the page says so, and drawing resumes when the browser restores it, also before the first frame', async () => {
  // Lost right after the app made it, before its first frame (a GPU process
  // restarting as the page loads), restored a second later.
  {
    const { context, page, watcher } = await newPage();
    await page.addInitScript(() => {
      const real = HTMLCanvasElement.prototype.getContext;
      let done = false;
      HTMLCanvasElement.prototype.getContext = function (type, attrs) {
        const gl = real.call(this, type, attrs);
        if (!done && gl && type === 'webgl2') {
          done = true;
          const ext = gl.getExtension('WEBGL_lose_context');
          setTimeout(() => {
            ext.loseContext();
            window.__lostAt = performance.now();
            setTimeout(() => ext.restoreContext(), 1000);
          }, 0);
        }
        return gl;
      };
    });
    await openApp(page, server.origin);
    assert.ok(await page.evaluate(() => window.__lostAt !== undefined), 'the context was lost');
    await page.waitForFunction(() => window.relance._glRestores > 0, null, { timeout: 10000 });
    await page.waitForFunction(() => getComputedStyle(document.getElementById('status')).display === 'none', null, { timeout: 5000 });
    await gotoSettings(page);
    const png = await page.screenshot({ path: join(screenshots, 'webgl-restored-at-start.png') });
    assert.ok(png.length > 5000, 'drawn after the restore');
    watcher.check(assert);
    await context.close();
  }
  // Lost while the app runs: the line says so, nothing is drawn, and the app
  // still answers (its frames go on without GL); restored: the line goes and
  // the screen is drawn again.
  {
    const { context, page, watcher } = await newPage();
    await openApp(page, server.origin);
    await page.evaluate(() => {
      window.__ext = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
      window.__ext.loseContext();
    });
    await page.waitForFunction(() => getComputedStyle(document.getElementById('status')).display !== 'none', null, { timeout: 5000 });
    assert.match((await statusLine(page)).text, /affichage a été interrompu/);
    await gotoSettings(page);  // clicks reach the app meanwhile
    assert.equal((await statusLine(page)).shown, true, 'the line stays while the context is lost');
    // Frames drawn after the restore (it wakes the loop, which pauses again
    // once idle), counted from the restore event.
    await page.evaluate(() => {
      document.getElementById('canvas').addEventListener('webglcontextrestored', () => { window.__framesAtRestore = window.relance.frames; });
      window.__ext.restoreContext();
    });
    await page.waitForFunction(() => getComputedStyle(document.getElementById('status')).display === 'none', null, { timeout: 5000 });
    await page.waitForFunction(() => window.relance.frames > window.__framesAtRestore, null, { timeout: 5000 });
    const png = await page.screenshot({ path: join(screenshots, 'webgl-restored.png') });
    assert.ok(png.length > 5000, 'drawn after the restore');
    watcher.check(assert);
    await context.close();
  }
});

test('typing French text into an ImGui field reaches C++ exactly', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin);
  await gotoSettings(page);
  await typeInField(page, FRENCH, 'type');
  await page.waitForFunction(([l, t]) => window.relance.ui.text(l) === t, [FIELD, FRENCH], { timeout: 5000 })
    .catch(() => {});
  assert.equal(await fieldText(page), FRENCH);

  // Backspace and more text through insertText (what IMEs and phones do).
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText('œuf « à la coque »');
  const expected = FRENCH.slice(0, -2) + 'œuf « à la coque »';
  await page.waitForFunction(([l, t]) => window.relance.ui.text(l) === t, [FIELD, expected], { timeout: 5000 })
    .catch(() => {});
  assert.equal(await fieldText(page), expected);
  await page.screenshot({ path: join(screenshots, 'typed-french.png') });
  watcher.check(assert);
  await context.close();
});

test('clipboard: paste from and copy to the system clipboard', async () => {
  const { context, page, watcher } = await newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await openApp(page, server.origin);
  await gotoSettings(page);

  // Paste: put text on the system clipboard, then Ctrl+V in the field.
  await page.evaluate((t) => navigator.clipboard.writeText(t), 'Société Générale — 42 €');
  await click(page, FIELD);
  await nextFrames(page);
  await page.keyboard.press('Control+V');
  await page.waitForFunction(([l, t]) => window.relance.ui.text(l) === t, [FIELD, 'Société Générale — 42 €'], { timeout: 5000 })
    .catch(() => {});
  assert.equal(await fieldText(page), 'Société Générale — 42 €');

  // Copy: select all, Ctrl+C, read the system clipboard.
  await page.evaluate(() => navigator.clipboard.writeText('avant'));
  await page.keyboard.press('Control+A');
  await nextFrames(page);
  await page.keyboard.press('Control+C');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) !== 'avant', null, { timeout: 5000 })
    .catch(() => {});
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'Société Générale — 42 €');

  // The Copier button puts the field on the clipboard too.
  await page.evaluate(() => navigator.clipboard.writeText('avant'));
  await click(page, 'Copier');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) !== 'avant', null, { timeout: 5000 })
    .catch(() => {});
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'Société Générale — 42 €');
  watcher.check(assert);
  await context.close();
});

test('a download starts from a real click and carries the bytes', async () => {
  const { context, page, watcher } = await newPage({ width: 1280, height: 800 }, { acceptDownloads: true });
  await openApp(page, server.origin);
  await gotoSettings(page);
  await typeInField(page, FRENCH, 'insertText');
  const where = await centerOf(page, 'Télécharger un CSV');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10000 }),
    page.mouse.click(where.x, where.y),
  ]);
  assert.equal(download.suggestedFilename(), 'essai-relance.csv');
  const path = join(screenshots, 'download.csv');
  await download.saveAs(path);
  const bytes = await readFile(path, 'utf8');
  assert.equal(bytes, '\ufeffTexte;Date\r\n"' + FRENCH + '";2026-11-23\r\n');
  watcher.check(assert);
  await context.close();
});

test('a mailto: link opens only from the click, inside its event handler', async () => {
  const { context, page, watcher } = await newPage();
  // Record mailto: anchor activations and the trusted event being handled at
  // that moment; cancel them so no mail client is launched.
  await page.addInitScript(() => {
    window.__links = [];
    window.__handling = null;
    for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click', 'keydown', 'keyup', 'touchend']) {
      window.addEventListener(type, (e) => { if (e.isTrusted) window.__handling = type; }, true);
      window.addEventListener(type, (e) => { if (e.isTrusted) window.__handling = null; }, false);
    }
    document.addEventListener('click', (e) => {
      const a = e.target && e.target.closest && e.target.closest('a');
      if (a && /^(mailto|sms):/.test(a.href)) {
        window.__links.push({ href: a.href, during: window.__handling, active: navigator.userActivation.isActive });
        e.preventDefault();
      }
    }, true);
  });
  const navigations = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  await openApp(page, server.origin);
  await gotoSettings(page);
  await typeInField(page, 'Bonjour, où en est la facture ?', 'insertText');
  assert.deepEqual(await page.evaluate(() => window.__links), []);
  // Pressing alone opens nothing: the button acts on release.
  const where = await centerOf(page, 'Écrire un e-mail');
  await page.mouse.move(where.x, where.y);
  await page.mouse.down();
  await nextFrames(page);
  assert.deepEqual(await page.evaluate(() => window.__links), []);
  await page.mouse.up();
  await page.waitForFunction(() => window.__links.length > 0, null, { timeout: 5000 }).catch(() => {});
  const links = await page.evaluate(() => window.__links);
  assert.equal(links.length, 1);
  assert.equal(links[0].during, 'pointerup', 'opened inside the pointerup handler');
  assert.equal(links[0].active, true);
  assert.equal(links[0].href,
    'mailto:?subject=Relance%20%E2%80%93%20essai&body=Bonjour%2C%20o%C3%B9%20en%20est%20la%20facture%20%3F');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__links.length), 1, 'once');
  assert.ok(navigations.every((u) => u.startsWith(server.origin)), navigations.join(' '));
  watcher.check(assert);
  await context.close();
});

test('a file from the picker reaches C++', async () => {
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin);
  await gotoSettings(page);
  // A listener makes Playwright intercept the native dialog; set it up
  // (one protocol round trip) before the click.
  const chosen = new Promise((ok) => page.once('filechooser', ok));
  await page.waitForTimeout(200);
  const where = await centerOf(page, 'Ouvrir un fichier…');
  await page.mouse.click(where.x, where.y);
  const chooser = await Promise.race([chosen, page.waitForTimeout(10000).then(() => null)]);
  assert.ok(chooser, 'file chooser opened');
  await chooser.setFiles({ name: 'clients-é.csv', mimeType: 'text/csv', buffer: Buffer.from('Nom;Montant\nDurand;12,50\n') });
  await page.waitForFunction(() => window.relance.ui.rect('Fichier ouvert') !== null, null, { timeout: 5000 });
  const opened = await page.evaluate(() => window.relance.dev.opened());
  assert.deepEqual(opened, { name: 'clients-é.csv', size: 25, head: 'Nom;Montant\nDurand;12,50\n' });
  await page.screenshot({ path: join(screenshots, 'file-opened.png') });

  // Drag and drop onto the page delivers the same way.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{"a":1}'], 'sauvegarde.json', { type: 'application/json' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => (window.relance.dev.opened() || {}).name === 'sauvegarde.json', null, { timeout: 5000 });
  assert.deepEqual(await page.evaluate(() => window.relance.dev.opened()), { name: 'sauvegarde.json', size: 7, head: '{"a":1}' });
  watcher.check(assert);
  await context.close();
});

test('persistence: journal entries survive a reload and a browser restart', async () => {
  const { dir, remove } = await tempDir();
  try {
    let context = await launchPersistent(dir);
    let page = context.pages()[0] || await context.newPage();
    let watcher = watch(page, server.origin);
    await openApp(page, server.origin);
    assert.equal(await openedEarly(page), false, 'a new profile: the app creates the database');
    await gotoSettings(page);
    await typeInField(page, FRENCH, 'insertText');
    await page.waitForFunction(([l, t]) => window.relance.ui.text(l) === t, [FIELD, FRENCH], { timeout: 5000 });
    // The typed text goes to the journal as a command (a client of that
    // name), through the Workspace as a screen submits it (dev API).
    const r = await page.evaluate(([l, c]) => window.relance.dev.command(c.replace('NAME', window.relance.ui.text(l))),
                                  [FIELD, addClient('NAME')]);
    assert.equal(r.ok, true, JSON.stringify(r));
    await page.waitForFunction(() => window.relance.dev.journal().length === 1, null, { timeout: 5000 });
    await page.reload();
    await page.evaluate(() => window.relance.ready);
    assert.equal(await openedEarly(page), true, 'the page opened the stored database as it loaded');
    let journal = await page.evaluate(() => window.relance.dev.journal());
    assert.equal(journal.length, 1);
    assert.equal(clientName(journal[0]), FRENCH);
    assert.deepEqual(JSON.parse(await page.evaluate(() => window.relance.exportLedger())).clients.map((c) => c.name), [FRENCH]);
    await noReplayErrors(page);
    watcher.check(assert);
    await context.close();

    context = await launchPersistent(dir);
    page = context.pages()[0] || await context.newPage();
    watcher = watch(page, server.origin);
    await openApp(page, server.origin);
    journal = await page.evaluate(() => window.relance.dev.journal());
    assert.equal(journal.length, 1);
    assert.equal(clientName(journal[0]), FRENCH);
    await noReplayErrors(page);
    watcher.check(assert);
    await context.close();
  } finally {
    await remove();
  }
});

test('two tabs appending at the same time lose nothing and agree on the order', async () => {
  const { context, page: a, watcher: wa } = await newPage();
  const b = await context.newPage();
  const wb = watch(b, server.origin);
  await openApp(a, server.origin);
  await openApp(b, server.origin);
  const N = 25;
  const run = (page, tag) => page.evaluate(async ([tag, n, c]) => {
    const out = [];
    for (let i = 0; i < n; ++i) out.push(window.relance.dev.command(c.replace('NAME', `${tag}${i}`)));
    return Promise.all(out);
  }, [tag, N, addClient('NAME')]);
  const [ra, rb] = await Promise.all([run(a, 'a'), run(b, 'b')]);
  assert.ok(ra.every((r) => r.ok) && rb.every((r) => r.ok));
  // Each tab ends with all 2N entries, in the same (log) order.
  const settle = (page) => page.waitForFunction((n) => window.relance.dev.journal().length === n, 2 * N, { timeout: 10000 });
  await settle(a);
  await settle(b);
  const ja = await a.evaluate(() => window.relance.dev.journal());
  const jb = await b.evaluate(() => window.relance.dev.journal());
  assert.deepEqual(ja, jb);
  const seqs = ja.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y));
  const texts = new Set(ja.map(clientName));
  assert.equal(texts.size, 2 * N);
  // Every entry applied, to the same ledger in both tabs.
  const wanted = await a.evaluate(() => window.relance.exportLedger());
  for (const end = Date.now() + 10000; (await b.evaluate(() => window.relance.exportLedger())) !== wanted;) {
    assert.ok(Date.now() < end, 'the other tab does not reach the same ledger');
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.equal(JSON.parse(await a.evaluate(() => window.relance.exportLedger())).clients.length, 2 * N);
  await noReplayErrors(a);
  await noReplayErrors(b);
  // A third tab opening now sees the same log.
  const c = await context.newPage();
  await openApp(c, server.origin);
  assert.deepEqual(await c.evaluate(() => window.relance.dev.journal()), ja);
  wa.check(assert);
  wb.check(assert);
  await context.close();
});

test('compaction and import replace the journal with a snapshot, other tabs follow', async () => {
  const { context, page: a, watcher } = await newPage();
  const b = await context.newPage();
  const wb = watch(b, server.origin);
  await openApp(a, server.origin);
  await openApp(b, server.origin);
  assert.equal((await a.evaluate((c) => window.relance.dev.command(c), addClient('un'))).ok, true);
  await b.waitForFunction(() => window.relance.dev.journal().length === 1, null, { timeout: 5000 });
  // Not a ledger: refused whole, with its errors, and nothing changes.
  const refused = await a.evaluate(() => window.relance.importLedger('{"dev_notes":["importé"]}'));
  assert.equal(refused.ok, false);
  assert.ok(refused.errors.length > 0, JSON.stringify(refused));
  assert.equal((await a.evaluate(() => window.relance.dev.journal())).length, 1);
  // A real ledger (the sample's file) replaces everything with a snapshot.
  const sample = await readFile(join(repo, 'assets', 'sample', 'ledger.json'), 'utf8');
  const r = await a.evaluate((j) => window.relance.importLedger(j), sample);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(await a.evaluate(() => window.relance.dev.journal()), []);
  const exported = JSON.parse(await a.evaluate(() => window.relance.exportLedger()));
  assert.equal(exported.company.name, JSON.parse(sample).company.name);
  assert.equal(exported.invoices.length, JSON.parse(sample).invoices.length);
  // What is stored is that ledger as a snapshot, and no journal entry.
  const stored = await a.evaluate(() => new Promise((ok, ko) => {
    const req = indexedDB.open('relance');
    req.onsuccess = () => {
      const tx = req.result.transaction(['snapshot', 'journal', 'texts']);
      const s = tx.objectStore('snapshot').get('main');
      const n = tx.objectStore('journal').count();
      const keys = tx.objectStore('texts').getAllKeys(), values = tx.objectStore('texts').getAll();
      tx.oncomplete = () => {
        const m = s.result;
        // History texts written with a whole ledger go by packs ('pack/' + first key).
        const packs = values.result.filter((v, i) => String(keys.result[i]).startsWith('pack/'));
        ok({ snapshot: { format: m.format, encoding: m.encoding, image: m.image instanceof ArrayBuffer ? m.image.byteLength : -1,
                         ledger: m.ledger }, journal: n.result,
             packs: packs.length, packed: packs.reduce((t, p) => t + p.keys.length, 0),
             own: keys.result.filter((k) => !String(k).startsWith('pack/')).length });
        req.result.close();
      };
      tx.onerror = () => ko(tx.error);
    };
    req.onerror = () => ko(req.error);
  }));
  assert.equal(stored.journal, 0);
  // The binary image (core/snapshot.h), its history texts in their own store.
  assert.equal(stored.snapshot.encoding, 'binary/1');
  assert.equal(stored.snapshot.format, 3);
  assert.ok(stored.snapshot.image > 0, JSON.stringify(stored.snapshot));
  assert.equal(stored.snapshot.ledger, undefined);
  assert.equal(stored.packed, exported.history.length, JSON.stringify(stored));
  assert.equal(stored.packs, 1, 'the sample\'s texts fit in one pack');
  assert.equal(stored.own, exported.clients.filter((c) => c.notes).length, 'the clients\' notes are records of their own');
  // Tab b pulls the snapshot when told, then appends after it.
  await b.waitForFunction(() => window.relance.dev.journal().length === 0, null, { timeout: 5000 });
  assert.deepEqual(JSON.parse(await b.evaluate(() => window.relance.exportLedger())), exported);
  assert.equal((await b.evaluate((c) => window.relance.dev.command(c), addClient('deux'))).ok, true);
  const jb = await b.evaluate(() => window.relance.dev.journal());
  assert.deepEqual(jb.map(clientName), ['deux']);
  await a.waitForFunction(() => window.relance.dev.journal().length === 1, null, { timeout: 5000 });
  assert.deepEqual(await a.evaluate(() => window.relance.dev.journal()), jb);
  // Both tabs: the imported ledger plus that client.
  const after = JSON.parse(await b.evaluate(() => window.relance.exportLedger()));
  assert.deepEqual(after.clients.slice(0, -1), exported.clients);
  assert.equal(after.clients.at(-1).name, 'deux');
  assert.deepEqual(after.invoices, exported.invoices);
  assert.deepEqual(JSON.parse(await a.evaluate(() => window.relance.exportLedger())), after);
  await noReplayErrors(a);
  await noReplayErrors(b);
  watcher.check(assert);
  wb.check(assert);
  await context.close();
});

test('storage problems are shown, never silent', async () => {
  // Newer data: the app refuses to write and leaves it untouched.
  {
    const { context, page } = await newPage();
    await openApp(page, server.origin);
    await page.evaluate(() => new Promise((ok, ko) => {
      const req = indexedDB.open('relance');
      req.onsuccess = () => {
        const tx = req.result.transaction('snapshot', 'readwrite');
        tx.objectStore('snapshot').put({ format: 99, seq: 7, ledger: '{"from":"the future"}' }, 'main');
        tx.oncomplete = () => { req.result.close(); ok(); };
        tx.onerror = () => ko(tx.error);
      };
    }));
    await page.reload();
    await page.evaluate(() => window.relance.ready);
    const st = await page.evaluate(() => window.relance.storage.status());
    assert.equal(st.error, 'newer_format');
    assert.equal(st.readOnly, true);
    assert.ok(await page.evaluate(() => window.relance.ui.rect('##banner')), 'banner shown');
    const r = await page.evaluate((c) => window.relance.dev.command(c), addClient('refusé'));
    assert.equal(r.ok, false);
    const stored = await page.evaluate(() => new Promise((ok) => {
      const req = indexedDB.open('relance');
      req.onsuccess = () => {
        const g = req.result.transaction('snapshot').objectStore('snapshot').get('main');
        g.onsuccess = () => { ok(g.result); req.result.close(); };
      };
    }));
    assert.deepEqual(stored, { format: 99, seq: 7, ledger: '{"from":"the future"}' });
    await page.screenshot({ path: join(screenshots, 'banner-newer-data.png') });
    await context.close();
  }
  // No IndexedDB (some private modes): a banner, no crash.
  {
    const { context, page, watcher } = await newPage();
    await page.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { get() { return undefined; } }); });
    await openApp(page, server.origin);
    const st = await page.evaluate(() => window.relance.storage.status());
    assert.equal(st.error, 'unavailable');
    assert.ok(await page.evaluate(() => window.relance.ui.rect('##banner')));
    watcher.check(assert);
    await context.close();
  }
  // Quota exceeded on a write.
  {
    const { context, page, watcher } = await newPage();
    await openApp(page, server.origin);
    await page.evaluate(() => {
      IDBObjectStore.prototype.add = function () { throw new DOMException('full', 'QuotaExceededError'); };
    });
    const r = await page.evaluate((c) => window.relance.dev.command(c), addClient('trop'));
    assert.equal(r.ok, false);
    const st = await page.evaluate(() => window.relance.storage.status());
    assert.equal(st.error, 'quota_exceeded');
    // The frame after the failure shows the banner (the app may be idle again
    // by now: wait for the banner itself, not for more frames).
    await page.waitForFunction(() => !!window.relance.ui.rect('##banner'), null, { timeout: 5000 });
    await page.screenshot({ path: join(screenshots, 'banner-quota.png') });
    watcher.check(assert);
    await context.close();
  }
});

test('a stored command the ledger refuses on replay is shown in a banner, and skipped', async () => {
  // What another tab (or an older version) may leave in the journal: a real
  // command, valid as JSON, that the ledger refuses when it is replayed
  // (here a payment on an invoice that does not exist). Written straight to
  // IndexedDB: the app itself refuses it at once (dev.command checks it).
  const { context, page, watcher } = await newPage();
  await openApp(page, server.origin);
  assert.equal((await page.evaluate((c) => window.relance.dev.command(c), addClient('Avant'))).ok, true);
  const payment = command('record_payment', { invoice: 999, payment: { date: '2026-11-20', amount: '10.00', method: 'transfer', reference: 'ORPHELIN' } });
  const refused = await page.evaluate((c) => window.relance.dev.command(c), payment);
  assert.equal(refused.ok, false, 'checked before it is written');
  assert.equal((await page.evaluate(() => window.relance.dev.journal())).length, 1);
  await page.evaluate((c) => new Promise((ok, ko) => {
    const req = indexedDB.open('relance');
    req.onsuccess = () => {
      const tx = req.result.transaction('journal', 'readwrite');
      tx.objectStore('journal').add(c);
      tx.oncomplete = () => { req.result.close(); ok(); };
      tx.onerror = () => ko(tx.error);
    };
    req.onerror = () => ko(req.error);
  }), payment);
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await page.waitForFunction(() => !!window.relance.ui.rect('##erreurs-journal'), null, { timeout: 5000 });
  const journal = await page.evaluate(() => window.relance.dev.journal());
  assert.deepEqual(journal.map((e) => JSON.parse(e.command).type), ['add_client', 'record_payment']);
  // The rest of the journal applied; the refused entry changed nothing.
  const l = JSON.parse(await page.evaluate(() => window.relance.exportLedger()));
  assert.deepEqual(l.clients.map((c) => c.name), ['Avant']);
  assert.equal(l.invoices.length, 0);
  // Later commands go on as usual.
  assert.equal((await page.evaluate((c) => window.relance.dev.command(c), addClient('Après'))).ok, true);
  await page.screenshot({ path: join(screenshots, 'banner-replay-refused.png') });
  watcher.check(assert);
  await context.close();
});

test('offline: after one visit the app loads with the server gone', async () => {
  const { dir, remove } = await tempDir();
  const own = await startServer(site);
  try {
    const context = await launchPersistent(dir);
    const page = context.pages()[0] || await context.newPage();
    const watcher = watch(page, own.origin);
    await openApp(page, own.origin);
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
      }
      return reg.active.state;
    });
    await own.close();
    await context.setOffline(true);
    await page.reload();
    await page.evaluate(() => window.relance.ready);
    assert.ok(await page.evaluate(() => window.relance.ui.rect('Paramètres')));
    await page.goto(own.origin + '/?today=2027-01-04');
    await page.evaluate(() => window.relance.ready);
    assert.equal(await page.evaluate(() => window.relance.today()), '2027-01-04');
    await context.close();
    // Requests made while offline fail by design; only the online part counts.
    assert.deepEqual(watcher.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await own.close().catch(() => {});
    await remove();
  }
});

test('only the local server is contacted', async () => {
  const { context, page, watcher } = await newPage();
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  await openApp(page, server.origin);
  await gotoSettings(page);
  await page.waitForTimeout(500);
  const foreign = urls.filter((u) => !u.startsWith(server.origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  watcher.check(assert);
  await context.close();
});

test('idle: no animation frames after a second without input, frames again on input', async () => {
  const { context, page, watcher } = await newPage();
  await page.addInitScript(() => {
    window.__raf = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { window.__raf++; return raf(cb); };
  });
  await openApp(page, server.origin);
  await page.waitForTimeout(1000);
  const r0 = await page.evaluate(() => [window.__raf, window.relance.frames]);
  await page.waitForTimeout(1000);
  const r1 = await page.evaluate(() => [window.__raf, window.relance.frames]);
  assert.equal(r1[0] - r0[0], 0, 'no requestAnimationFrame while idle');
  assert.equal(r1[1] - r0[1], 0, 'no frame drawn while idle');
  assert.equal(await page.evaluate(() => window.relance.idle), true);
  // Input wakes it.
  await page.mouse.move(200, 200);
  await page.mouse.move(220, 210);
  await page.waitForFunction((n) => window.relance.frames > n, r1[1], { timeout: 2000 });
  // A resize too.
  await page.waitForTimeout(600);
  const r2 = await page.evaluate(() => window.relance.frames);
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.waitForFunction((n) => window.relance.frames > n, r2, { timeout: 2000 });
  watcher.check(assert);
  await context.close();
});

test('browser shortcuts still reach the browser', async () => {
  const { context, page, watcher } = await newPage();
  await page.addInitScript(() => {
    window.__keys = [];
    window.addEventListener('keydown', (e) => {
      setTimeout(() => window.__keys.push([e.key, e.ctrlKey, e.shiftKey, e.defaultPrevented]), 0);
    }, true);
  });
  await openApp(page, server.origin);
  await gotoSettings(page);
  await click(page, FIELD);  // even while editing text
  await nextFrames(page);
  // Headless Chromium has no browser UI to act on these (CDP key events skip
  // its accelerators), so what is checked is that the app leaves them alone.
  for (const combo of ['F5', 'F12', 'Control+R', 'Control+Shift+I']) await page.keyboard.press(combo);
  await page.keyboard.press('Tab');
  await page.waitForTimeout(100);
  const keys = await page.evaluate(() => window.__keys);
  const prevented = (k) => keys.filter((x) => x[0].toLowerCase() === k.toLowerCase()).map((x) => x[3]);
  assert.deepEqual(prevented('F5'), [false]);
  assert.deepEqual(prevented('F12'), [false]);
  assert.deepEqual(prevented('r'), [false]);
  assert.deepEqual(prevented('I'), [false]);
  assert.deepEqual(prevented('Tab'), [true], 'Tab stays in the app');
  watcher.check(assert);
  await context.close();
});

test('a profile of the first release (JSON snapshot, database version 1) opens with nothing lost', async () => {
  const { context, page, watcher } = await newPage();
  const sample = await readFile(join(repo, 'assets', 'sample', 'ledger.json'), 'utf8');
  // What the first release left in IndexedDB, written from a page of the same
  // origin without the app: version 1, stores `journal` and `snapshot`, the
  // ledger's JSON text in 'main', then one command in the journal after it.
  const seed = await context.newPage();
  await seed.goto(server.origin + '/sw.js');
  await seed.evaluate(([ledger, c]) => new Promise((ok, ko) => {
    const req = indexedDB.open('relance', 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('journal', { autoIncrement: true });
      db.createObjectStore('snapshot').put({ format: 1, seq: 0, ledger: null }, 'main');
    };
    req.onsuccess = () => {
      const tx = req.result.transaction(['snapshot', 'journal'], 'readwrite');
      tx.objectStore('snapshot').put({ format: 1, seq: 3, ledger, stamp: 'release-1' }, 'main');
      tx.objectStore('snapshot').put({ format: 1, seq: 3, stamp: 'release-1' }, 'meta');
      const j = tx.objectStore('journal');
      j.put('{}', 3);  // folded into the snapshot: never replayed
      j.put(c, 4);
      tx.oncomplete = () => { req.result.close(); ok(); };
      tx.onerror = () => ko(tx.error);
    };
    req.onerror = () => ko(req.error);
  }), [sample, addClient('Après la migration')]);
  await seed.close();
  await openApp(page, server.origin);
  const want = JSON.parse(sample);
  const check = async () => {
    const l = JSON.parse(await page.evaluate(() => window.relance.exportLedger()));
    assert.deepEqual(l.clients.map((c) => c.name), [...want.clients.map((c) => c.name), 'Après la migration']);
    assert.deepEqual(l.invoices.map((i) => [i.number, i.ttc, (i.payments || []).map((p) => [p.date, p.amount])]),
                     want.invoices.map((i) => [i.number, i.ttc, (i.payments || []).map((p) => [p.date, p.amount])]));
    assert.deepEqual(l.history.map((h) => [h.id, h.date, h.text]), want.history.map((h) => [h.id, h.date, h.text]));
    assert.equal(await page.evaluate(() => !!window.relance.ui.rect('##donnees-illisibles')), false);
    await noReplayErrors(page);
    return l;
  };
  const first = await check();
  // Written again at once in the binary form, the journal folded into it.
  const stored = await page.evaluate(() => new Promise((ok, ko) => {
    const req = indexedDB.open('relance');
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['snapshot', 'journal', 'texts']);
      const s = tx.objectStore('snapshot').get('main');
      const n = tx.objectStore('journal').count();
      const keys = tx.objectStore('texts').getAllKeys(), values = tx.objectStore('texts').getAll();
      tx.oncomplete = () => {
        const packs = values.result.filter((v, i) => String(keys.result[i]).startsWith('pack/'));
        ok({ version: db.version, format: s.result.format, encoding: s.result.encoding, ledger: s.result.ledger,
             image: s.result.image instanceof ArrayBuffer, journal: n.result,
             packed: packs.reduce((t, p) => t + p.keys.length, 0),
             own: keys.result.filter((k) => !String(k).startsWith('pack/')).length });
        db.close();
      };
      tx.onerror = () => ko(tx.error);
    };
  }));
  assert.deepEqual(stored, { version: 2, format: 3, encoding: 'binary/1', ledger: undefined, image: true,
                             journal: 0, packed: want.history.length, own: want.clients.filter((c) => c.notes).length });
  // (the history texts in packs, the clients' notes records of their own)
  // And read back from it after a reload.
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  assert.deepEqual(await check(), first);
  watcher.check(assert);
  await context.close();
});

test('a corrupt stored image is refused whole: a banner, and nothing written over it', async () => {
  const { context, page } = await newPage();
  await openApp(page, server.origin);
  const sample = await readFile(join(repo, 'assets', 'sample', 'ledger.json'), 'utf8');
  assert.equal((await page.evaluate((j) => window.relance.importLedger(j), sample)).ok, true);
  // One byte of the image changed (its checksum no longer matches).
  const corrupt = await page.evaluate(() => new Promise((ok, ko) => {
    const req = indexedDB.open('relance');
    req.onsuccess = () => {
      const tx = req.result.transaction('snapshot', 'readwrite');
      const st = tx.objectStore('snapshot');
      const g = st.get('main');
      g.onsuccess = () => {
        const m = g.result;
        const bytes = new Uint8Array(m.image.slice(0));
        bytes[bytes.length - 5] ^= 0x40;
        m.image = bytes.buffer;
        st.put(m, 'main');
        tx.oncomplete = () => { req.result.close(); ok(Array.from(bytes)); };
      };
      tx.onerror = () => ko(tx.error);
    };
  }));
  await page.reload();
  await page.evaluate(() => window.relance.ready);
  await page.waitForFunction(() => !!window.relance.ui.rect('##donnees-illisibles'), null, { timeout: 5000 });
  const l = JSON.parse(await page.evaluate(() => window.relance.exportLedger()));
  assert.equal(l.invoices.length, 0, 'nothing half-loaded');
  assert.equal((await page.evaluate((c) => window.relance.dev.command(c), addClient('refusé'))).ok, false);
  const after = await page.evaluate(() => new Promise((ok) => {
    const req = indexedDB.open('relance');
    req.onsuccess = () => {
      const g = req.result.transaction('snapshot').objectStore('snapshot').get('main');
      g.onsuccess = () => { ok(Array.from(new Uint8Array(g.result.image))); req.result.close(); };
    };
  }));
  assert.deepEqual(after, corrupt);
  await page.screenshot({ path: join(screenshots, 'banner-corrupt-image.png') });
  await context.close();
});
