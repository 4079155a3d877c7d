// relance penalties: the late-payment computation on figures given as flags.
#include <algorithm>

#include "cli/commands.h"
#include "core/limitation.h"
#include "core/penalties.h"
#include "core/terms.h"

namespace relance::cli {
namespace {

Result<Cents> amount_flag(const std::string& flag, const std::string& text) {
  const AmountParse p = parse_amount(text, AmountStyle::plain);
  if (!p.value) return Error{flag, "montant invalide « " + text + " » (" + p.error + " ; attendu 1234.56)"};
  if (*p.value < 0) return Error{flag, "montant négatif « " + text + " »"};
  if (*p.value == 0) return Error{flag, "montant nul"};
  return *p.value;
}

Json penalties_json(const Penalties& p) {
  Json lines = Json::array();
  for (const PenaltyLine& l : p.lines)
    lines.push_back({{"from", to_iso(l.from)},
                     {"to", to_iso(l.to)},
                     {"days", l.days},
                     {"base", format_decimal(l.base)},
                     {"rate", format_rate(l.rate)},
                     {"amount", format_decimal(l.amount)}});
  for (std::size_t i = 0; i < p.lines.size(); ++i)
    if (p.lines[i].judgment) lines[i]["judgment"] = true;
  Json out = {{"days_late", p.days_late},
          {"lines", lines},
          {"interest", format_decimal(p.interest)},
          {"indemnity", format_decimal(p.indemnity)},
          {"total", format_decimal(p.total)},
          {"warnings", p.warnings}};
  if (p.judgment_from.ok()) out["judgment_from"] = to_iso(p.judgment_from);
  if (!p.rate_notes.empty()) out["rate_notes"] = p.rate_notes;
  return out;
}

Status run_penalties(const Args& a) {
  if (!a.positional.empty()) return Error{a.positional[0], "argument inattendu"};
  const auto amount_text = a.get("--amount");
  if (!amount_text) return Error{"--amount", "montant TTC obligatoire (ex. --amount 10000.00)"};
  auto amount = amount_flag("--amount", *amount_text);
  if (!amount) return amount.error();
  auto due = date_flag(a, "--due", true);
  if (!due) return due.error();
  auto issue = date_flag(a, "--issue", false);
  if (!issue) return issue.error();
  if (issue->ok() && *due < *issue) return Error{"--due", "échéance antérieure à la date de facture (--issue)"};
  auto paid = date_flag(a, "--paid", false);
  if (!paid) return paid.error();
  auto until = date_flag(a, "--until", false);
  if (!until) return until.error();
  if (paid->ok() && until->ok()) return Error{"--until", "incompatible avec --paid (--paid vaut date de fin)"};
  if (!paid->ok() && !until->ok())
    return Error{"--until", "date de fin obligatoire : --paid DATE (solde payé ce jour-là) ou --until DATE"};

  PenaltyCase c;
  c.schedule = {{*due, *amount}};
  c.until = paid->ok() ? *paid : *until;
  if (issue->ok() && c.until < *issue) return Error{paid->ok() ? "--paid" : "--until", "antérieure à la date de facture"};

  Cents paid_so_far = 0;
  if (auto it = a.flags.find("--payment"); it != a.flags.end()) {
    for (const std::string& spec : it->second) {
      const auto eq = spec.find('=');
      if (eq == std::string::npos) return Error{"--payment", "« " + spec + " » : attendu DATE=MONTANT (2024-10-30=2000.00)"};
      const auto date = parse_iso_date(spec.substr(0, eq));
      if (!date) return Error{"--payment", "date impossible ou mal écrite dans « " + spec + " »"};
      auto value = amount_flag("--payment", spec.substr(eq + 1));
      if (!value) return value.error();
      if (issue->ok() && *date < *issue)
        return Error{"--payment", "paiement du " + to_iso(*date) + " antérieur à la facture du " + to_iso(*issue)};
      if (*date > c.until)
        return Error{"--payment", "paiement du " + to_iso(*date) + " après la date de fin " + to_iso(c.until)};
      paid_so_far += *value;
      c.payments.push_back({*date, *value});
    }
  }
  if (paid_so_far > *amount) return Error{"--payment", "les paiements dépassent le montant de la facture"};
  if (paid->ok() && paid_so_far < *amount) c.payments.push_back({*paid, *amount - paid_so_far});

  if (a.has("--consumer")) {
    c.kind = ClientKind::consumer;
    auto notice = date_flag(a, "--notice", false);
    if (!notice) return notice.error();
    c.notice = *notice;
    if (a.has("--rate")) return Error{"--rate", "pas de taux contractuel envers un consommateur : intérêts au taux légal"};
  } else if (a.has("--notice")) {
    return Error{"--notice", "ne sert qu'avec --consumer (entre professionnels, les pénalités courent sans mise en demeure)"};
  }
  if (a.has("--hospital") && !a.has("--public"))
    return Error{"--hospital", "ne sert qu'avec --public (établissement public de santé : délai de 50 jours)"};
  if (a.has("--public")) {
    if (a.has("--consumer")) return Error{"--public", "incompatible avec --consumer (un acheteur public est un professionnel)"};
    if (a.has("--rate"))
      return Error{"--rate", "pas de taux contractuel envers un acheteur public : intérêts moratoires au taux légal "
                             "(taux BCE + 8 points, Code de la commande publique R2192-31)"};
    c.public_buyer = a.has("--hospital") ? PublicBuyer::hospital : PublicBuyer::state;
  }
  if (auto rate = a.get("--rate")) {
    const auto bp = parse_rate(*rate);
    if (!bp || *bp < 0 || *bp > 100 * kPercent) return Error{"--rate", "taux invalide « " + *rate + " » (pourcentage, ex. 12.00)"};
    c.contractual_rate = *bp;
  }

  Jurisdiction custom;
  const Jurisdiction* j = &france();
  if (auto law = a.get("--law")) {
    if (a.has("--rates")) return Error{"--law", "incompatible avec --rates (le fichier donne déjà le droit applicable)"};
    j = law_pack(*law);
    if (!j) return Error{"--law", "droit « " + *law + " » inconnu (attendu : " + law_pack_ids() + ")"};
  }
  if (auto path = a.get("--rates")) {
    auto text = read_file(*path);
    if (!text) return Error{"--rates", text.error().message()};
    auto parsed = parse_jurisdiction(*text, *path);
    if (!parsed) return Error{"--rates", parsed.error().message()};
    custom = std::move(*parsed);
    j = &custom;
  }
  if (c.public_buyer != PublicBuyer::none && !j->public_buyer)
    return Error{"--public", "pas de règle pour les acheteurs publics dans « " + j->name + " »"};
  auto judgment = date_flag(a, "--judgment-notified", false);
  if (!judgment) return judgment.error();
  if (judgment->ok()) {
    if (!j->judgment) return Error{"--judgment-notified", "pas de majoration après jugement dans « " + j->name + " »"};
    if (*judgment < *due) return Error{"--judgment-notified", "jugement notifié avant l'échéance (--due)"};
    c.judgment_notified = *judgment;
  }
  auto court_claim = date_flag(a, "--court-claim", false);
  if (!court_claim) return court_claim.error();
  Penalties p = compute_penalties(*j, c);
  if (issue->ok())
    for (std::string& w : due_date_warnings(*issue, *due, c.kind, *j, c.public_buyer)) p.warnings.push_back(std::move(w));
  if (std::string w = case_time_barred_warning(*j, c, *court_claim); !w.empty()) p.warnings.insert(p.warnings.begin(), w);
  Json out = penalties_json(p);
  if (j->currency != "EUR") out["currency"] = j->currency;
  if (j->id != "fr") out["law"] = j->id;
  print_json(out);
  return Ok{};
}

}  // namespace

void add_penalties(std::map<std::string, CommandDef>& t) {
  t["penalties"] = {{{"--amount", Arity::one},
                     {"--due", Arity::one},
                     {"--issue", Arity::one},
                     {"--paid", Arity::one},
                     {"--until", Arity::one},
                     {"--payment", Arity::many},
                     {"--consumer", Arity::flag},
                     {"--notice", Arity::one},
                     {"--rate", Arity::one},
                     {"--rates", Arity::one},
                     {"--court-claim", Arity::one},
                     {"--public", Arity::flag},
                     {"--hospital", Arity::flag},
                     {"--judgment-notified", Arity::one},
                     {"--law", Arity::one}},
                    run_penalties};
}

}  // namespace relance::cli
