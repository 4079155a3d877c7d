// Generator of realistic ledgers: see generate.h.
//
// [SECTION] random numbers
// [SECTION] plans: what happens to each invoice, as dated events
// [SECTION] materialize: events in date order into the ledger (and commands)
#include "bench/generate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>

#include "core/defaults.h"
#include "core/numbering.h"
#include "core/terms.h"

namespace relance::bench {
namespace {

// ============================================================ [SECTION] random numbers
// splitmix64: tiny, fast and the same on every platform (the standard
// distributions are not), so a seed gives the same ledger everywhere.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi].
  int range(int lo, int hi) { return hi <= lo ? lo : lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(double p) { return unit() < p; }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[next() % N];
  }
};

constexpr std::array<const char*, 24> kSurnames = {
    "Martin",  "Bernard", "Dubois",  "Thomas",  "Robert",   "Richard", "Petit",   "Durand",
    "Leroy",   "Moreau",  "Simon",   "Laurent", "Lefèvre",  "Michel",  "Garcia",  "David",
    "Bertrand", "Roux",   "Vincent", "Fournier", "Morel",   "Girard",  "André",   "Lefebvre"};
constexpr std::array<const char*, 16> kFirstNames = {"Camille", "Léa",    "Manon",  "Chloé",  "Inès",    "Jade",
                                                     "Louise",  "Zoé",    "Lucas",  "Hugo",   "Théo",    "Nathan",
                                                     "Jules",   "Gabriel", "Raphaël", "Étienne"};
constexpr std::array<const char*, 12> kTrades = {"Plomberie", "Menuiserie", "Électricité", "Boulangerie",
                                                 "Transports", "Conseil",    "Paysages",    "Maçonnerie",
                                                 "Imprimerie", "Garage",     "Traiteur",    "Informatique"};
constexpr std::array<const char*, 4> kForms = {"SARL", "SAS", "EURL", "SA"};
constexpr std::array<const char*, 10> kCities = {"Lyon",  "Paris",    "Marseille", "Toulouse", "Nantes",
                                                 "Lille", "Bordeaux", "Rennes",    "Grenoble", "Dijon"};
constexpr std::array<const char*, 8> kLabels = {
    "Travaux de rénovation de la cuisine",     "Maintenance annuelle des installations",
    "Fourniture et pose de menuiseries",       "Prestation de conseil (phase 2)",
    "Dépannage et remplacement du chauffe-eau", "Livraison de marchandises, bon n°",
    "Entretien des espaces verts, trimestre",  "Impression de documents commerciaux"};
constexpr std::array<const char*, 4> kDisputes = {"Travaux non terminés selon le client", "Quantités contestées",
                                                  "Retard de livraison invoqué", "Facture adressée à la mauvaise entité"};

// ============================================================ [SECTION] plans
enum class Ev : std::uint8_t {
  // Same-day order: what must exist or be counted before the next one.
  add_invoice,
  payment,
  credit_note,
  open_dispute,
  close_dispute,
  promise,
  plan,
  write_off,
  pause,
  action,
};

struct Event {
  Date date;
  Ev kind;
  std::uint32_t seq;   // generation order: ties keep it
  std::uint32_t doc;   // index of the base invoice
  std::uint32_t data;  // index into the pool of its kind
};

struct CreditPlan {
  Cents amount = 0;
  std::string reason;
};

struct Planner {
  const GenOptions& o;
  Rng rng;
  const Ledger& l;  // clients, chains, settings
  std::vector<Invoice> docs;
  std::vector<Event> events;
  std::vector<Payment> payments;
  std::vector<CreditPlan> credits;
  std::vector<Promise> promises;
  std::vector<std::vector<Instalment>> plans;
  std::vector<HistoryEntry> actions;  // invoices hold doc indices until materialized
  std::vector<std::string> reasons;   // disputes, write-offs, pauses

  void add(Date date, Ev kind, std::size_t doc, std::size_t data = 0) {
    events.push_back({date, kind, static_cast<std::uint32_t>(events.size()), static_cast<std::uint32_t>(doc),
                      static_cast<std::uint32_t>(data)});
  }
  std::uint32_t reason(std::string r) {
    reasons.push_back(std::move(r));
    return static_cast<std::uint32_t>(reasons.size() - 1);
  }
  void pay(std::size_t doc, Date date, Cents amount) {
    Payment p;
    p.date = date;
    p.amount = amount;
    const int m = rng.range(0, 9);
    p.method = m < 6 ? PaymentMethod::transfer : m < 8 ? PaymentMethod::cheque : m < 9 ? PaymentMethod::card
                                                                                       : PaymentMethod::direct_debit;
    if (p.method == PaymentMethod::transfer) p.reference = "VIR " + std::to_string(rng.next() % 100000000);
    if (p.method == PaymentMethod::cheque) p.reference = "Chèque n°" + std::to_string(1000000 + rng.next() % 9000000);
    payments.push_back(std::move(p));
    add(date, Ev::payment, doc, payments.size() - 1);
  }

  // Reminder texts of realistic length: SMS ~160 bytes, e-mails ~400, letters ~1.3 KB.
  std::string text_for(const Step& s, const Invoice& inv, const Client& c, Date date) {
    const std::string ref = inv.number + " du " + to_fr(inv.issue_date) + " (" + format_eur(inv.ttc) + ")";
    switch (s.channel) {
      case Channel::sms:
        return "Bonjour, sauf erreur la facture " + ref + " échue le " + to_fr(inv.due_date) +
               " reste à régler. Merci ! SARL Bench 04 78 00 00 00";
      case Channel::phone: return "Appeler " + (c.contact.empty() ? c.name : c.contact) + " au " + c.phone + " pour " + ref;
      case Channel::registered_notice:
      case Channel::handover: {
        std::string t = "Lettre recommandée avec avis de réception\n\n" + c.name + "\n" + c.address.line1 + "\n" +
                        c.address.postcode + " " + c.address.city + "\n\nLyon, le " + to_fr_long(date) +
                        "\n\nObjet : mise en demeure de payer\n\nMadame, Monsieur,\n\nMalgré nos relances, la facture " +
                        ref + ", échue le " + to_fr(inv.due_date) +
                        ", demeure impayée à ce jour. Nous vous mettons en demeure de nous régler cette somme sous huit "
                        "jours à compter de la réception de la présente.\n\n";
        t += c.kind == ClientKind::business
                 ? "Conformément à l'article L441-10 du Code de commerce, cette somme est majorée des pénalités de "
                   "retard au taux de la BCE majoré de dix points et de l'indemnité forfaitaire de recouvrement de "
                   "40 euros.\n\n"
                 : "À défaut, cette somme portera intérêts au taux légal à compter de la présente mise en demeure "
                   "(article 1344-1 du Code civil).\n\n";
        t += "Faute de règlement dans ce délai, nous saisirons la juridiction compétente sans autre avis.\n\n"
             "Veuillez agréer, Madame, Monsieur, nos salutations distinguées.\n\nCamille Bench, gérante";
        return t;
      }
      default:
        return "Bonjour,\n\nSauf erreur de notre part, la facture " + ref + ", arrivée à échéance le " +
               to_fr(inv.due_date) +
               ", reste impayée à ce jour.\n\nNous vous remercions de bien vouloir procéder à son règlement dans les "
               "meilleurs délais, ou de nous indiquer si vous rencontrez une difficulté.\n\nSi votre paiement a "
               "croisé ce message, merci de ne pas en tenir compte.\n\nCordialement,\nCamille Bench\nSARL Bench";
    }
  }

  void action(std::size_t doc, const Client& c, ActionKind kind, const Chain* chain, int step, Channel channel,
              Date date, std::string subject, std::string text) {
    HistoryEntry h;
    h.date = date;
    h.client = c.id;
    h.invoices = {static_cast<InvoiceId>(doc)};
    h.kind = kind;
    if (chain) h.chain_id = chain->id;
    h.step = step;
    h.channel = channel;
    h.recipient = channel == Channel::sms || channel == Channel::phone ? c.phone
                  : channel == Channel::email                          ? c.email
                                                                       : c.address.line1 + ", " + c.address.postcode + " " + c.address.city;
    h.subject = std::move(subject);
    h.text = std::move(text);
    actions.push_back(std::move(h));
    add(date, Ev::action, doc, actions.size() - 1);
  }

  // The reminders a user following the client's chain records before `limit`
  // (exclusive): steps in order, no sooner than the chain's spacing, a day
  // or three late because people are busy, sometimes given up.
  bool remind(std::size_t doc, const Client& c, Date limit) {
    const Invoice& inv = docs[doc];
    const Chain* chain = chain_for(l, c);
    if (!chain || c.do_not_chase) return false;
    Date last;
    bool any = false;
    for (int k = 0; k < static_cast<int>(chain->steps.size()); ++k) {
      const Step& s = chain->steps[static_cast<std::size_t>(k)];
      Date planned = inv.due_date + s.offset_days;
      if (last.ok()) planned = std::max(planned, last + chain->min_days_between);
      const Date when = planned + (s.offset_days <= 0 ? 0 : rng.range(0, 3));
      if (s.offset_days <= 0 && (when < inv.issue_date || when > inv.due_date || rng.chance(0.3))) continue;
      if (when >= limit || when > o.today) break;
      if (rng.chance(0.04)) break;  // the user let it go
      const std::string subject = s.channel == Channel::sms || s.channel == Channel::phone
                                      ? std::string()
                                      : s.name + " : facture " + inv.number;
      action(doc, c, ActionKind::reminder, chain, k, s.channel, when, subject, text_for(s, inv, c, when));
      if (s.channel == Channel::phone && rng.chance(0.5))
        action(doc, c, ActionKind::call_note, nullptr, -1, Channel::phone, when, {},
               "Appel à " + (c.contact.empty() ? c.name : c.contact) + " : dit avoir transmis la facture " +
                   inv.number + " à son comptable, paiement « dans les prochains jours ».");
      last = when;
      any = true;
    }
    return any;
  }

  void plan_invoice(std::size_t doc, std::size_t client_index, bool credited) {
    const Client& c = l.clients[client_index];
    Invoice& inv = docs[doc];
    const Date today = o.today;
    add(inv.issue_date, Ev::add_invoice, doc);

    Cents owed = inv.ttc;
    Date settle;                   // the day it was paid in full
    Date stop = today + 1;         // reminders only before this
    bool cancelled = false;
    if (credited) {
      if (rng.chance(0.6)) {  // cancelled by a full credit note, soon after issue
        const Date d = std::min(inv.issue_date + rng.range(0, 20), today);
        credits.push_back({inv.ttc, "Facture annulée : erreur de destinataire"});
        add(d, Ev::credit_note, doc, credits.size() - 1);
        stop = d;
        cancelled = true;
      } else {
        const Cents cut = inv.ttc * rng.range(10, 30) / 100;
        const Date d = std::min(inv.issue_date + rng.range(5, 60), today);
        credits.push_back({cut, "Remise commerciale accordée"});
        add(d, Ev::credit_note, doc, credits.size() - 1);
        owed -= cut;
      }
    }

    if (!cancelled && rng.chance(0.70)) {
      const bool on_time = rng.chance(c.bad_payer ? 0.2 : 0.6);
      const int window = std::max(0, inv.due_date - inv.issue_date);
      // Late payers: most within a month or two, a long tail.
      const int late = 1 + static_cast<int>(-std::log(1.0 - rng.unit() * 0.999) * 25.0);
      const Date when = on_time ? inv.issue_date + rng.range(0, window) : inv.due_date + std::min(late, 400);
      if (when <= today) {
        if (owed > 1 && rng.chance(0.15)) {  // in two goes
          const Cents first = owed * rng.range(30, 70) / 100;
          pay(doc, inv.issue_date + rng.range(0, std::max(0, when - inv.issue_date)), first);
          pay(doc, when, owed - first);
        } else {
          pay(doc, when, owed);
        }
        settle = when;
      }
    }

    if (!cancelled && !settle.ok()) {
      const bool late = inv.due_date < today;
      Date partial_by = today;  // a partial payment, if any, comes before this
      const double r = rng.unit();
      if (late && r < 0.015 && inv.due_date < today - 400) {
        const Date w = std::min(inv.due_date + rng.range(365, 500), today);
        add(w, Ev::write_off, doc, reason("Client en liquidation judiciaire"));
        stop = w;
        partial_by = w;
      } else if (late && r < 0.045) {
        const Date opened = std::min(inv.due_date + rng.range(1, 60), today);
        add(opened, Ev::open_dispute, doc, reason(rng.pick(kDisputes)));
        if (rng.chance(0.35) && opened + 5 <= today) add(std::min(opened + rng.range(5, 60), today), Ev::close_dispute, doc);
        stop = opened;
      } else if (late && !credited && r < 0.065 && inv.due_date + 20 <= today && owed >= 300) {
        // A payment plan agreed after the reminders, three monthly instalments.
        const Date p = std::min(inv.due_date + rng.range(20, 90), today);
        Cents left = owed;
        if (owed > 3 && rng.chance(0.3)) {
          const Cents part = owed * rng.range(10, 30) / 100;
          pay(doc, inv.issue_date + rng.range(0, std::max(0, p - inv.issue_date)), part);
          left -= part;
        }
        std::vector<Instalment> plan;
        for (int k = 0; k < 3; ++k) plan.push_back({p + 15 + 30 * k, k < 2 ? left / 3 : left - 2 * (left / 3)});
        plans.push_back(plan);
        add(p, Ev::plan, doc, plans.size() - 1);
        for (const Instalment& i : plan)
          if (i.due <= today && i.amount > 0 && rng.chance(0.8)) pay(doc, i.due, i.amount);
          else break;
        stop = p;
        partial_by = Date();  // done above
      } else if (late && r < 0.115) {
        Promise pr;
        pr.made_on = std::min(inv.due_date + rng.range(10, 70), today);
        pr.promised_for = pr.made_on + rng.range(7, 30);
        pr.note = "Promesse au téléphone";
        pr.acknowledges_debt = rng.chance(0.5);
        promises.push_back(pr);
        add(pr.made_on, Ev::promise, doc, promises.size() - 1);
        stop = pr.made_on;
      } else if (late && r < 0.122) {
        const Date d = std::max(inv.issue_date, today - rng.range(0, 30));
        add(d, Ev::pause, doc, reason("Client en vacances, reprise à son retour"));
        stop = d;
      }
      if (partial_by.ok() && owed > 1 && rng.chance(0.25)) {
        const Cents part = owed * rng.range(20, 70) / 100;
        pay(doc, inv.issue_date + rng.range(0, std::max(0, partial_by - inv.issue_date)), part);
      }
    }

    const Date limit = settle.ok() ? std::min(settle, stop) : stop;
    const bool reminded = remind(doc, c, limit);
    if (reminded && settle.ok() && rng.chance(0.5)) {
      const Date d = settle + rng.range(0, 3);
      if (d <= today) {
        const bool b2b = c.kind == ClientKind::business;
        action(doc, c, ActionKind::thanks, nullptr, -1, b2b ? Channel::email : Channel::sms, d,
               b2b ? "Merci pour votre règlement" : "",
               "Bonjour, nous avons bien reçu votre règlement de la facture " + inv.number + ". Merci et à bientôt !");
      }
    }
  }
};

Client make_client(Rng& rng, ClientId id) {
  Client c;
  c.id = id;
  c.code = "C" + std::to_string(100000 + id);
  c.kind = rng.chance(1.0 / 3.0) ? ClientKind::consumer : ClientKind::business;
  const std::string surname = rng.pick(kSurnames);
  const std::string city = rng.pick(kCities);
  if (c.kind == ClientKind::business) {
    c.name = std::string(rng.pick(kTrades)) + " " + surname + " " + rng.pick(kForms);
    c.contact = (rng.chance(0.5) ? "Mme " : "M. ") + std::string(rng.pick(kSurnames));
    c.email = "compta" + std::to_string(id) + "@exemple-" + std::to_string(id % 997) + ".fr";
    c.siren = std::to_string(100000000 + rng.next() % 900000000);
    const int t = rng.range(0, 9);
    c.terms = t < 5 ? PaymentTerms{TermsMethod::net, 30}
              : t < 7 ? PaymentTerms{TermsMethod::end_of_month, 45}
              : t < 8 ? PaymentTerms{TermsMethod::eom_then_days, 45}
                      : PaymentTerms{TermsMethod::net, 60};
  } else {
    c.name = std::string(rng.pick(kFirstNames)) + " " + surname;
    if (rng.chance(0.7)) c.email = "client" + std::to_string(id) + "@courriel.example";
    c.terms = rng.chance(0.5) ? PaymentTerms{TermsMethod::net, 0} : PaymentTerms{TermsMethod::net, 15};
  }
  c.phone = "06 " + std::to_string(10 + rng.next() % 90) + " " + std::to_string(10 + rng.next() % 90) + " " +
            std::to_string(10 + rng.next() % 90) + " " + std::to_string(10 + rng.next() % 90);
  c.address = {std::to_string(rng.range(1, 120)) + " rue " + (rng.chance(0.5) ? "des Lilas" : "Victor Hugo"), "",
               std::to_string(rng.range(10, 95)) + "000", city, ""};
  c.bad_payer = rng.chance(0.05);
  c.do_not_chase = rng.chance(0.01);
  return c;
}

}  // namespace

// ============================================================ [SECTION] materialize
Ledger generate_ledger(const GenOptions& o, GenStats* stats) {
  Rng rng{o.seed * 0x2545F4914F6CDD1Dull + 1};
  Ledger l = make_empty_ledger();
  l.company.name = "SARL Bench";
  l.company.legal_form = "SARL";
  l.company.address = {"1 place Bellecour", "", "69002", "Lyon", ""};
  l.company.siren = "123456789";
  l.company.siret = "12345678900012";
  l.company.email = "compta@bench.example";
  l.company.iban = "FR76 3000 6000 0112 3456 7890 189";
  l.company.signatory = "Camille Bench";
  if (o.commands) o.commands->push_back(cmd::SetCompany{l.company});

  const std::size_t n = std::max<std::size_t>(o.invoices, 1);
  const std::size_t n_clients = std::max<std::size_t>(n / 10, 1);
  l.clients.reserve(n_clients);
  for (std::size_t i = 0; i < n_clients; ++i) {
    Client c = make_client(rng, l.next_client_id++);
    if (o.commands) {
      Client given = c;
      given.id = 0;
      o.commands->push_back(cmd::AddClient{given});
    }
    l.clients.push_back(std::move(c));
  }

  // About one credit note per fifty invoices, so that documents add up to n.
  const std::size_t n_credits = n / 51;
  const std::size_t n_base = n - n_credits;
  Planner p{o, rng, l, {}, {}, {}, {}, {}, {}, {}, {}};
  p.docs.resize(n_base);
  p.events.reserve(n_base * 4);
  std::vector<Date> issued(n_base);
  const int span = 3 * 365 + 30;
  for (Date& d : issued) d = o.today - p.rng.range(1, span);
  std::sort(issued.begin(), issued.end());
  std::vector<std::size_t> client_of(n_base);
  std::size_t need = n_credits;
  std::map<int, int> counters;
  for (std::size_t i = 0; i < n_base; ++i) {
    // A few clients weigh much more than the others, as in real books.
    const std::size_t ci = std::min(n_clients - 1, static_cast<std::size_t>(std::pow(p.rng.unit(), 1.5) * n_clients));
    client_of[i] = ci;
    const Client& c = l.clients[ci];
    Invoice& inv = p.docs[i];
    inv.client = c.id;
    inv.kind = InvoiceKind::invoice;
    inv.state = Lifecycle::issued;
    inv.issue_date = issued[i];
    inv.due_date = due_date_for(c.terms, issued[i]);
    inv.number = format_number(l.settings.invoice_pattern, issued[i], ++counters[issued[i].year()]);
    // Amounts: log-uniform, 40 € to 20 000 € HT for businesses, 30 € to 3 000 € for consumers.
    const bool b2b = c.kind == ClientKind::business;
    const double lo = std::log(b2b ? 4000.0 : 3000.0), hi = std::log(b2b ? 2000000.0 : 300000.0);
    inv.ht = static_cast<Cents>(std::exp(lo + (hi - lo) * p.rng.unit()));
    const int vat_rate = p.rng.chance(0.8) ? 2000 : p.rng.chance(0.5) ? 1000 : 550;
    inv.vat = round_div(static_cast<__int128>(inv.ht) * vat_rate, 10000);
    inv.ttc = inv.ht + inv.vat;
    inv.label = std::string(p.rng.pick(kLabels)) + " " + std::to_string(p.rng.range(1, 999));
    if (b2b && p.rng.chance(0.1)) inv.contractual_rate = 15 * kPercent;
    const bool credited = need > 0 && p.rng.unit() * static_cast<double>(n_base - i) < static_cast<double>(need);
    if (credited) --need;
    p.plan_invoice(i, ci, credited);
  }

  std::sort(p.events.begin(), p.events.end(), [](const Event& a, const Event& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.seq < b.seq;
  });

  l.invoices.reserve(n);
  l.history.reserve(p.actions.size());
  std::vector<InvoiceId> id_of(n_base, 0);
  std::map<int, int> credit_counters;
  auto invoice = [&](std::uint32_t doc) -> Invoice& { return l.invoices[static_cast<std::size_t>(id_of[doc] - 1)]; };
  for (const Event& e : p.events) {
    switch (e.kind) {
      case Ev::add_invoice: {
        Invoice& inv = p.docs[e.doc];
        if (o.commands) o.commands->push_back(cmd::AddInvoice{inv});
        inv.id = l.next_invoice_id++;
        id_of[e.doc] = inv.id;
        l.invoices.push_back(std::move(inv));
        break;
      }
      case Ev::payment: {
        Payment pay = std::move(p.payments[e.data]);
        if (o.commands) o.commands->push_back(cmd::RecordPayment{id_of[e.doc], pay});
        pay.id = l.next_payment_id++;
        invoice(e.doc).payments.push_back(std::move(pay));  // events come in date order
        break;
      }
      case Ev::credit_note: {
        // What cmd::IssueCreditNote does, field by field.
        const CreditPlan& cp = p.credits[e.data];
        Invoice& t = invoice(e.doc);
        if (o.commands) o.commands->push_back(cmd::IssueCreditNote{t.id, e.date, cp.amount, cp.reason});
        Invoice note;
        note.kind = InvoiceKind::credit_note;
        note.state = Lifecycle::issued;
        note.client = t.client;
        note.issue_date = e.date;
        note.due_date = e.date;
        note.ttc = cp.amount;
        if (cp.amount == t.ttc - t.credited && t.ttc > 0) {
          note.ht = t.ht * cp.amount / t.ttc;
          note.vat = t.ht == 0 && t.vat == 0 ? 0 : cp.amount - note.ht;
          if (t.ht == 0 && t.vat == 0) note.ht = 0;
        }
        note.credits = t.id;
        note.label = "Avoir sur la facture " + t.number;
        note.cancel_reason = cp.reason;
        note.number = format_number(l.settings.credit_note_pattern, e.date, ++credit_counters[e.date.year()]);
        note.id = l.next_invoice_id++;
        const bool cancels = cp.amount == t.ttc - t.credited && paid_amount(t) == 0;
        t.credited += cp.amount;
        if (cancels) {
          t.state = Lifecycle::cancelled;
          t.closed_on = e.date;
          t.cancel_reason = cp.reason;
        }
        l.invoices.push_back(std::move(note));  // t is not used past this point
        break;
      }
      case Ev::open_dispute: {
        Invoice& inv = invoice(e.doc);
        if (o.commands) o.commands->push_back(cmd::OpenDispute{inv.id, e.date, p.reasons[e.data]});
        inv.disputes.push_back({e.date, p.reasons[e.data], Date()});
        break;
      }
      case Ev::close_dispute: {
        Invoice& inv = invoice(e.doc);
        if (o.commands) o.commands->push_back(cmd::CloseDispute{inv.id, e.date});
        inv.disputes.back().closed = e.date;
        break;
      }
      case Ev::promise: {
        Invoice& inv = invoice(e.doc);
        if (o.commands) o.commands->push_back(cmd::AddPromise{inv.id, p.promises[e.data]});
        inv.promises.push_back(p.promises[e.data]);
        break;
      }
      case Ev::plan: {
        Invoice& inv = invoice(e.doc);
        if (o.commands) o.commands->push_back(cmd::SetPlan{inv.id, p.plans[e.data]});
        inv.plan = std::move(p.plans[e.data]);
        break;
      }
      case Ev::write_off: {
        Invoice& inv = invoice(e.doc);
        if (o.commands) o.commands->push_back(cmd::WriteOff{inv.id, e.date, p.reasons[e.data]});
        inv.state = Lifecycle::written_off;
        inv.closed_on = e.date;
        inv.cancel_reason = p.reasons[e.data];
        break;
      }
      case Ev::pause: {
        Invoice& inv = invoice(e.doc);
        if (o.commands) o.commands->push_back(cmd::SetPaused{inv.id, true, p.reasons[e.data]});
        inv.paused = true;
        inv.pause_reason = p.reasons[e.data];
        break;
      }
      case Ev::action: {
        HistoryEntry h = std::move(p.actions[e.data]);
        for (InvoiceId& id : h.invoices) id = id_of[static_cast<std::size_t>(id)];
        if (o.commands) o.commands->push_back(cmd::RecordAction{h});
        h.id = l.next_history_id++;
        l.history.push_back(std::move(h));
        break;
      }
    }
  }

  if (stats) {
    GenStats& s = *stats;
    s = {};
    s.clients = l.clients.size();
    for (const Client& c : l.clients) s.consumers += c.kind == ClientKind::consumer;
    for (const Invoice& inv : l.invoices) {
      if (inv.kind == InvoiceKind::credit_note) {
        ++s.credit_notes;
        continue;
      }
      ++s.invoices;
      s.payments += inv.payments.size();
      s.disputes += !inv.disputes.empty();
      s.promises += !inv.promises.empty();
      s.plans += !inv.plan.empty();
      s.paused += inv.paused;
      if (inv.state == Lifecycle::cancelled) ++s.cancelled;
      if (inv.state == Lifecycle::written_off) ++s.written_off;
      if (inv.state != Lifecycle::issued) continue;
      if (const auto settled = settled_on(l, inv)) {
        ++s.paid;
        s.paid_late += *settled > inv.due_date;
      } else if (balance(l, inv) > 0) {
        ++s.open;
        s.open_late += days_late(l, inv, o.today) > 0;
        s.partly_paid += !inv.payments.empty();
      }
    }
    s.history = l.history.size();
    for (const HistoryEntry& h : l.history) {
      s.reminders += h.kind == ActionKind::reminder;
      s.call_notes += h.kind == ActionKind::call_note;
      s.thanks += h.kind == ActionKind::thanks;
    }
  }
  return l;
}

}  // namespace relance::bench
