// Rapprochement bancaire: a bank statement (OFX, camt.053/054, CFONB 120,
// bank CSV) dropped on the page or picked, its lines matched to the open
// invoices by the core (core/bank/match.h), reviewed by the user, and the
// payments recorded as ONE command (cmd::RecordPayments: all or nothing).
//
// Sure matches come ticked; likely and possible ones are shown unticked,
// ambiguous lines offer a choice among their proposals, and any credit can
// be attached by hand to an invoice found by number, client or amount.
// Debits are listed, never matched; lines whose movement is already on a
// payment are « Déjà enregistré ». Keyboard: Alt+A ticks every sure match,
// Alt+N goes to the next line to review, Alt+1… picks that line's proposal.
//
// A bank CSV no preset reads (and no columns remembered for its account)
// goes through a column-mapping step first: the first records shown, a
// meaning per column; the columns are remembered (cmd::SaveMapping) for the
// account's next statement once the payments are recorded.
//
// [SECTION] Contents
// - Helpers (labels, chips, search)
// - Opening a file, matching
// - Column mapping
// - Lines
// - Footer: summary and confirmation
// - draw
#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "core/csv.h"
#include "core/dunning.h"
#include "core/mappings.h"
#include "core/readers.h"
#include "core/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/settings_sections.h"
#include "web/ui.h"

namespace relance {

namespace ui_bank {

namespace {

using bank::Confidence;
using bank::LineMatch;
using bank::LineStatus;
using bank::Proposal;
using bank::StatementLine;

// What a column of a bank CSV holds, in the mapping step (index = role).
const std::vector<std::string> kBankRoles = {"Ignor\u00e9e", "Date",      "Montant (sign\u00e9)", "D\u00e9bit",
                                             "Cr\u00e9dit",  "Libell\u00e9", "R\u00e9f\u00e9rence", "Payeur"};
enum Role { kIgnored, kDate, kAmount, kDebit, kCredit, kLabel, kReference, kPayer };

constexpr std::size_t kPreviewRows = 12;

// [SECTION] Helpers ---------------------------------------------------------------

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n > 1 ? many : one);
}

std::string error_line(const Error& e) { return e.where.empty() ? e.what : e.where + " : " + e.what; }

std::string numbers_of(const Ledger& l, const std::vector<InvoiceId>& ids) {
  std::string out;
  for (InvoiceId id : ids)
    if (const Invoice* inv = find_invoice(l, id)) out += (out.empty() ? "" : " + ") + inv->number;
  return out;
}

std::string client_of(const Ledger& l, const std::vector<InvoiceId>& ids) {
  if (ids.empty()) return {};
  const Invoice* inv = find_invoice(l, ids.front());
  const Client* c = inv ? find_client(l, inv->client) : nullptr;
  return c ? c->name : std::string();
}

const char* confidence_fr(Confidence c) {
  switch (c) {
    case Confidence::sure: return "s\u00fbr";
    case Confidence::likely: return "probable";
    case Confidence::possible: return "possible";
  }
  return "possible";
}

// "F-2026-0036 — Hôtel des Célestins".
std::string proposal_text(const Ledger& l, const Proposal& p) {
  std::string t = numbers_of(l, p.invoices);
  const std::string client = client_of(l, p.invoices);
  if (!client.empty()) t += " \u2014 " + client;
  return t;
}

bool is_credit(const StatementLine& line, const LineMatch& lm) {
  return line.amount > 0 && lm.status != LineStatus::known && lm.status != LineStatus::debit;
}

// The proposal a ticked line records: the invoice attached by hand, else the
// one chosen among the core's.
std::optional<Proposal> selected(const Ledger& l, const StatementLine& line, const LineMatch& lm, const BankLineUi& u) {
  if (u.manual) {
    const Invoice* inv = find_invoice(l, u.manual);
    if (!inv) return std::nullopt;
    Proposal p;
    p.invoices = {u.manual};
    p.amount = line.amount;
    p.surplus = std::max<Cents>(0, line.amount - std::max<Cents>(0, balance(l, *inv)));
    return p;
  }
  if (u.choice >= 0 && static_cast<std::size_t>(u.choice) < lm.proposals.size())
    return lm.proposals[static_cast<std::size_t>(u.choice)];
  return std::nullopt;
}

// A credit the user has not settled yet: ambiguous, only likely or
// possible, or unmatched, and not ticked.
bool to_review(const StatementLine& line, const LineMatch& lm, const BankLineUi& u) {
  return is_credit(line, lm) && !u.ticked;
}

struct Chip {
  const char* text;
  ImVec4 bg;
};

Chip chip_of(const LineMatch& lm, const BankLineUi& u) {
  static const ImVec4 green(0.82f, 0.94f, 0.85f, 1), yellow(1.0f, 0.93f, 0.75f, 1), orange(0.99f, 0.85f, 0.72f, 1),
      grey(0.90f, 0.91f, 0.93f, 1), blue(0.86f, 0.91f, 0.99f, 1);
  if (u.manual) return {"Choisie \u00e0 la main", blue};
  switch (lm.status) {
    case LineStatus::known: return {"D\u00e9j\u00e0 enregistr\u00e9", blue};
    case LineStatus::debit: return {"D\u00e9bit", grey};
    case LineStatus::unmatched: return {"Non rapproch\u00e9", grey};
    case LineStatus::ambiguous: return {"\u00c0 choisir", orange};
    case LineStatus::matched: break;
  }
  if (lm.proposals.empty()) return {"Non rapproch\u00e9", grey};
  switch (lm.proposals.front().confidence) {
    case Confidence::sure: return {"S\u00fbr", green};
    case Confidence::likely: return {"Probable", yellow};
    case Confidence::possible: return {"Possible", orange};
  }
  return {"Possible", orange};
}

// The decision a line starts with: sure matches ticked, any other match
// chosen but left to the user, the search open on unmatched credits.
BankLineUi initial(const StatementLine& line, const LineMatch& lm) {
  BankLineUi u;
  if (lm.status == LineStatus::matched && !lm.proposals.empty()) {
    u.choice = 0;
    u.ticked = lm.proposals.front().confidence == Confidence::sure;
  }
  if (lm.status == LineStatus::unmatched && line.amount > 0) u.searching = true;
  return u;
}

bool same_match(const LineMatch& a, const LineMatch& b) {
  if (a.status != b.status || a.proposals.size() != b.proposals.size()) return false;
  for (std::size_t i = 0; i < a.proposals.size(); ++i)
    if (a.proposals[i].invoices != b.proposals[i].invoices || a.proposals[i].amount != b.proposals[i].amount ||
        a.proposals[i].confidence != b.proposals[i].confidence)
      return false;
  return true;
}

// Open invoices a search names: by number (« F2026 36 », « 36 »), client
// (accents and case ignored) or amount however typed (« 1 234,56 »,
// « 1234.56 € »), issued on or before the movement; oldest due first.
std::vector<InvoiceId> search_invoices(const Ledger& l, const StatementLine& line, std::string_view query) {
  std::vector<InvoiceId> out;
  const std::string q = std::string(trim(query));
  if (q.empty()) return out;
  const std::string key = bank::number_key(q);
  const std::string folded = fold(q);
  const forms::AmountInput amount = forms::parse_amount_fr(q);
  std::vector<const Invoice*> found;
  for (const Invoice& inv : l.invoices) {
    if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) continue;
    if (inv.issue_date.ok() && line.date.ok() && inv.issue_date > line.date) continue;
    const Cents owed = balance(l, inv);
    if (owed <= 0) continue;
    bool hit = !key.empty() && bank::number_key(inv.number).find(key) != std::string::npos;
    if (!hit && !folded.empty()) {
      const Client* c = find_client(l, inv.client);
      hit = c && fold(c->name).find(folded) != std::string::npos;
    }
    if (!hit && amount.value && *amount.value > 0) hit = owed == *amount.value || inv.ttc == *amount.value;
    if (hit) found.push_back(&inv);
  }
  std::sort(found.begin(), found.end(), [](const Invoice* a, const Invoice* b) {
    return a->due_date != b->due_date ? a->due_date < b->due_date : a->id < b->id;
  });
  for (std::size_t i = 0; i < found.size() && i < 8; ++i) out.push_back(found[i]->id);
  return out;
}

// Invoices the agenda lists (due today or coming): how many leave it.
std::set<InvoiceId> agenda_invoices(const Ledger& l, Date today) {
  std::set<InvoiceId> out;
  const Agenda a = compute_agenda(l, today);
  for (const auto* list : {&a.due, &a.upcoming})
    for (const AgendaItem& item : *list)
      for (const AgendaInvoice& inv : item.invoices) out.insert(inv.id);
  return out;
}

// [SECTION] Opening a file, matching -----------------------------------------------

// Matches the statement against the ledger again when it changed (another
// tab, a payment typed elsewhere): lines whose match is the same keep the
// user's decision, the others start over.
void rematch(BankState& s, App& app) {
  if (!s.statement || s.submitting || s.revision == app.ws.revision()) return;
  const Ledger& l = app.ws.ledger();
  bank::MatchResult m = bank::match_statement(l, *s.statement, app.today_date());
  const bool first = s.lines.size() != s.statement->lines.size();
  if (first) s.lines.assign(s.statement->lines.size(), BankLineUi{});
  for (std::size_t i = 0; i < s.statement->lines.size(); ++i) {
    const LineMatch& now = m.lines[i];
    BankLineUi& u = s.lines[i];
    if (first || !same_match(now, s.match.lines[i])) {
      u = initial(s.statement->lines[i], now);
      continue;
    }
    if (u.manual) {
      const Invoice* inv = find_invoice(l, u.manual);
      if (!inv || balance(l, *inv) <= 0) {
        u.manual = 0;
        u.ticked = false;
      }
    }
    u.found_revision = UINT64_MAX;  // search results: again
  }
  s.match = std::move(m);
  s.revision = app.ws.revision();
}

void set_statement(BankState& s, App& app, bank::Statement st) {
  s.statement = std::move(st);
  s.lines.clear();
  s.revision = UINT64_MAX;
  s.current = -1;
  s.mapping = BankMappingUi{};
  rematch(s, app);
}

// The separator of a CSV no preset reads: the one most used in its first lines.
char guess_separator(std::string_view bytes) {
  std::size_t semi = 0, tab = 0, comma = 0;
  int lines = 0;
  for (char c : bytes.substr(0, 8192)) {
    if (c == ';') ++semi;
    else if (c == '\t') ++tab;
    else if (c == ',') ++comma;
    else if (c == '\n' && ++lines >= static_cast<int>(kPreviewRows)) break;
  }
  if (semi >= tab && semi >= comma) return ';';
  return tab >= comma ? '\t' : ',';
}

bool looks_like_date(std::string_view cell) {
  cell = trim(cell);
  int parts = 1, digits = 0;
  for (char c : cell.substr(0, cell.find_first_of(" T") == std::string_view::npos ? cell.size() : cell.find_first_of(" T"))) {
    if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
    else if (c == '/' || c == '-' || c == '.') ++parts;
    else return false;
  }
  return parts == 3 && digits >= 6 && digits <= 8;
}

bool looks_like_amount(std::string_view cell) {
  cell = trim(cell);
  if (cell.empty() || looks_like_date(cell)) return false;
  return forms::parse_amount_fr(cell).value.has_value();
}

// The first records, and a first guess of what the columns hold: the first
// record with a date starts the movements; its first date column is the
// date, its last amount the amount, its longest text the label.
void read_preview(BankMappingUi& m, std::string_view bytes) {
  m.rows.clear();
  m.columns = 0;
  bank::CsvColumns c;
  c.separator = m.separator;
  for (std::size_t k = 1; k <= kPreviewRows; ++k) {
    c.skip_rows = static_cast<int>(k);
    std::vector<std::string> rec = bank::bank_csv_header(bytes, c);
    if (rec.empty()) break;
    m.columns = std::max(m.columns, rec.size());
    m.rows.push_back(std::move(rec));
  }
  m.roles.assign(m.columns, kIgnored);
  m.first_movement = std::min<int>(1, static_cast<int>(m.rows.size()) - 1);
  for (std::size_t r = 0; r < m.rows.size(); ++r) {
    const auto& rec = m.rows[r];
    int date = -1, amount = -1, label = -1;
    std::size_t longest = 0;
    for (std::size_t i = 0; i < rec.size(); ++i) {
      if (looks_like_date(rec[i])) {
        if (date < 0) date = static_cast<int>(i);
      } else if (looks_like_amount(rec[i])) {
        amount = static_cast<int>(i);
      } else if (rec[i].size() > longest) {
        longest = rec[i].size();
        label = static_cast<int>(i);
      }
    }
    if (date < 0) continue;
    m.first_movement = static_cast<int>(r);
    m.roles[static_cast<std::size_t>(date)] = kDate;
    if (amount >= 0) m.roles[static_cast<std::size_t>(amount)] = kAmount;
    if (label >= 0) m.roles[static_cast<std::size_t>(label)] = kLabel;
    break;
  }
}

void open_mapping(BankState& s, std::string why) {
  s.mapping = BankMappingUi{};
  s.mapping.open = true;
  s.mapping.separator = guess_separator(s.bytes);
  s.mapping.error = std::move(why);
  read_preview(s.mapping, s.bytes);
}

bool is_csv(std::string_view bytes) { return bank::detect_format(bytes) == bank::Format::csv; }

// « Lecture du fichier… » while the readers module works.
void reading_note() {
  const char* text = "Lecture du fichier\u2026";
  ui::note(text);
  ui::track(text);
}

// Reads the statement in the readers module (with `columns`, tried alone,
// or first when `remembered`); `done` runs with the answer unless another
// file was opened (or the screen left) meanwhile.
void read_statement(BankState& s, std::optional<bank::CsvColumns> columns, bool remembered,
                    std::function<void(readers::BankAnswer)> done) {
  static std::uint64_t readings = 0;
  const std::uint64_t mine = ++readings;
  s.reading = mine;
  platform::read_files_in_worker(readers::Kind::bank, {{s.name, s.bytes}}, readers::bank_options(columns, remembered),
                                 [&s, mine, done = std::move(done)](std::string answer) {
                                   if (s.reading != mine) return;
                                   s.reading = 0;
                                   done(readers::bank_answer(answer));
                                   platform::request_redraw();
                                 });
}

}  // namespace

// [SECTION] Column mapping -------------------------------------------------------------

namespace {

void draw_mapping(BankState& s, App& app) {
  BankMappingUi& m = s.mapping;
  ui::heading("Colonnes du relev\u00e9 \u00ab " + s.name + " \u00bb");
  ui::note("Aucun mod\u00e8le de banque ne reconna\u00eet ce fichier. Dites ce que contient chaque colonne : Relance "
           "s\u2019en souviendra pour les prochains relev\u00e9s de ce compte.");
  if (m.rows.empty()) {
    forms::error_text("Ce fichier est vide.");
    return;
  }
  static const std::vector<std::string> kSeparators = {"point-virgule", "tabulation", "virgule"};
  int sep = m.separator == '\t' ? 1 : m.separator == ',' ? 2 : 0;
  if (forms::choice("S\u00e9parateur##banque", &sep, kSeparators, 10)) {
    m.separator = sep == 1 ? '\t' : sep == 2 ? ',' : ';';
    read_preview(m, s.bytes);
  }
  // Which record the movements start at.
  std::vector<std::string> starts;
  for (std::size_t r = 0; r < m.rows.size(); ++r) {
    std::string shown;
    for (const std::string& cell : m.rows[r])
      if (!cell.empty()) shown += (shown.empty() ? "" : " \u00b7 ") + cell;
    if (shown.size() > 60) shown = utf8_truncate(shown, 57) + "\u2026";
    starts.push_back("Ligne " + std::to_string(r + 1) + (shown.empty() ? "" : " : " + shown));
  }
  forms::choice("Premier mouvement##banque", &m.first_movement, starts, 34);
  ImGui::Spacing();
  const std::size_t first = static_cast<std::size_t>(std::max(0, m.first_movement));
  const std::vector<std::string>* header = first > 0 && first - 1 < m.rows.size() ? &m.rows[first - 1] : nullptr;
  for (std::size_t c = 0; c < m.columns; ++c) {
    forms::begin_card(("##colonne-" + std::to_string(c)).c_str());
    std::string title = "Colonne " + std::to_string(c + 1);
    if (header && c < header->size() && !(*header)[c].empty()) title += " \u00ab " + (*header)[c] + " \u00bb";
    ui::text(title.c_str());
    ui::track(title);
    std::string examples;
    for (std::size_t r = first, n = 0; r < m.rows.size() && n < 3; ++r) {
      if (c >= m.rows[r].size() || m.rows[r][c].empty()) continue;
      examples += (examples.empty() ? "" : " ; ") + utf8_truncate(m.rows[r][c], 40);
      ++n;
    }
    examples = examples.empty() ? "(vide)" : "Ex. : " + examples;
    ui::note(examples);
    ui::track(examples + "##exemples-" + std::to_string(c + 1));
    int role = m.roles[c];
    const std::string label = "Contenu##colonne-" + std::to_string(c + 1);
    if (forms::choice(label.c_str(), &role, kBankRoles, 12)) {
      // One column per meaning: the one chosen before is set free.
      if (role != kIgnored)
        for (int& other : m.roles)
          if (other == role) other = kIgnored;
      m.roles[c] = role;
    }
    forms::end_card();
  }
  if (!m.error.empty()) forms::error_text(m.error);
  if (s.reading) reading_note();
  ImGui::BeginDisabled(s.reading != 0);
  const bool read_clicked = ui::button("Lire le relev\u00e9 avec ces colonnes");
  ImGui::EndDisabled();
  if (read_clicked) {
    bank::CsvColumns cols;
    cols.skip_rows = m.first_movement;
    cols.separator = m.separator;
    for (std::size_t c = 0; c < m.roles.size(); ++c) {
      const int i = static_cast<int>(c);
      switch (m.roles[c]) {
        case kDate: cols.date = i; break;
        case kAmount: cols.amount = i; break;
        case kDebit: cols.debit = i; break;
        case kCredit: cols.credit = i; break;
        case kLabel: cols.label = i; break;
        case kReference: cols.reference = i; break;
        case kPayer: cols.payer = i; break;
        default: break;
      }
    }
    if (cols.date < 0) {
      m.error = "Indiquez la colonne de la date.";
    } else if (cols.amount < 0 && cols.debit < 0 && cols.credit < 0) {
      m.error = "Indiquez la colonne du montant (ou celles du d\u00e9bit et du cr\u00e9dit).";
    } else {
      m.error.clear();
      read_statement(s, cols, false, [&s, &app, cols](readers::BankAnswer a) {
        if (!a.failure.empty()) {
          s.mapping.error = "Lecture impossible : " + a.failure + ".";
        } else if (!a.statement) {
          s.mapping.error = "Lecture impossible avec ces colonnes : " + error_line(a.error) + ".";
        } else {
          s.columns = cols;
          s.remembered = false;
          set_statement(s, app, std::move(*a.statement));
        }
      });
    }
  }
  ui::same_line_if_fits("Annuler##colonnes");
  if (ui::button("Annuler##colonnes")) {
    const Screen back = static_cast<Screen>(s.back);
    s = BankState{};
    app.navigate({back});
  }
}

// [SECTION] Lines ---------------------------------------------------------------------

// Ticks every sure match (Alt+A).
std::size_t accept_sure(BankState& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const LineMatch& lm = s.match.lines[i];
    BankLineUi& u = s.lines[i];
    if (lm.status != LineStatus::matched || lm.proposals.empty() || lm.proposals.front().confidence != Confidence::sure)
      continue;
    if (u.manual || u.choice != 0 || !u.ticked) ++n;
    u.manual = 0;
    u.choice = 0;
    u.ticked = true;
  }
  return n;
}

// The next credit left to decide after the current line (Alt+N).
void next_to_review(BankState& s) {
  const int n = static_cast<int>(s.lines.size());
  for (int k = 1; k <= n; ++k) {
    const int i = (s.current + k + n) % n;
    const std::size_t at = static_cast<std::size_t>(i);
    if (to_review(s.statement->lines[at], s.match.lines[at], s.lines[at])) {
      s.current = i;
      s.scroll = true;
      return;
    }
  }
  s.current = -1;
}

void draw_search(BankState& s, App& app, std::size_t i) {
  const Ledger& l = app.ws.ledger();
  BankLineUi& u = s.lines[i];
  const std::string id = std::to_string(i + 1);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ui::em(16)));
  ImGui::InputTextWithHint(("##chercher-" + id).c_str(), "Num\u00e9ro, client ou montant", &u.search);
  ui::track_text("Chercher##ligne-" + id, u.search);
  if (u.found_for != u.search || u.found_revision != app.ws.revision()) {
    u.found = search_invoices(l, s.statement->lines[i], u.search);
    u.found_for = u.search;
    u.found_revision = app.ws.revision();
  }
  if (!trim(u.search).empty() && u.found.empty()) ui::text_disabled("Aucune facture ouverte ne correspond.");
  for (InvoiceId inv_id : u.found) {
    const Invoice* inv = find_invoice(l, inv_id);
    if (!inv) continue;
    const Client* c = find_client(l, inv->client);
    const std::string text = inv->number + " \u00b7 " + (c ? c->name : std::string("?")) + " \u00b7 reste " +
                             forms::eur(balance(l, *inv)) + "##trouvee-" + id + "-" + std::to_string(inv_id);
    if (ui::selectable(text.c_str(), false)) {
      u.manual = inv_id;
      u.ticked = true;
      u.searching = false;
    }
  }
}

// The « Rapprochement » cell: the chip, then what the line pays.
void draw_match(BankState& s, App& app, std::size_t i) {
  const Ledger& l = app.ws.ledger();
  const StatementLine& line = s.statement->lines[i];
  const LineMatch& lm = s.match.lines[i];
  BankLineUi& u = s.lines[i];
  const std::string id = std::to_string(i + 1);
  const Chip chip = chip_of(lm, u);
  forms::badge(chip.text, chip.bg);
  ui::track(std::string(chip.text) + "##statut-" + id);
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  if (lm.status == LineStatus::known) {
    ui::text_disabled("paiement d\u00e9j\u00e0 dans le registre");
    ImGui::PopTextWrapPos();
    return;
  }
  if (lm.status == LineStatus::debit || line.amount <= 0) {
    ui::text_disabled("sortie d\u2019argent : jamais rapproch\u00e9e");
    ImGui::PopTextWrapPos();
    return;
  }
  if (u.manual) {
    const std::optional<Proposal> p = selected(l, line, lm, u);
    ui::text(p ? proposal_text(l, *p).c_str() : "?");
    ui::track("Facture choisie##ligne-" + id);
    if (p && p->surplus > 0) forms::warning_text("trop-per\u00e7u de " + forms::eur(p->surplus));
    if (ui::button(("Retirer##manuelle-" + id).c_str())) {
      u = initial(line, lm);
      u.searching = true;
    }
  } else if (lm.proposals.size() == 1 && lm.status == LineStatus::matched) {
    const std::string text = proposal_text(l, lm.proposals.front());
    ui::text(text.c_str());
    ui::track("Proposition##ligne-" + id);
    ui::track(text + "##proposition-" + id);
  } else if (!lm.proposals.empty()) {
    std::vector<std::string> items = {"Choisir une facture\u2026"};
    for (std::size_t k = 0; k < lm.proposals.size(); ++k)
      items.push_back(std::to_string(k + 1) + ". " + proposal_text(l, lm.proposals[k]) + " (" +
                      confidence_fr(lm.proposals[k].confidence) + ")");
    int index = u.choice + 1;
    ImGui::NewLine();
    if (forms::choice(("##choix-" + id).c_str(), &index, items, 26)) {
      u.choice = index - 1;
      u.ticked = u.choice >= 0;
    }
  } else {
    ui::text_disabled("aucune facture ouverte ne correspond");
  }
  ImGui::PopTextWrapPos();
  if (!u.manual) {
    if (const std::optional<Proposal> p = selected(l, line, lm, u)) {
      if (!p->why.empty()) ui::note(p->why);
      if (p->surplus > 0)
        forms::warning_text("trop-per\u00e7u de " + forms::eur(p->surplus) + " (enregistr\u00e9 sur la derni\u00e8re facture)");
      if (p->thanks) forms::colored_text(forms::ok_color(), "remerciement propos\u00e9 ensuite dans Aujourd\u2019hui");
    }
  }
  if (u.searching) {
    draw_search(s, app, i);
  } else if (!u.manual) {
    if (ui::button(("Autre facture\u2026##ligne-" + id).c_str())) u.searching = true;
  }
}

void draw_lines(BankState& s, App& app, float height) {
  const bool compact = ImGui::GetContentRegionAvail().x < ui::em(46);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(compact ? "##releve-compact" : "##releve", compact ? 2 : 5, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("##coche", ImGuiTableColumnFlags_WidthFixed, ui::em(1.9f));
  if (compact) {
    ImGui::TableSetupColumn("Mouvement et rapprochement", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  } else {
    ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, ui::em(5.6f));
    ImGui::TableSetupColumn("Montant", ImGuiTableColumnFlags_WidthFixed, ui::em(6.4f));
    ImGui::TableSetupColumn("Libell\u00e9", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Rapprochement", ImGuiTableColumnFlags_WidthStretch, 1.25f);
  }
  ImGui::TableHeadersRow();
  const ImU32 current_bg = ImGui::ColorConvertFloat4ToU32(ImVec4(1.0f, 0.97f, 0.80f, 1.0f));
  std::size_t shown = 0;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const StatementLine& line = s.statement->lines[i];
    const LineMatch& lm = s.match.lines[i];
    if (!s.show_debits && (lm.status == LineStatus::debit || line.amount <= 0)) continue;
    ++shown;
    BankLineUi& u = s.lines[i];
    const std::string id = std::to_string(i + 1);
    ImGui::TableNextRow();
    if (static_cast<int>(i) == s.current) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, current_bg);
    ImGui::TableSetColumnIndex(0);
    ImGui::PushID(static_cast<int>(i));
    if (s.scroll && static_cast<int>(i) == s.current) {
      ImGui::SetScrollHereY(0.3f);
      s.scroll = false;
    }
    const bool can_tick = is_credit(line, lm) && selected(app.ws.ledger(), line, lm, u).has_value();
    ImGui::BeginDisabled(!can_tick || s.submitting);
    bool ticked = u.ticked && can_tick;
    if (ui::checkbox(("##ligne-" + id).c_str(), &ticked)) u.ticked = ticked;
    ImGui::EndDisabled();
    ImGui::PopID();
    const bool muted = !is_credit(line, lm);
    if (muted) ImGui::PushStyleColor(ImGuiCol_Text, forms::muted_color());
    const std::string amount = forms::eur(line.amount);
    if (compact) {
      ImGui::TableSetColumnIndex(1);
      ui::textf("%s \u00b7 %s", forms::date_fr(line.date).c_str(), amount.c_str());
      ui::track("Montant##ligne-" + id);
      ImGui::PushTextWrapPos(0.0f);
      ui::text(line.label.c_str());
      ImGui::PopTextWrapPos();
    } else {
      ImGui::TableSetColumnIndex(1);
      ui::text(forms::date_fr(line.date).c_str());
      ImGui::TableSetColumnIndex(2);
      const float w = ImGui::CalcTextSize(amount.c_str()).x;
      if (ImGui::GetContentRegionAvail().x > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
      ui::text(amount.c_str());
      ui::track("Montant##ligne-" + id);
      ImGui::TableSetColumnIndex(3);
      ImGui::PushTextWrapPos(0.0f);
      ui::text(line.label.c_str());
      if (!line.reference.empty() && line.label.find(line.reference) == std::string::npos)
        ui::text_disabled("R\u00e9f. %s", line.reference.c_str());
      ImGui::PopTextWrapPos();
      ImGui::TableSetColumnIndex(4);
    }
    if (muted) ImGui::PopStyleColor();
    ImGui::PushID(static_cast<int>(i));
    draw_match(s, app, i);
    ImGui::PopID();
  }
  if (shown == 0) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(1);
    ui::text_disabled(s.lines.empty() ? "Aucun mouvement dans ce relev\u00e9." : "Aucun cr\u00e9dit dans ce relev\u00e9.");
  }
  ImGui::EndTable();
}

// [SECTION] Footer: summary and confirmation ------------------------------------------

void confirm(BankState& s, App& app) {
  const Ledger& l = app.ws.ledger();
  cmd::RecordPayments batch;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const StatementLine& line = s.statement->lines[i];
    const LineMatch& lm = s.match.lines[i];
    const BankLineUi& u = s.lines[i];
    if (!u.ticked || !is_credit(line, lm)) continue;
    if (const std::optional<Proposal> p = selected(l, line, lm, u))
      for (cmd::RecordPayment& r : bank::payments_for(l, line, *p, s.name)) batch.payments.push_back(std::move(r));
  }
  if (batch.payments.empty()) return;
  const Date today = app.today_date();
  const std::set<InvoiceId> before = agenda_invoices(l, today);
  std::set<InvoiceId> paid;
  for (const cmd::RecordPayment& r : batch.payments) paid.insert(r.invoice);
  s.submitting = true;
  s.submit_error.clear();
  app.ws.submit(Command{std::move(batch)}, [&s, &app, before, paid, today](const Result<Applied>& done) {
    s.submitting = false;
    if (!done) {
      s.submit_error = "Rien n\u2019a \u00e9t\u00e9 enregistr\u00e9 : " + error_line(done.error()) + ".";
      return;
    }
    // Columns given in the mapping step: remembered for this account's next
    // statement (a command of its own; the payments are recorded either way).
    if (s.columns && !s.remembered)
      if (std::optional<SavedMapping> m = bank_csv_mapping(s.bytes, *s.columns))
        app.ws.submit(cmd::SaveMapping{std::move(*m)});
    const Ledger& after = app.ws.ledger();
    const std::set<InvoiceId> still = agenda_invoices(after, today);
    std::size_t left = 0, partly = 0;
    for (InvoiceId id : before)
      if (!still.count(id)) ++left;
    for (InvoiceId id : paid)
      if (const Invoice* inv = find_invoice(after, id); inv && balance(after, *inv) > 0) ++partly;
    std::size_t thanks = 0;
    for (const AgendaItem& item : compute_agenda(after, today).thanks)
      for (const AgendaInvoice& inv : item.invoices)
        if (paid.count(inv.id)) {
          ++thanks;
          break;
        }
    std::string text = plural(paid.size(), "facture pay\u00e9e", "factures pay\u00e9es");
    if (partly > 0) text += " (dont " + std::to_string(partly) + " en partie)";
    text += " d\u2019apr\u00e8s le relev\u00e9 \u00ab " + s.name + " \u00bb : ";
    if (left == 0) text += "aucune ne sort de l\u2019agenda.";
    else text += std::to_string(left) + (left > 1 ? " sortent" : " sort") + " de l\u2019agenda.";
    if (thanks > 0)
      text += " " + plural(thanks, "remerciement propos\u00e9", "remerciements propos\u00e9s") + " ci-dessous.";
    app.notify(text, false, done->warnings);
    s = BankState{};
    app.navigate({Screen::today});
  });
}

void draw_footer(BankState& s, App& app) {
  std::size_t payments = 0, review = 0;
  Cents total = 0;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const StatementLine& line = s.statement->lines[i];
    const LineMatch& lm = s.match.lines[i];
    const BankLineUi& u = s.lines[i];
    if (to_review(line, lm, u)) ++review;
    if (!u.ticked || !is_credit(line, lm)) continue;
    if (const std::optional<Proposal> p = selected(app.ws.ledger(), line, lm, u)) {
      payments += p->invoices.size();
      total += line.amount;
    }
  }
  ImGui::Separator();
  std::string summary = plural(payments, "paiement", "paiements") + " \u00b7 " + forms::eur(total);
  if (review > 0) summary += " \u00b7 " + plural(review, "cr\u00e9dit \u00e0 revoir", "cr\u00e9dits \u00e0 revoir");
  ui::text(summary.c_str());
  ui::track("R\u00e9sum\u00e9##banque");
  ui::track(summary + "##resume");
  if (!s.submit_error.empty()) forms::error_text(s.submit_error);
  ImGui::BeginDisabled(payments == 0 || s.submitting);
  const std::string label = "Enregistrer " + plural(payments, "paiement", "paiements") + "##banque";
  if (ui::button(label.c_str())) confirm(s, app);
  ui::track("Enregistrer##banque");
  ImGui::EndDisabled();
  ui::same_line_if_fits("Annuler##banque");
  if (ui::button("Annuler##banque")) {
    const Screen back = static_cast<Screen>(s.back);
    s = BankState{};
    app.navigate({back});
  }
}

}  // namespace

// [SECTION] draw -----------------------------------------------------------------------

void draw(BankState& s, App& app) {
  if (ui::button("\u2039 Retour##banque")) {
    const Screen back = static_cast<Screen>(s.back);
    s = BankState{};
    app.navigate({back});
    return;
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ui::heading("Rapprochement bancaire");
  ui::track("Rapprochement bancaire");
  if (s.reading && !s.mapping.open) {
    reading_note();
    return;
  }
  if (!s.error.empty()) {
    forms::error_text(s.error);
    if (ui::button("Choisir un autre relev\u00e9\u2026")) settings::pick(app.screens.settings.state(), FileWant::bank);
    return;
  }
  if (s.mapping.open) {
    draw_mapping(s, app);
    return;
  }
  if (!s.statement) {
    ui::note("D\u00e9posez un relev\u00e9 bancaire sur la page (OFX, camt.053, camt.054, CFONB 120 ou CSV de votre "
             "banque), ou choisissez-le.");
    if (ui::button("Importer un relev\u00e9 bancaire\u2026")) settings::pick(app.screens.settings.state(), FileWant::bank);
    return;
  }
  rematch(s, app);
  const bank::Statement& st = *s.statement;

  // What the statement is.
  std::string about = "\u00ab " + s.name + " \u00bb \u00b7 ";
  switch (st.format) {
    case bank::Format::ofx: about += "OFX"; break;
    case bank::Format::camt053: about += "camt.053"; break;
    case bank::Format::camt054: about += "camt.054"; break;
    case bank::Format::cfonb: about += "CFONB 120"; break;
    case bank::Format::csv: about += "CSV"; break;
  }
  if (!st.account.empty()) about += " \u00b7 compte " + st.account;
  if (!st.lines.empty()) {
    Date lo = st.lines.front().date, hi = lo;
    for (const StatementLine& line : st.lines) {
      lo = std::min(lo, line.date);
      hi = std::max(hi, line.date);
    }
    about += " \u00b7 " + plural(st.lines.size(), "mouvement", "mouvements") + " du " + forms::date_fr(lo) + " au " +
             forms::date_fr(hi);
  }
  ImGui::PushTextWrapPos(0.0f);
  ui::text(about.c_str());
  ImGui::PopTextWrapPos();
  ui::track("Relev\u00e9##banque");
  ui::track(about + "##releve");
  if (s.remembered || s.columns) {
    const char* text = s.remembered ? "Colonnes m\u00e9moris\u00e9es pour ce relev\u00e9."
                                    : "Colonnes m\u00e9moris\u00e9es pour ce compte \u00e0 l\u2019enregistrement.";
    ui::note(text);
    ui::track(text);
  }

  // How the lines matched.
  std::size_t sure = 0, ambiguous = 0, other = 0, unmatched = 0, debits = 0, known = 0;
  for (std::size_t i = 0; i < st.lines.size(); ++i) {
    const LineMatch& lm = s.match.lines[i];
    switch (lm.status) {
      case LineStatus::matched:
        (!lm.proposals.empty() && lm.proposals.front().confidence == Confidence::sure ? sure : other) += 1;
        break;
      case LineStatus::ambiguous: ++ambiguous; break;
      case LineStatus::unmatched: (st.lines[i].amount > 0 ? unmatched : debits) += 1; break;
      case LineStatus::debit: ++debits; break;
      case LineStatus::known: ++known; break;
    }
  }
  std::string counts = plural(sure, "s\u00fbr", "s\u00fbrs") + ", " + plural(other, "probable ou possible", "probables ou possibles") +
                       ", " + plural(ambiguous, "\u00e0 choisir", "\u00e0 choisir") + ", " +
                       plural(unmatched, "non rapproch\u00e9", "non rapproch\u00e9s") + ", " +
                       plural(debits, "d\u00e9bit", "d\u00e9bits");
  if (known > 0) counts += ", " + plural(known, "d\u00e9j\u00e0 enregistr\u00e9", "d\u00e9j\u00e0 enregistr\u00e9s");
  if (!forms::narrow()) {  // a phone: the chips say it, the lines need the room
    ImGui::PushTextWrapPos(0.0f);
    ui::text_disabled("%s", counts.c_str());
    ImGui::PopTextWrapPos();
  }
  ui::track("Comptes##banque");
  ui::track(counts + "##comptes");

  // Keyboard: Alt+A, Alt+N, Alt+1… (letters reach the app only with a
  // modifier; see library_relance.js keyIndex).
  const ImGuiIO& io = ImGui::GetIO();
  const bool keys = !io.WantTextInput && io.KeyAlt && !io.KeyCtrl && !s.submitting;
  if (ui::button("Tout accepter (s\u00fbrs)") || (keys && ImGui::IsKeyPressed('A', false))) accept_sure(s);
  ui::same_line_if_fits("Ligne \u00e0 revoir suivante");
  if (ui::button("Ligne \u00e0 revoir suivante") || (keys && ImGui::IsKeyPressed('N', false))) next_to_review(s);
  if (keys && s.current >= 0 && static_cast<std::size_t>(s.current) < s.lines.size()) {
    const std::size_t at = static_cast<std::size_t>(s.current);
    const LineMatch& lm = s.match.lines[at];
    for (int k = 0; k < 9 && static_cast<std::size_t>(k) < lm.proposals.size(); ++k)
      if (ImGui::IsKeyPressed('1' + k, false) && is_credit(st.lines[at], lm)) {
        s.lines[at].manual = 0;
        s.lines[at].choice = k;
        s.lines[at].ticked = true;
      }
  }
  ui::same_line_if_fits("[] Afficher les d\u00e9bits");
  ui::checkbox("Afficher les d\u00e9bits", &s.show_debits);
  if (!forms::narrow())
    ui::note("Clavier : Alt+A tout accepter (s\u00fbrs) \u00b7 Alt+N ligne \u00e0 revoir suivante \u00b7 Alt+1, Alt+2\u2026 "
             "choisir sa proposition");

  // The lines, then the footer kept in view below them.
  const float footer = ImGui::GetFrameHeightWithSpacing() * 1.5f +
                       ImGui::GetTextLineHeightWithSpacing() * (s.submit_error.empty() ? 1.5f : 4.0f);
  draw_lines(s, app, std::max(ui::em(10), ImGui::GetContentRegionAvail().y - footer));
  draw_footer(s, app);
}

}  // namespace ui_bank

void BankScreen::draw() { ui_bank::draw(state_, *app_); }

void BankScreen::open_file(platform::OpenedFile file) {
  App& app = *app_;
  BankState& s = state_;
  if (s.submitting) return;  // the confirmed payments are on their way: keep them
  const int back = app.screen == Screen::bank ? s.back : static_cast<int>(app.screen);
  s = BankState{};
  s.back = back;
  s.name = file.name.empty() ? std::string("relev\u00e9") : file.name;
  s.bytes = std::move(file.bytes);
  app.navigate({Screen::bank});
  platform::request_redraw();
  const Ledger& l = app.ws.ledger();
  const bool csv = ui_bank::is_csv(s.bytes);
  // Columns remembered for this account (or this header) first; if they no
  // longer fit (the bank changed its export), the presets.
  std::optional<bank::CsvColumns> remembered;
  if (csv)
    if (const SavedMapping* m = remembered_bank_mapping(l, s.bytes)) remembered = bank_columns_of(*m);
  ui_bank::read_statement(s, remembered, remembered.has_value(), [&s, &app, remembered, csv](readers::BankAnswer a) {
    if (!a.failure.empty()) {
      s.error = "Relev\u00e9 \u00ab " + s.name + " \u00bb non lu : " + a.failure + ". Rien n\u2019a \u00e9t\u00e9 enregistr\u00e9.";
      return;
    }
    if (a.statement) {
      if (a.used_columns) {
        s.columns = remembered;
        s.remembered = true;
      }
      ui_bank::set_statement(s, app, std::move(*a.statement));
      return;
    }
    // A CSV no preset reads: its columns, from the user.
    // (the presets found no header: the error names the file, not a line).
    Error e = a.error;
    if (csv && e.where == s.name) {
      ui_bank::open_mapping(s, "");
      return;
    }
    // Where, without the file's name said twice: « ligne 12 », « /Document/…/Amt ».
    if (e.where.rfind(s.name, 0) == 0) {
      e.where.erase(0, s.name.size());
      e.where.erase(0, e.where.find_first_not_of(":, "));
    }
    s.error = "Relev\u00e9 \u00ab " + s.name + " \u00bb illisible : " + ui_bank::error_line(e) +
              ". Rien n\u2019a \u00e9t\u00e9 enregistr\u00e9.";
  });
}

bool BankScreen::is_statement(const Ledger& l, std::string_view bytes) {
  // A JSON file (a backup, a rates table) is never one, whatever its commas.
  const std::size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string_view::npos && (bytes[first] == '{' || bytes[first] == '[')) return false;
  const std::optional<bank::Format> f = bank::detect_format(bytes);
  if (!f) return false;
  if (*f != bank::Format::csv) return true;
  // A CSV: the invoice importer's first, by a mapping remembered for its
  // header or by its columns.
  if (remembered_invoice_mapping(l, bytes, {})) return false;
  if (invoice_csv_missing_columns(bytes) == 0) return false;
  if (remembered_bank_mapping(l, bytes)) return true;
  // A bank preset finds its header in its start (among the first 40 lines);
  // the movements are read by the readers module once it is routed here.
  std::string_view head = bytes.substr(0, std::size_t{64} << 10);
  if (head.size() < bytes.size())
    if (const std::size_t nl = head.rfind('\n'); nl != std::string_view::npos) head = head.substr(0, nl + 1);
  return bank::bank_csv_has_header(head);
}

}  // namespace relance
