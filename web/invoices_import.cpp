// Factures › import of e-invoices: the files received, the plan the core
// makes of them against the ledger, and the one command that imports them.
#include "web/invoices_import.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <string>
#include <utility>

#include "core/readers.h"
#include "core/zip.h"
#include "imgui.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/ui.h"

namespace relance::invoices {

namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) !=
        std::tolower(static_cast<unsigned char>(suffix[i])))
      return false;
  return true;
}

// The local name of the XML root element ("Invoice" for <ubl:Invoice ...>),
// read from the start of the text; empty when it does not look like XML.
std::string xml_root_name(std::string_view b) {
  b = b.substr(0, 8192);
  if (b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
  std::size_t i = 0;
  while (i < b.size()) {
    while (i < b.size() && std::isspace(static_cast<unsigned char>(b[i]))) ++i;
    if (i >= b.size() || b[i] != '<') return {};
    if (b.substr(i, 4) == "<!--") {
      const std::size_t e = b.find("-->", i + 4);
      if (e == std::string_view::npos) return {};
      i = e + 3;
    } else if (b.substr(i, 2) == "<?" || b.substr(i, 2) == "<!") {
      const std::size_t e = b.find('>', i + 2);
      if (e == std::string_view::npos) return {};
      i = e + 1;
    } else {
      std::size_t j = i + 1;
      while (j < b.size() && !std::isspace(static_cast<unsigned char>(b[j])) && b[j] != '>' && b[j] != '/') ++j;
      std::string_view qname = b.substr(i + 1, j - i - 1);
      if (const std::size_t colon = qname.find(':'); colon != std::string_view::npos) qname.remove_prefix(colon + 1);
      return std::string(qname);
    }
  }
  return {};
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n > 1 ? many : one);
}

// Recomputes the plan when the files or the ledger changed.
void refresh_plan(EinvoiceImport& imp, App& app) {
  if (imp.submitting) return;
  if (imp.plan && imp.plan_revision == app.ws.revision() && imp.plan_files == imp.files.size()) return;
  imp.plan = einvoice::plan_read_einvoices(app.ws.ledger(), imp.files);
  imp.plan_revision = app.ws.revision();
  imp.plan_files = imp.files.size();
}

void close_import(EinvoiceImport& imp) { imp = EinvoiceImport{}; }

// A note automation finds by its text.
void tracked_note(const std::string& text) {
  ui::note(text);
  ui::track(text);
}

// One importable file: its number and client, then what it is.
void draw_imported(const einvoice::FilePlan& f, std::size_t i) {
  ImGui::PushID(static_cast<int>(i));
  const std::string title = f.number + " \u00b7 " + f.client;
  ui::text_wrapped("%s", title.c_str());
  ui::track(title);
  if (f.new_client) {
    // Beside the title when it fits, else under it (a phone).
    forms::same_line_if_room(ImGui::CalcTextSize("nouveau client").x + ui::em(1.5f));
    forms::badge("nouveau client", ImVec4(0.86f, 0.93f, 1.0f, 1.0f));
    ui::track("nouveau client##" + f.file);
  }
  std::string what = f.kind == InvoiceKind::credit_note ? "Avoir" : "Facture";
  if (f.kind == InvoiceKind::credit_note && !f.credits.empty()) what += " sur " + f.credits;
  what += " \u00b7 \u00e9mise le " + forms::date_fr(f.issue_date);
  if (f.kind != InvoiceKind::credit_note) what += " \u00b7 \u00e9ch\u00e9ance " + forms::date_fr(f.due_date);
  what += " \u00b7 TTC " + forms::eur(f.ttc);
  if (f.kind != InvoiceKind::credit_note) what += " \u00b7 reste d\u00fb " + forms::eur(f.balance);
  forms::colored_text(forms::muted_color(), what);
  ui::text_disabled("%s", f.file.c_str());
  for (const std::string& n : f.notes) forms::warning_text(n);
  ImGui::PopID();
  ImGui::Spacing();
}

void submit_import(InvoicesUi& s, App& app) {
  EinvoiceImport& imp = s.import;
  imp.submitting = true;
  imp.submit_error.clear();
  const std::size_t count = imp.plan->batch.invoices.size();
  app.ws.submit(imp.plan->batch, [&s, &app, count](const Result<Applied>& done) {
    EinvoiceImport& i2 = s.import;
    i2.submitting = false;
    if (!done) {
      i2.submit_error = "Import refus\u00e9 : " + forms::capitalized(done.error().message()) +
                        ". Rien n\u2019a \u00e9t\u00e9 import\u00e9.";
      i2.plan.reset();  // planned again against the ledger as it is now
      return;
    }
    close_import(i2);
    s.selected = 0;
    s.draft.open = false;
    s.scroll_to_selected = false;
    app.notify(plural(count, "facture import\u00e9e", "factures import\u00e9es"));
  });
}

}  // namespace

bool is_einvoice_file(std::string_view name, std::string_view bytes) {
  if (bytes.substr(0, 5) == "%PDF-" || looks_like_zip(bytes)) return true;
  const std::string root = xml_root_name(bytes);
  if (root == "Invoice" || root == "CreditNote" || root == "CrossIndustryInvoice") return true;
  if (ends_with_ci(name, ".pdf")) return true;
  return ends_with_ci(name, ".xml") && root != "Document";  // Document: a bank statement (camt.05x)
}

void add_einvoice_file(EinvoiceImport& imp, platform::OpenedFile file) {
  if (imp.submitting) return;  // the confirmed batch is on its way: keep it
  static std::uint64_t generations = 0;
  if (!imp.open || !imp.generation) imp.generation = ++generations;
  imp.open = true;
  imp.submit_error.clear();
  // The same file given twice counts once (a .zip's members are its own).
  const std::pair<std::string, std::size_t> key{file.name, std::hash<std::string>{}(file.bytes)};
  if (!looks_like_zip(file.bytes)) {
    if (std::find(imp.received.begin(), imp.received.end(), key) != imp.received.end()) return;
    imp.received.push_back(key);
  }
  // Read in the readers module; the preview waits for every answer.
  ++imp.reading;
  const std::uint64_t gen = imp.generation;
  const std::string name = file.name;
  platform::read_files_in_worker(
      readers::Kind::einvoice, {{std::move(file.name), std::move(file.bytes)}}, "",
      [&imp, gen, name](std::string answer) {
        if (imp.generation != gen || !imp.reading) return;
        --imp.reading;
        readers::EinvoiceAnswer a = readers::einvoice_answer(answer);
        if (!a.failure.empty()) imp.unreadable.emplace_back(name, a.failure);
        for (einvoice::ReadFile& f : a.files) imp.files.push_back(std::move(f));
        for (std::string& sk : a.skipped) imp.skipped.push_back(std::move(sk));
        for (auto& u : a.unreadable) imp.unreadable.push_back(std::move(u));
        imp.plan.reset();
        platform::request_redraw();
      });
  imp.plan.reset();
  platform::request_redraw();
}

void pick_einvoices(App& app) {
  app.screens.settings.state().want = FileWant::einvoice;
  platform::pick_file(kEinvoiceAccept, true);
}

void draw_einvoice_import(InvoicesUi& s, App& app) {
  EinvoiceImport& imp = s.import;
  refresh_plan(imp, app);
  ui::heading("Importer des factures \u00e9lectroniques");
  ui::track("Importer des factures \u00e9lectroniques##titre");
  ui::note("Factur-X, ZUGFeRD (PDF), CII ou UBL (XML), ou une archive .zip de ces fichiers. D\u00e9posez d\u2019autres "
           "fichiers sur la page pour les ajouter \u00e0 cet import.");
  if (imp.reading > 0) {
    // The readers module has not answered for every file yet.
    tracked_note("Lecture du fichier\u2026");
    ImGui::BeginDisabled(imp.submitting);
    if (ui::button("Annuler##import-efactures")) close_import(imp);
    ImGui::EndDisabled();
    return;
  }
  if (!imp.plan) return;
  const einvoice::ImportPlan& plan = *imp.plan;
  const std::size_t n_import = plan.count(einvoice::Outcome::imported);
  const std::size_t n_known = plan.count(einvoice::Outcome::known);
  const std::size_t n_refused = plan.count(einvoice::Outcome::refused) + imp.unreadable.size();

  ImGui::BeginChild("##import-efactures", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * (forms::narrow() ? 4.5f : 3.0f)),
                    false);
  if (n_import > 0) {
    forms::ok_text("\u00c0 importer : " + plural(n_import, "facture", "factures") +
                   (plan.batch.clients.empty() ? std::string()
                                               : ", dont " + plural(plan.batch.clients.size(), "nouveau client",
                                                                    "nouveaux clients") + " \u00e0 cr\u00e9er") + ".");
    forms::begin_card("##a-importer");
    for (std::size_t i = 0; i < plan.files.size(); ++i)
      if (plan.files[i].outcome == einvoice::Outcome::imported) draw_imported(plan.files[i], i);
    forms::end_card();
  }
  if (n_known > 0) {
    ImGui::Spacing();
    forms::warning_text(plural(n_known, "facture d\u00e9j\u00e0 dans le registre, non import\u00e9e :",
                               "factures d\u00e9j\u00e0 dans le registre, non import\u00e9es :"));
    for (const einvoice::FilePlan& f : plan.files)
      if (f.outcome == einvoice::Outcome::known) {
        const std::string line = f.number + " (" + f.file + ") : d\u00e9j\u00e0 dans le registre";
        ImGui::Bullet();
        ui::text_wrapped("%s", line.c_str());
        ui::track(line);
      }
  }
  if (n_refused > 0) {
    ImGui::Spacing();
    forms::error_text(plural(n_refused, "fichier refus\u00e9, non import\u00e9 :", "fichiers refus\u00e9s, non import\u00e9s :"));
    for (const auto& [file, why] : imp.unreadable) forms::error_text(file + " : " + why);
    for (const einvoice::FilePlan& f : plan.files)
      if (f.outcome == einvoice::Outcome::refused) forms::error_text(f.file + " : " + f.why);
  }
  if (!imp.skipped.empty()) {
    ImGui::Spacing();
    std::string list;
    for (const std::string& sk : imp.skipped) list += (list.empty() ? "" : ", ") + sk;
    tracked_note("Fichiers de l\u2019archive laiss\u00e9s de c\u00f4t\u00e9 (ni PDF ni XML) : " + list);
  }
  ImGui::EndChild();

  ImGui::Separator();
  if (n_import == 0) {
    forms::error_text("Aucune facture \u00e0 importer : rien n\u2019a \u00e9t\u00e9 import\u00e9.");
  } else if (n_known + n_refused > 0) {
    tracked_note("Seules les " + plural(n_import, "facture", "factures") +
             " ci-dessus seront import\u00e9es, toutes ensemble ou aucune ; les autres fichiers sont laiss\u00e9s de c\u00f4t\u00e9.");
  } else {
    tracked_note("Les " + plural(n_import, "facture", "factures") + " seront import\u00e9es ensemble, en une seule fois.");
  }
  if (!imp.submit_error.empty()) forms::error_text(imp.submit_error);
  if (n_import > 0) {
    ImGui::BeginDisabled(imp.submitting);
    const std::string label = "Importer " + plural(n_import, "facture", "factures");
    if (ui::button(label.c_str())) submit_import(s, app);
    ImGui::EndDisabled();
    ui::same_line_if_fits("Annuler##import-efactures");
  }
  ImGui::BeginDisabled(imp.submitting);
  if (ui::button(n_import > 0 ? "Annuler##import-efactures" : "Fermer##import-efactures")) close_import(imp);
  ui::same_line_if_fits("Ajouter des fichiers\u2026");
  if (ui::button("Ajouter des fichiers\u2026")) pick_einvoices(app);
  ImGui::EndDisabled();
}

}  // namespace relance::invoices
