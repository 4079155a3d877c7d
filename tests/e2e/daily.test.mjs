// End-to-end tests of issue 13 « Daily use an artisan can trust » in headless
// Chromium: an invoice issued elsewhere recorded with its own number, and the
// phone keyboard each field asks for.
// Run with ./run.sh after scripts/build-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  watch, openApp,
} from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';
import {
  waitForLabel, clickLabel, typeInto, ledger, waitForLedger,
} from './screens-helpers.mjs';

const TODAY = '2026-11-23';

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
