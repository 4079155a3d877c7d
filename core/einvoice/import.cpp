// From e-invoices to one import batch (see import.h for the mapping).
#include "core/einvoice/import.h"

#include <algorithm>
#include <unordered_map>

#include "core/terms.h"
#include "core/text.h"

namespace relance::einvoice {
namespace {

bool is_invoice_code(int c) { return c == 380 || c == 383 || c == 384 || c == 386 || c == 389 || c == 393 || c == 751; }
bool is_credit_code(int c) { return c == 381 || c == 261 || c == 262 || c == 396 || c == 532; }

std::string vat_key(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == ' ' || c == '.' || c == '-') continue;
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return out;
}

std::string siren_digits(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
  if (out.size() == 14) out.resize(9);
  return out.size() == 9 ? out : std::string();
}

// A file read and mapped, before the clients and the batch are put together.
struct Candidate {
  std::size_t file = 0;  // index in plan.files
  EInvoice e;
  Invoice inv;  // client, credits and due date still to resolve
  bool credit = false;
  std::optional<PaymentTerms> terms;  // from BT-20, when BT-9 is absent
  InvoiceId ledger_target = 0;        // credit note: the ledger invoice it reduces
  std::size_t batch_target = SIZE_MAX;  // credit note: the candidate it reduces
  bool dropped = false;
};

std::string money(Cents c) { return format_eur(c); }

}  // namespace

std::size_t ImportPlan::count(Outcome o) const {
  return static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [&](const FilePlan& f) { return f.outcome == o; }));
}

Result<ZipInputs> einvoice_files_from_zip(std::string_view zip_bytes, std::string_view archive, const ZipLimits& limits) {
  auto members = read_zip(zip_bytes, archive, limits);
  if (!members) return members.error();
  ZipInputs out;
  for (ZipMember& m : *members) {
    std::string name = std::string(archive) + "/" + m.name;
    const std::size_t slash = m.name.rfind('/');
    const std::string base = slash == std::string::npos ? m.name : m.name.substr(slash + 1);
    const bool junk = starts_with(m.name, "__MACOSX/") || starts_with(base, "._") || base == ".DS_Store";
    const std::string lower = [&] {
      std::string l = m.name;
      for (char& c : l) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      return l;
    }();
    if (junk || !(ends_with(lower, ".pdf") || ends_with(lower, ".xml"))) {
      out.skipped.push_back(std::move(name));
      continue;
    }
    out.files.push_back({std::move(name), std::move(m.data)});
  }
  if (out.files.empty())
    return Error{std::string(archive), "aucune facture électronique (.pdf ou .xml) dans l'archive" +
                                           std::string(out.skipped.empty() ? " : elle est vide" : "")};
  return out;
}

std::vector<ReadFile> read_einvoice_files(const std::vector<InputFile>& files) {
  std::vector<ReadFile> out;
  out.reserve(files.size());
  for (const InputFile& f : files) {
    ReadFile r;
    r.name = f.name;
    if (auto read = read_einvoice_file(f.bytes)) r.invoice = std::move(*read);
    else r.why = read.error().message();
    out.push_back(std::move(r));
  }
  return out;
}

ImportPlan plan_einvoice_import(const Ledger& ledger, const std::vector<InputFile>& files) {
  return plan_read_einvoices(ledger, read_einvoice_files(files));
}

ImportPlan plan_read_einvoices(const Ledger& ledger, const std::vector<ReadFile>& files) {
  ImportPlan plan;
  plan.files.resize(files.size());
  std::vector<Candidate> cands;
  std::unordered_map<std::string, std::size_t> numbers;  // BT-1 -> candidate
  const std::string own_siren = siren_digits(ledger.company.siren.empty() ? ledger.company.siret : ledger.company.siren);

  for (std::size_t i = 0; i < files.size(); ++i) {
    FilePlan& fp = plan.files[i];
    fp.file = files[i].name;
    auto refuse = [&](std::string why) {
      fp.outcome = Outcome::refused;
      fp.why = std::move(why);
    };
    if (!files[i].invoice) {
      refuse(files[i].why);
      continue;
    }
    EInvoice e = *files[i].invoice;
    fp.number = e.number;
    if (e.number.size() > 60 || e.number.find_first_of("\t\r\n") != std::string::npos) {
      refuse("numéro de facture « " + utf8_truncate(e.number, 60) + " » trop long ou sur plusieurs lignes (BT-1)");
      continue;
    }
    if (!e.currency.empty() && e.currency != "EUR") {
      refuse("facture en " + e.currency + " (BT-5) : Relance ne suit que les factures en euros");
      continue;
    }
    if (!is_invoice_code(e.type_code) && !is_credit_code(e.type_code)) {
      refuse("type de document " + std::to_string(e.type_code) + " (BT-3) : ni une facture (380, 386…) ni un avoir (381)");
      continue;
    }
    if (!own_siren.empty() && !e.seller.siren.empty() && e.seller.siren != own_siren) {
      refuse("facture émise par " + (e.seller.name.empty() ? std::string("un autre vendeur") : e.seller.name) +
             " (SIREN " + e.seller.siren + "), pas par votre entreprise (SIREN " + own_siren +
             ") : Relance suit ce qu'on vous doit, pas ce que vous devez");
      continue;
    }
    if (const Invoice* known = find_invoice_by_number(ledger, e.number)) {
      fp.outcome = Outcome::known;
      fp.why = "déjà dans Relance";
      (void)known;
      continue;
    }
    if (auto it = numbers.find(e.number); it != numbers.end()) {
      fp.outcome = Outcome::known;
      fp.why = "même numéro que " + files[cands[it->second].file].name;
      continue;
    }
    if (trim(e.buyer.name).empty()) {
      refuse("acheteur sans nom (BT-44)");
      continue;
    }
    // A credit note sent as an invoice with negative totals.
    const bool negative = e.ttc < 0;
    Candidate c;
    c.file = i;
    c.credit = is_credit_code(e.type_code) != negative;
    if (negative) {
      e.ht = -e.ht;
      e.vat = -e.vat;
      e.ttc = -e.ttc;
      if (e.paid) *e.paid = -*e.paid;
      if (e.due_amount) *e.due_amount = -*e.due_amount;
      fp.notes.push_back("totaux négatifs : importée comme un avoir");
    }
    if (e.ttc <= 0) {
      refuse(e.ttc == 0 ? "montant TTC nul (BT-112) : rien à recouvrer" : "avoir à montant négatif (BT-112)");
      continue;
    }
    if (e.ht + e.vat != e.ttc) {
      refuse("totaux incohérents : HT " + money(e.ht) + " + TVA " + money(e.vat) + " ≠ TTC " + money(e.ttc) +
             " (BT-109 + BT-110 = BT-112)");
      continue;
    }
    Invoice& inv = c.inv;
    inv.number = e.number;
    inv.kind = c.credit ? InvoiceKind::credit_note : InvoiceKind::invoice;
    inv.state = Lifecycle::issued;
    inv.issue_date = e.issue_date;
    inv.ht = e.ht;
    inv.vat = e.vat;
    inv.ttc = e.ttc;
    std::string label = utf8_truncate(e.first_line, 200);
    if (e.lines > 1) label += (label.empty() ? "" : " ") + std::string("(+") + std::to_string(e.lines - 1) + " ligne" +
                              (e.lines > 2 ? "s" : "") + ")";
    if (e.type_code == 386) label = "Facture d'acompte" + (label.empty() ? "" : " : " + label);
    inv.label = sanitize_text(label);
    for (const std::string& n : e.pmd_notes)
      if (!inv.contractual_rate) inv.contractual_rate = late_rate_from_text(n);
    if (!inv.contractual_rate) inv.contractual_rate = late_rate_from_text(e.terms);
    if (c.credit) {
      if (e.paid && *e.paid) fp.notes.push_back("montant payé (BT-113) ignoré sur un avoir");
      if (!e.preceding.empty()) {
        if (const Invoice* target = find_invoice_by_number(ledger, e.preceding)) {
          c.ledger_target = target->id;
        } else if (auto it = numbers.find(e.preceding); it != numbers.end() && !cands[it->second].credit) {
          c.batch_target = it->second;
        }
      }
    } else {
      if (e.due_date.ok()) {
        inv.due_date = e.due_date;
      } else if (auto t = terms_from_text(e.terms)) {
        c.terms = t;
        fp.notes.push_back("échéance calculée d'après les conditions « " + utf8_truncate(e.terms, 80) + " » (BT-20)");
      } else {
        fp.notes.push_back("pas d'échéance (BT-9) : délai de paiement du client appliqué");
      }
      const Cents paid = e.paid.value_or(0);
      if (paid < 0 || paid > e.ttc) {
        refuse("montant payé (BT-113) " + money(paid) + " hors de 0 à " + money(e.ttc));
        continue;
      }
      if (paid > 0) {
        Payment p;
        p.date = e.issue_date;
        p.amount = paid;
        p.method = PaymentMethod::other;
        p.reference = "acompte (BT-113)";
        p.deposit = true;
        inv.payments.push_back(std::move(p));
      }
      if (e.due_amount && *e.due_amount != e.ttc - paid)
        fp.notes.push_back("montant dû (BT-115) de " + money(*e.due_amount) + " au lieu de TTC − payé = " +
                           money(e.ttc - paid) + " (arrondi BT-114 ?)");
    }
    c.e = std::move(e);
    numbers.emplace(c.inv.number, cands.size());
    cands.push_back(std::move(c));
  }

  // Credit notes reducing an invoice of the same import find it even when
  // they come first.
  for (Candidate& c : cands) {
    if (!c.credit || c.ledger_target || c.batch_target != SIZE_MAX || c.e.preceding.empty()) continue;
    if (auto it = numbers.find(c.e.preceding); it != numbers.end() && !cands[it->second].credit) c.batch_target = it->second;
  }

  // Put the batch together, check it against the ledger, and drop what it
  // refuses until it passes (each round drops one file, so this ends).
  for (std::size_t round = 0; round <= cands.size(); ++round) {
    cmd::ImportBatch batch;
    std::unordered_map<std::string, ClientId> by_siren, by_vat, by_name;
    for (const Client& cl : ledger.clients) {
      if (auto s = siren_digits(cl.siren); !s.empty()) by_siren.emplace(s, cl.id);
      if (!cl.vat_number.empty()) by_vat.emplace(vat_key(cl.vat_number), cl.id);
      if (auto k = fold(cl.name); !k.empty()) by_name.emplace(k, cl.id);
    }
    std::vector<std::size_t> order;  // candidate of each batch invoice
    std::vector<std::size_t> batch_index(cands.size(), SIZE_MAX);
    // Invoices first, so credit notes of the same import can name them.
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t k = 0; k < cands.size(); ++k) {
        Candidate& c = cands[k];
        if (c.dropped || c.credit != (pass == 1)) continue;
        FilePlan& fp = plan.files[c.file];
        const Party& b = c.e.buyer;
        ClientId id = 0;
        const std::string siren = b.siren;
        const std::string vat = vat_key(b.vat_number);
        const std::string name = fold(b.name);
        if (!siren.empty())
          if (auto it = by_siren.find(siren); it != by_siren.end()) id = it->second;
        if (!id && !vat.empty())
          if (auto it = by_vat.find(vat); it != by_vat.end()) id = it->second;
        if (!id && !name.empty())
          if (auto it = by_name.find(name); it != by_name.end()) id = it->second;
        PaymentTerms terms = ledger.settings.default_terms;
        if (id > 0) {
          const Client* cl = find_client(ledger, id);
          fp.client = cl->name;
          fp.new_client = false;
          terms = cl->terms;
        } else if (id < 0) {
          const Client& cl = batch.clients[static_cast<std::size_t>(-id - 1)];
          fp.client = cl.name;
          fp.new_client = true;
          terms = cl.terms;
        } else {
          Client cl;
          cl.name = std::string(trim(b.name));
          cl.siren = siren;
          cl.vat_number = b.vat_number;
          cl.email = b.email;
          cl.address = b.address;
          cl.kind = ClientKind::business;
          cl.terms = ledger.settings.default_terms;
          batch.clients.push_back(cl);
          id = -static_cast<ClientId>(batch.clients.size());
          fp.client = cl.name;
          fp.new_client = true;
        }
        if (!siren.empty()) by_siren.emplace(siren, id);
        if (!vat.empty()) by_vat.emplace(vat, id);
        if (!name.empty()) by_name.emplace(name, id);
        Invoice inv = c.inv;
        inv.client = id;
        if (!c.credit && !inv.due_date.ok()) inv.due_date = due_date_for(c.terms.value_or(terms), inv.issue_date);
        if (c.credit) {
          if (c.ledger_target) {
            inv.credits = c.ledger_target;
          } else if (c.batch_target != SIZE_MAX && batch_index[c.batch_target] != SIZE_MAX) {
            inv.credits = -static_cast<InvoiceId>(batch_index[c.batch_target] + 1);
          }
        }
        batch_index[k] = batch.invoices.size();
        order.push_back(k);
        batch.invoices.push_back(std::move(inv));
      }
    }
    auto checked = check(ledger, Command(batch));
    if (checked) {
      plan.batch = std::move(batch);
      break;
    }
    // "invoices[3].invoice.due_date" or "clients[1].client.email": which file.
    const Error& err = checked.error();
    std::size_t bad = SIZE_MAX;
    auto index_after = [&](std::string_view prefix) -> std::size_t {
      if (!starts_with(err.where, prefix)) return SIZE_MAX;
      std::size_t v = 0, p = prefix.size();
      while (p < err.where.size() && err.where[p] >= '0' && err.where[p] <= '9') v = v * 10 + static_cast<std::size_t>(err.where[p++] - '0');
      return p > prefix.size() ? v : SIZE_MAX;
    };
    if (std::size_t k = index_after("invoices["); k < order.size()) {
      bad = order[k];
    } else if (std::size_t n = index_after("clients["); n != SIZE_MAX) {
      for (std::size_t j = 0; j < order.size() && bad == SIZE_MAX; ++j)
        if (batch.invoices[j].client == -static_cast<ClientId>(n + 1)) bad = order[j];
    }
    if (bad == SIZE_MAX) bad = order.empty() ? SIZE_MAX : order.front();
    if (bad == SIZE_MAX) break;
    cands[bad].dropped = true;
    FilePlan& fp = plan.files[cands[bad].file];
    fp.outcome = Outcome::refused;
    std::string what = err.what;
    const std::size_t dot = err.where.find("].");
    std::string field = dot == std::string::npos ? err.where : err.where.substr(dot + 2);
    fp.why = field.empty() ? what : field + " : " + what;
    // A credit note whose invoice is refused becomes a credit note on its own.
    for (Candidate& c : cands)
      if (c.batch_target == bad) c.batch_target = SIZE_MAX;
  }

  // The preview: what each imported file will be.
  std::vector<Cents> credited(plan.batch.invoices.size(), 0);
  for (const Invoice& inv : plan.batch.invoices)
    if (inv.kind == InvoiceKind::credit_note && inv.credits < 0)
      credited[static_cast<std::size_t>(-inv.credits - 1)] += inv.ttc;
  // Map batch invoices back to their candidate by number (numbers are unique in the batch).
  std::unordered_map<std::string, std::size_t> batch_by_number;
  for (std::size_t k = 0; k < plan.batch.invoices.size(); ++k) batch_by_number.emplace(plan.batch.invoices[k].number, k);
  for (Candidate& c : cands) {
    if (c.dropped) continue;
    FilePlan& fp = plan.files[c.file];
    const auto it = batch_by_number.find(c.inv.number);
    if (it == batch_by_number.end()) continue;
    const Invoice& inv = plan.batch.invoices[it->second];
    fp.outcome = Outcome::imported;
    fp.kind = inv.kind;
    fp.issue_date = inv.issue_date;
    fp.due_date = inv.due_date;
    fp.ttc = inv.ttc;
    if (inv.kind == InvoiceKind::credit_note) {
      fp.balance = 0;
      if (inv.credits > 0) {
        fp.credits = find_invoice(ledger, inv.credits)->number;
      } else if (inv.credits < 0) {
        fp.credits = plan.batch.invoices[static_cast<std::size_t>(-inv.credits - 1)].number;
      } else {
        fp.notes.push_back(c.e.preceding.empty()
                               ? "avoir sans facture d'origine (BT-25) : avoir du client"
                               : "facture d'origine " + c.e.preceding + " absente de Relance : avoir du client");
      }
    } else {
      fp.balance = inv.ttc - paid_amount(inv) - credited[it->second];
    }
  }
  return plan;
}

}  // namespace relance::einvoice
