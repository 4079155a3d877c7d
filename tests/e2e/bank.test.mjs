// End-to-end tests of the bank reconciliation (issue 10, browser part) in
// headless Chromium: on the sample ledger, an OFX statement dropped on the
// page and a camt.053 picked from Factures, both written here for invoices
// read from the ledger; confirmed by a click; the invoices paid (ledger),
// out of the agenda, and the thank-you proposed in Aujourd’hui. A bad
// statement gives one clear error and writes nothing. Screenshots of the
// screen at 1280×800 and 390×844 in build/screenshots/bank-*.png.
// Run with ./run.sh after scripts/build-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { screenshots, watch, openApp } from './harness.mjs';
import { serveSiteAndBrowser } from './suite.mjs';
import {
  waitForLabel, clickLabel, ledger, waitForLedger, labels, settle, rectOf,
} from './screens-helpers.mjs';

let server;
let browser;
serveSiteAndBrowser((s, b) => { server = s; browser = b; });

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

async function newPage(options = DESKTOP) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const watcher = watch(page, server.origin);
  return { context, page, watcher };
}

async function withSample(page) {
  await openApp(page, server.origin, '?today=2026-11-23');
  await waitForLabel(page, 'Découvrir avec un exemple');
  await clickLabel(page, 'Découvrir avec un exemple');
  await waitForLedger(page, (l) => l.invoices.length === 26, 'the sample has 26 invoices');
}

// An invoice of the ledger by number, with what is left to pay on it (no
// credit note on the ones used here).
function open(l, number) {
  const inv = l.invoices.find((i) => i.number === number);
  assert.ok(inv, `${number} in the sample`);
  const paid = (inv.payments || []).reduce((s, p) => s + Math.round(Number(p.amount) * 100), 0);
  const left = Math.round(Number(inv.ttc) * 100) - paid;
  assert.ok(left > 0, `${number} is open`);
  const reminded = l.history.some((h) => h.kind === 'reminder' && (h.invoices || []).includes(inv.id));
  return { inv, left: (left / 100).toFixed(2), reminded };
}

function ofx(moves) {
  return 'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n' +
    'COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n' +
    '<STMTRS>\n<CURDEF>EUR\n<BANKACCTFROM>\n<BANKID>30004\n<ACCTID>00012345678\n<ACCTTYPE>CHECKING\n' +
    '</BANKACCTFROM>\n<BANKTRANLIST>\n<DTSTART>20261101\n<DTEND>20261122\n' +
    moves.map((m) => `<STMTTRN>\n<TRNTYPE>${m.amount.startsWith('-') ? 'DEBIT' : 'CREDIT'}\n<DTPOSTED>${m.date}\n` +
      `<TRNAMT>${m.amount}\n<FITID>${m.id}\n<NAME>${m.name}\n${m.memo ? `<MEMO>${m.memo}\n` : ''}</STMTTRN>\n`).join('') +
    '</BANKTRANLIST>\n</STMTRS>\n</STMTTRNRS>\n</BANKMSGSRSV1>\n</OFX>\n';
}

function camt053(entries) {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>' +
    '<GrpHdr><MsgId>E2E</MsgId><CreDtTm>2026-11-22T08:00:00</CreDtTm></GrpHdr>' +
    '<Stmt><Id>STMT-E2E</Id><Acct><Id><IBAN>FR7630004001230001234567890</IBAN></Id><Ccy>EUR</Ccy></Acct>' +
    entries.map((e) => `<Ntry><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>${e.credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>` +
      `<Sts>BOOK</Sts><BookgDt><Dt>${e.date}</Dt></BookgDt><AcctSvcrRef>${e.id}</AcctSvcrRef>` +
      `<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${e.payer}</Nm></Dbtr></RltdPties>` +
      `<RmtInf><Ustrd>${e.info}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`).join('') +
    '</Stmt></BkToCstmrStmt></Document>\n';
}

// Drag and drop onto the page, as a user drops a file from the desktop.
async function dropFile(page, name, type, text) {
  await page.evaluate(([n, t, body]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([body], n, { type: t }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, type, text]);
  await settle(page);
}

function agendaNumbers(agenda, part) {
  return agenda[part].flatMap((item) => item.invoices.map((i) => i.number));
}

async function agenda(page) {
  return JSON.parse(await page.evaluate(() => window.relance.agenda('')));
}

async function confirmAndCheck(page, number, ref, statement) {
  await clickLabel(page, 'Enregistrer##banque');
  const l = await waitForLedger(page, (x) => {
    const inv = x.invoices.find((i) => i.number === number);
    return (inv.payments || []).some((p) => p.bank_ref === ref);
  }, `a payment on ${number}`);
  const inv = l.invoices.find((i) => i.number === number);
  const p = inv.payments.find((x) => x.bank_ref === ref);
  assert.equal(p.statement, statement);
  assert.equal(p.method, 'transfer');
  // Back on Aujourd’hui: out of the agenda, the thank-you proposed.
  await waitForLabel(page, 'Remerciements');
  const a = await agenda(page);
  assert.ok(!agendaNumbers(a, 'due').includes(number), `${number} no longer due`);
  assert.ok(!agendaNumbers(a, 'upcoming').includes(number), `${number} no longer upcoming`);
  assert.ok(agendaNumbers(a, 'thanks').includes(number), `a thank-you proposed for ${number}`);
  return l;
}

test('statements dropped and picked: reconciled, recorded in one command each, out of the agenda, thanks proposed', async () => {
  const { context, page, watcher } = await newPage();
  await withSample(page);
  const l0 = await ledger(page);
  // Two reminded invoices in today's agenda, whose clients owe nothing else overdue.
  const hotel = open(l0, 'F-2026-0036');
  const riviere = open(l0, 'F-2026-0037');
  assert.ok(hotel.reminded && riviere.reminded, 'both were reminded');
  const before = await agenda(page);
  for (const n of ['F-2026-0036', 'F-2026-0037']) assert.ok(agendaNumbers(before, 'due').includes(n), `${n} due today`);

  // An OFX dropped anywhere on the page.
  await dropFile(page, 'releve-novembre.ofx', 'application/x-ofx', ofx([
    { date: '20261120', amount: hotel.left, id: 'E2E-OFX-1', name: 'VIR HOTEL DES CELESTINS', memo: 'SOLDE FACTURE F-2026-0036' },
    { date: '20261121', amount: '-45.00', id: 'E2E-OFX-2', name: 'PRLV SEPA EDF' },
  ]));
  await waitForLabel(page, 'Rapprochement bancaire');
  await waitForLabel(page, 'Sûr##statut-1');
  await waitForLabel(page, 'Débit##statut-2');
  const ls = await labels(page);
  assert.ok(ls.some((x) => x.startsWith('1 paiement · ')), ls.filter((x) => x.includes('paiement')).join(' | '));
  await page.screenshot({ path: join(screenshots, 'bank-desktop-1280x800.png') });
  const journal0 = (await page.evaluate(() => window.relance.dev.journal())).length;
  await confirmAndCheck(page, 'F-2026-0036', 'E2E-OFX-1', 'releve-novembre.ofx');
  const journal1 = await page.evaluate(() => window.relance.dev.journal());
  assert.equal(journal1.length, journal0 + 1, 'one command for the statement');
  assert.equal(JSON.parse(journal1[journal1.length - 1].command).type, 'record_payments');
  await page.screenshot({ path: join(screenshots, 'bank-desktop-after.png') });

  // A camt.053 picked with « Importer un relevé bancaire… » in Factures.
  await clickLabel(page, 'Factures');
  const chosen = new Promise((ok) => page.once('filechooser', ok));
  await clickLabel(page, 'Importer un relevé bancaire…');
  const chooser = await Promise.race([chosen, page.waitForTimeout(10000).then(() => null)]);
  assert.ok(chooser, 'file chooser opened');
  await chooser.setFiles({
    name: 'releve.camt053.xml',
    mimeType: 'application/xml',
    buffer: Buffer.from(camt053([
      { amount: riviere.left, credit: true, date: '2026-11-21', id: 'E2E-CAMT-1', payer: 'M HUGO RIVIERE', info: 'SOLDE F-2026-0037' },
    ])),
  });
  await waitForLabel(page, 'Sûr##statut-1');
  await confirmAndCheck(page, 'F-2026-0037', 'E2E-CAMT-1', 'releve.camt053.xml');
  watcher.check(assert);
  await context.close();
});

test('a bad statement: one clear error, nothing written', async () => {
  const { context, page, watcher } = await newPage();
  await withSample(page);
  const l0 = await ledger(page);
  const journal0 = (await page.evaluate(() => window.relance.dev.journal())).length;
  await dropFile(page, 'releve-casse.xml', 'application/xml', camt053([
    { amount: 'douze', credit: true, date: '2026-11-21', id: 'X1', payer: 'GARAGE DUPONT', info: 'F-2026-0038' },
  ]));
  await waitForLabel(page, 'Rapprochement bancaire');
  await page.waitForFunction(() => window.relance.ui.labels().some((l) => l.includes('illisible')), null, { timeout: 5000 });
  const errors = (await labels(page)).filter((l) => l.includes('illisible'));
  assert.equal(errors.length, 1, errors.join(' | '));
  assert.match(errors[0],
    /^Relevé « releve-casse\.xml » illisible : \/Document\/BkToCstmrStmt\/Stmt\/Ntry\/Amt : montant attendu .*« douze »\. Rien n’a été enregistré\.$/);
  assert.equal((await page.evaluate(() => window.relance.dev.journal())).length, journal0);
  assert.deepEqual(await ledger(page), l0);
  await page.screenshot({ path: join(screenshots, 'bank-error.png') });
  watcher.check(assert);
  await context.close();
});

test('on a phone: the reconciliation fits the width', async () => {
  const { context, page, watcher } = await newPage(PHONE);
  await withSample(page);
  const l0 = await ledger(page);
  const besnard = open(l0, 'F-2026-0042');
  await dropFile(page, 'releve.ofx', 'application/x-ofx', ofx([
    { date: '20261120', amount: besnard.left, id: 'P1', name: 'VIR SEPA MME CAMILLE BESNARD', memo: 'FACTURE F-2026-0042' },
    { date: '20261121', amount: '-45.00', id: 'P2', name: 'PRLV SEPA EDF' },
    { date: '20261121', amount: '300.00', id: 'P3', name: 'VIR SEPA ASSOCIATION DES PARENTS', memo: 'COTISATION' },
  ]));
  await waitForLabel(page, 'Sûr##statut-1');
  await waitForLabel(page, 'Chercher##ligne-3');
  for (const label of ['Sûr##statut-1', 'Chercher##ligne-3', 'Enregistrer##banque', 'Annuler##banque', 'Tout accepter (sûrs)']) {
    const r = await rectOf(page, label);
    assert.ok(r && r.x >= 0 && r.x + r.w <= 390.5, `${label} inside the width: ${JSON.stringify(r)}`);
  }
  await page.screenshot({ path: join(screenshots, 'bank-phone-390x844.png') });
  watcher.check(assert);
  await context.close();
});

test('a bank CSV no preset reads: its columns chosen once, remembered for the account', async () => {
  const { context, page, watcher } = await newPage();
  await withSample(page);
  const l0 = await ledger(page);
  const besnard = open(l0, 'F-2026-0042');
  const dupont = open(l0, 'F-2026-0038');
  const head = 'Compte courant FR76 3000 6000 0112 3456 7890 189 EUR\nJour;Quoi;Valeur\n';
  const euros = (s) => s.replace('.', ',');
  await clickLabel(page, 'Paramètres');
  await clickLabel(page, 'Sauvegarde et CSV');
  const chosen = new Promise((ok) => page.once('filechooser', ok));
  await clickLabel(page, 'Importer un relevé bancaire…##donnees');
  const chooser = await Promise.race([chosen, page.waitForTimeout(10000).then(() => null)]);
  assert.ok(chooser, 'file chooser opened');
  await chooser.setFiles({
    name: 'export-novembre.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${head}20/11/2026;VIR SEPA MME CAMILLE BESNARD F-2026-0042;${euros(besnard.left)}\n`),
  });
  await waitForLabel(page, 'Lire le relevé avec ces colonnes');
  await waitForLabel(page, 'Colonne 3 « Valeur »');
  await page.screenshot({ path: join(screenshots, 'bank-columns-1280x800.png') });
  await clickLabel(page, 'Lire le relevé avec ces colonnes');
  await waitForLabel(page, 'Sûr##statut-1');
  await clickLabel(page, 'Enregistrer##banque');
  await waitForLedger(page, (l) => l.mappings && l.mappings.length === 1, 'the columns remembered');
  const l1 = await ledger(page);
  assert.equal(l1.mappings[0].key, 'iban:FR7630006000011234567890189');

  // The next statement of the account, dropped: read with those columns.
  await dropFile(page, 'export-decembre.csv', 'text/csv',
    `${head}22/11/2026;VIR GARAGE DUPONT F-2026-0038;${euros(dupont.left)}\n`);
  await waitForLabel(page, 'Colonnes mémorisées pour ce relevé.');
  await waitForLabel(page, 'Sûr##statut-1');
  await clickLabel(page, 'Enregistrer##banque');
  const l2 = await waitForLedger(page, (l) => l.invoices.find((i) => i.number === 'F-2026-0038').payments
    .some((p) => p.statement === 'export-decembre.csv'), 'the payment of the remembered statement');
  const p = l2.invoices.find((i) => i.number === 'F-2026-0038').payments.find((x) => x.statement === 'export-decembre.csv');
  assert.match(p.bank_ref, /^h:[0-9a-f]{16}$/);
  assert.equal(l2.mappings.length, 1, 'remembered columns not saved twice');
  watcher.check(assert);
  await context.close();
});
