// Helpers of screens.test.mjs: finding, scrolling to, clicking, tapping and
// typing into the widgets the app reports by label (window.relance.ui), and
// reading the ledger back.

// The app draws only on input and stops a few frames after it (idle): once
// idle again, the last frame reflects everything that happened.
export async function settle(page, timeout = 15000) {
  await page.waitForFunction(() => window.relance.idle === true, null, { timeout });
}

export async function rectOf(page, label) {
  return page.evaluate((l) => window.relance.ui.rect(l), label);
}

export async function labels(page) {
  return page.evaluate(() => window.relance.ui.labels());
}

export async function waitForLabel(page, label, timeout = 5000) {
  await page.waitForFunction((l) => window.relance.ui.rect(l) !== null, label, { timeout })
    .catch((e) => { throw new Error(`no widget labelled ${JSON.stringify(label)} after ${timeout} ms (${e.message.split('\n')[0]})`); });
}

// Scrolls with the mouse wheel, as a user would, until the widget sits well
// inside the window (below the top bar and banners, above the bottom edge).
// The wheel is turned over the widget when part of it shows, else near the
// right edge (over the screen's scrollbar rather than a text box that would
// scroll itself), else over the widget's column; the next place is tried
// when the widget does not move.
export async function visible(page, label, { touch = false } = {}) {
  if (touch) return visibleByFinger(page, label);
  let r = await rectOf(page, label);
  if (!r) throw new Error(`no widget labelled ${JSON.stringify(label)} in the last frame`);
  const { width, height } = page.viewportSize();
  const top = height * 0.3, bottom = height * 0.9;
  let stuck = 0;
  for (let i = 0; i < 80; ++i) {
    const down = r.y + r.h > bottom;
    const up = r.y < top;
    if (!down && !up) break;
    const places = [];
    const cy = r.y + r.h / 2;
    if (cy > 0 && cy < height - 2) places.push([r.x + r.w / 2, cy]);
    places.push([width - 16, height * 0.6], [width - 9, height * 0.6],
                [Math.min(Math.max(r.x + Math.min(r.w / 2, 20), 5), width - 5), height * 0.6]);
    if (stuck >= places.length) break;  // nowhere moves it: the end of the range
    const [x, y] = places[stuck];
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, down ? 120 : -120);
    await settle(page);
    const again = await rectOf(page, label);
    if (!again) throw new Error(`${JSON.stringify(label)} disappeared while scrolling`);
    stuck = Math.abs(again.y - r.y) > 0.5 ? 0 : stuck + 1;
    r = again;
  }
  return r;
}

// On a phone: a finger drags the list (as far as 150 px at a time) until the
// widget sits well inside the window; the drag starts over the widget's
// column so the list that holds it is the one that scrolls.
const cdpSessions = new WeakMap();
async function cdp(page) {
  if (!cdpSessions.has(page)) cdpSessions.set(page, await page.context().newCDPSession(page));
  return cdpSessions.get(page);
}

export async function drag(page, x, y0, y1, steps = 8) {
  const s = await cdp(page);
  await s.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
  for (let i = 1; i <= steps; ++i)
    await s.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 + ((y1 - y0) * i) / steps }] });
  await s.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await settle(page);
}

async function visibleByFinger(page, label) {
  let r = await rectOf(page, label);
  if (!r) throw new Error(`no widget labelled ${JSON.stringify(label)} in the last frame`);
  const { width, height } = page.viewportSize();
  const top = height * 0.3, bottom = height * 0.9;
  let stuck = 0;
  for (let i = 0; i < 40 && stuck < 2; ++i) {
    const down = r.y + r.h > bottom;
    const up = r.y < top;
    if (!down && !up) break;
    const x = Math.min(Math.max(r.x + Math.min(r.w / 2, 40), 5), width - 5);
    const y0 = Math.min(Math.max(r.y + r.h / 2, height * 0.45), height * 0.85);
    const dy = Math.min(150, Math.abs(down ? r.y + r.h - bottom : top - r.y) + 20);
    await drag(page, x, y0, down ? y0 - dy : y0 + dy);
    const again = await rectOf(page, label);
    if (!again) throw new Error(`${JSON.stringify(label)} disappeared while scrolling`);
    stuck = Math.abs(again.y - r.y) > 0.5 ? 0 : stuck + 1;
    r = again;
  }
  return r;
}

// A mouse hovers before it clicks: move there, let a frame see the hover,
// then press and release. (ImGui rows drawn with AllowItemOverlap ignore a
// press in the very frame the pointer arrives from another widget.)
export async function clickLabel(page, label) {
  const r = await visible(page, label);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await settle(page);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await settle(page);
}

export async function tapLabel(page, label) {
  const r = await visible(page, label, { touch: true });
  await page.touchscreen.tap(r.x + r.w / 2, r.y + r.h / 2);
  await settle(page);
}

// Clicks a text field, selects what it holds, types over it key by key,
// and waits until the app holds exactly that text.
export async function typeInto(page, label, text) {
  await clickLabel(page, label);
  await page.keyboard.press('Control+A');
  await settle(page);
  await page.keyboard.type(text);
  await page.waitForFunction(([l, t]) => window.relance.ui.text(l) === t, [label, text], { timeout: 5000 })
    .catch(async () => {
      const got = await page.evaluate((l) => window.relance.ui.text(l), label);
      throw new Error(`${JSON.stringify(label)} holds ${JSON.stringify(got)}, typed ${JSON.stringify(text)}`);
    });
}

export async function ledger(page) {
  return JSON.parse(await page.evaluate(() => window.relance.exportLedger()));
}

export async function waitForLedger(page, predicate, what, timeout = 5000) {
  const end = Date.now() + timeout;
  for (;;) {
    const l = await ledger(page);
    if (predicate(l)) return l;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await page.waitForTimeout(50);
  }
}

// Records mailto:/sms: anchor activations (and whether a user activation was
// live), cancelling them so no mail client starts. Before openApp.
export async function captureLinks(page) {
  await page.addInitScript(() => {
    window.__links = [];
    document.addEventListener('click', (e) => {
      const a = e.target && e.target.closest && e.target.closest('a');
      // mailto:/sms:/tel: and the webmails' compose windows: noted, not followed.
      if (a && /^(mailto|sms|tel):|^https:\/\/(mail\.google\.com|outlook\.live\.com)\//.test(a.href)) {
        window.__links.push({ href: a.href, active: navigator.userActivation.isActive });
        e.preventDefault();
      }
    }, true);
  });
}

export function decodeMailto(href) {
  const m = /^mailto:([^?]*)(?:\?(.*))?$/.exec(href);
  if (!m) throw new Error(`not a mailto: link: ${href}`);
  const out = { to: decodeURIComponent(m[1]), subject: '', body: '' };
  for (const part of (m[2] || '').split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    out[part.slice(0, eq).toLowerCase()] = decodeURIComponent(part.slice(eq + 1));
  }
  return out;
}

// "1234.56" (the ledger's and agenda's decimals) as French text: 1 234,56 €
// with a narrow no-break space between thousands and a no-break space before €.
export function euro(decimal) {
  const [units, cents = '00'] = String(decimal).replace(/^-/, '').split('.');
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return (String(decimal).startsWith('-') ? '-' : '') + grouped + ',' + cents.padEnd(2, '0') + '\u00a0€';
}

// Waits until a service worker controls the page.
export async function serviceWorkerControls(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    }
  });
}

// Loads the sample from the first-run screen, by a click (or a tap).
export async function loadSample(page, { touch = false } = {}) {
  await waitForLabel(page, 'Découvrir avec un exemple');
  if (touch) await tapLabel(page, 'Découvrir avec un exemple');
  else await clickLabel(page, 'Découvrir avec un exemple');
  await waitForLedger(page, (l) => l.invoices.length === 26, 'the sample has 26 invoices');
  await waitForLabel(page, 'À faire aujourd’hui');
}

// The first e-mail to write on `today` (the agenda's), its card's key and client.
export async function emailItem(page, today) {
  const agenda = JSON.parse(await page.evaluate((d) => window.relance.agenda(d), today));
  const item = agenda.due.find((i) => i.channel === 'email');
  if (!item) throw new Error(`no e-mail to write on ${today}`);
  const client = (await ledger(page)).clients.find((c) => c.id === item.client);
  return { item, key: `c${item.client}s${item.step - 1}`, client };
}
