#include "core/bank/match.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"

namespace relance::bank {

const char* to_string(Confidence c) {
  switch (c) {
    case Confidence::sure: return "sure";
    case Confidence::likely: return "likely";
    case Confidence::possible: return "possible";
  }
  return "possible";
}

const char* to_string(LineStatus s) {
  switch (s) {
    case LineStatus::matched: return "matched";
    case LineStatus::ambiguous: return "ambiguous";
    case LineStatus::unmatched: return "unmatched";
    case LineStatus::debit: return "debit";
    case LineStatus::known: return "known";
  }
  return "unmatched";
}

namespace {

// Words a name carries that say nothing about who it is (sorted: looked up
// by binary search, no hashing per word).
constexpr std::string_view kIgnoredWords[] = {
    "bv",      "earl",   "ei",       "eirl",  "entreprise", "et",    "etablissements", "ets",   "eurl",
    "gaec",    "gie",    "gmbh",     "inc",   "llc",        "ltd",   "m",              "madame", "mademoiselle",
    "micro",   "mlle",   "mme",      "monsieur", "mr",      "sa",    "sarl",           "sas",   "sasu",
    "sca",     "sci",    "scop",     "scp",   "selafa",     "selarl", "selas",         "sem",   "snc",
    "societe", "sprl",   "srl",      "ste"};  // « & » and « et » are the same, and often dropped

static_assert(std::is_sorted(std::begin(kIgnoredWords), std::end(kIgnoredWords)));

bool ignored_word(std::string_view w) {
  return std::binary_search(std::begin(kIgnoredWords), std::end(kIgnoredWords), w);
}

// The words of a name, as fold() would cut them, without the ignored ones.
// Names and bank labels are nearly always ASCII: read directly (letters
// lower-cased, anything but a letter or a digit separating words, « & »
// included, which would give the ignored « et »); other text goes through
// fold().
void name_words(std::string_view name, std::vector<std::string>& out) {
  out.clear();
  bool ascii = true;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  std::string folded;
  if (!ascii) {
    folded = fold(name);  // « & » separates words there too
    name = folded;
  }
  auto word_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  std::size_t i = 0;
  char buf[64];
  while (i < name.size()) {
    while (i < name.size() && !word_char(name[i])) ++i;
    std::size_t e = i;
    while (e < name.size() && word_char(name[e])) ++e;
    if (e > i) {
      const std::size_t n = e - i;
      if (n <= sizeof buf) {
        for (std::size_t k = 0; k < n; ++k) {
          const char c = name[i + k];
          buf[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        }
        const std::string_view w(buf, n);
        if (!ignored_word(w)) out.emplace_back(w);
      } else {
        std::string w(name.substr(i, n));
        for (char& c : w) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        out.push_back(std::move(w));
      }
    }
    i = e;
  }
}

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> out;
  name_words(name, out);
  return out;
}

// Runs of ASCII letters or digits, letters upper-cased; anything else
// separates them.
struct Sub {
  std::string_view text;
  bool digits = false;
};

void subtokens(std::string_view s, std::vector<Sub>& out) {
  out.clear();
  std::size_t i = 0;
  const std::size_t n = s.size();
  auto kind = [](char c) {
    if (c >= '0' && c <= '9') return 1;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return 2;
    return 0;
  };
  while (i < n) {
    const int k = kind(s[i]);
    if (!k) {
      ++i;
      continue;
    }
    std::size_t e = i + 1;
    while (e < n && kind(s[e]) == k) ++e;
    out.push_back({s.substr(i, e - i), k == 1});
    i = e;
  }
}

void append_upper(std::string& key, std::string_view t) {
  for (char c : t) key += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

void append_stripped(std::string& key, std::string_view digits) {
  std::size_t z = 0;
  while (z + 1 < digits.size() && digits[z] == '0') ++z;
  key.append(digits.substr(z));
}

// Key forms of subtokens [b, e]: raw (separators removed) and with leading
// zeros stripped from each digit run.
void keys_of(const std::vector<Sub>& t, std::size_t b, std::size_t e, bool digits_only, std::string& raw,
             std::string& stripped) {
  raw.clear();
  stripped.clear();
  for (std::size_t i = b; i <= e; ++i) {
    if (digits_only && !t[i].digits) continue;
    append_upper(raw, t[i].text);
    if (t[i].digits) append_stripped(stripped, t[i].text);
    else append_upper(stripped, t[i].text);
  }
}

bool has_digit(std::string_view k) { return k.find_first_of("0123456789") != std::string_view::npos; }

// An open invoice, with what matching reads of it (kept together: the
// invoices themselves are large and far apart in memory).
struct Open {
  Cents balance = 0;
  InvoiceId id = 0;
  std::uint32_t inv = 0;  // index in l.invoices
  std::uint32_t client = UINT32_MAX;  // index in l.clients; UINT32_MAX for none
  std::int32_t issued = INT32_MIN;  // serial day; INT32_MIN for none
  std::int32_t due = INT32_MIN;
  bool plan = false;      // under a payment plan (its due date is the schedule's)
  bool reminded = false;  // a reminder (not voided) named it
};

constexpr std::uint32_t kMany = 0x80000000u;  // KeyTable: an index in Index::many

std::uint64_t hash_key(std::string_view k) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : k) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h | 1;  // 0 marks an empty slot
}

// Number keys by their 64-bit hash, open addressing: one allocation for the
// whole table where a map of strings makes one per key. A false hit (two
// keys with the same 64-bit hash) would only add a candidate.
class KeyTable {
 public:
  void reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    slots_.assign(cap, {0, 0});
  }
  // The value of the key, inserting `v` when absent.
  std::uint32_t& at(std::uint64_t h, std::uint32_t v, bool& fresh) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = h & (slots_.size() - 1);
    while (slots_[i].first != 0 && slots_[i].first != h) i = (i + 1) & (slots_.size() - 1);
    fresh = slots_[i].first == 0;
    if (fresh) {
      slots_[i] = {h, v};
      ++size_;
    }
    return slots_[i].second;
  }
  const std::uint32_t* find(std::uint64_t h) const {
    if (slots_.empty()) return nullptr;
    std::size_t i = h & (slots_.size() - 1);
    while (slots_[i].first != 0) {
      if (slots_[i].first == h) return &slots_[i].second;
      i = (i + 1) & (slots_.size() - 1);
    }
    return nullptr;
  }

 private:
  void grow() {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, {0, 0});
    size_ = 0;
    bool fresh = false;
    for (const auto& [h, v] : old)
      if (h) at(h, v, fresh);
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> slots_;
  std::size_t size_ = 0;
};

}  // namespace

std::string normalize_name(std::string_view name) {
  std::string out;
  for (const std::string& w : name_words(name)) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::string number_key(std::string_view number) {
  std::vector<Sub> t;
  subtokens(number, t);
  std::string raw, stripped;
  if (!t.empty()) keys_of(t, 0, t.size() - 1, false, raw, stripped);
  return stripped;
}

struct Matcher::Index {
  std::vector<Open> open;  // open invoices
  // Number key → index in open, or kMany | index in many when several
  // invoices share the key (one allocation per key would dominate).
  KeyTable by_key;
  std::vector<std::vector<std::uint32_t>> many;
  std::size_t max_subtokens = 1;
  // Clients by name: the clients with the same name words form a group
  // (a ledger may hold many « Garage Martin »); groups are indexed by their
  // rarest word, so a label is checked against each distinct name once.
  struct NameGroup {
    std::vector<std::string> words;      // sorted, unique
    std::vector<std::uint32_t> clients;  // indexes in l.clients, ascending
  };
  std::vector<NameGroup> groups;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_word;  // word → groups
  std::vector<std::vector<std::uint32_t>> client_open;  // parallel to l.clients: indexes in open, oldest due first
  std::unordered_set<std::string_view> bank_refs;  // views into the ledger, which outlives the Matcher
};

Matcher::Matcher(const Ledger& l, Date today) : l_(l), today_(today), ix_(new Index) {
  Index& x = *ix_;
  std::vector<std::vector<std::string>> client_words(l.clients.size());
  x.client_open.resize(l.clients.size());
  // Client id → index: a table when the ids are dense (they are assigned
  // in sequence), else a hash map.
  const ClientId first_client = l.clients.empty() ? 0 : l.clients.front().id;
  const bool dense_clients = !l.clients.empty() && l.clients.back().id - first_client < static_cast<ClientId>(l.clients.size()) * 4 + 16;
  std::vector<std::uint32_t> client_table;
  std::unordered_map<ClientId, std::uint32_t> client_map;
  if (dense_clients) client_table.assign(static_cast<std::size_t>(l.clients.back().id - first_client + 1), UINT32_MAX);
  else client_map.reserve(l.clients.size());
  auto client_at = [&](ClientId id) -> std::uint32_t {
    if (dense_clients) {
      if (id < first_client || id - first_client >= static_cast<ClientId>(client_table.size())) return UINT32_MAX;
      return client_table[static_cast<std::size_t>(id - first_client)];
    }
    auto it = client_map.find(id);
    return it == client_map.end() ? UINT32_MAX : it->second;
  };
  // Each client is indexed by its rarest name word ("martin" rather than
  // "boulangerie", which a thousand clients may share): a label then meets
  // few candidates.
  std::unordered_map<std::string, std::uint32_t> frequency;
  for (std::size_t i = 0; i < l.clients.size(); ++i) {
    if (dense_clients) client_table[static_cast<std::size_t>(l.clients[i].id - first_client)] = static_cast<std::uint32_t>(i);
    else client_map.emplace(l.clients[i].id, static_cast<std::uint32_t>(i));
    std::vector<std::string> words = name_words(l.clients[i].name);
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (const std::string& w : words) ++frequency[w];
    client_words[i] = std::move(words);
  }
  std::unordered_map<std::string, std::uint32_t> group_of;  // words joined → group
  std::string joined;
  for (std::size_t i = 0; i < l.clients.size(); ++i) {
    auto& words = client_words[i];
    if (words.empty()) continue;
    joined.clear();
    for (const std::string& w : words) (joined += w) += '\x1f';
    auto [g, fresh] = group_of.try_emplace(joined, static_cast<std::uint32_t>(x.groups.size()));
    if (!fresh) {
      x.groups[g->second].clients.push_back(static_cast<std::uint32_t>(i));
      continue;
    }
    const std::string* key = &words[0];
    std::uint32_t best = frequency[*key];
    for (const std::string& w : words) {
      const std::uint32_t f = frequency[w];
      if (f < best || (f == best && w.size() > key->size())) key = &w, best = f;
    }
    x.by_word[*key].push_back(g->second);
    x.groups.push_back({std::move(words), {static_cast<std::uint32_t>(i)}});
  }
  // Numbers of the user's own pattern: those starting with its fixed prefix
  // ("F-" for "F-{YYYY}-{NNNN}").
  const std::string& pattern = l.settings.invoice_pattern;
  const std::string prefix = pattern.substr(0, pattern.find('{'));
  std::vector<Sub> t;
  std::string raw, stripped;
  // The number keys are gathered first and the table built once its size
  // is known (a table sized for every invoice of the ledger would be mostly
  // empty, and each insert a cache miss).
  struct KeyOf {
    std::uint64_t hash;
    std::uint32_t at;
  };
  std::vector<KeyOf> keys;
  auto key = [&](const std::string& k, std::size_t min_len, std::uint32_t at) {
    if (k.size() >= min_len && has_digit(k)) keys.push_back({hash_key(k), at});
  };
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    Cents paid = 0;
    for (const Payment& p : inv.payments) {
      paid += p.amount;
      if (!p.bank_ref.empty()) x.bank_refs.insert(p.bank_ref);
    }
    if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) continue;
    const Cents owed = inv.ttc - inv.credited - paid;
    if (owed <= 0) continue;
    const auto at = static_cast<std::uint32_t>(x.open.size());
    const std::uint32_t client = client_at(inv.client);
    x.open.push_back({owed, inv.id, static_cast<std::uint32_t>(i), client, inv.issue_date.serial(), inv.due_date.serial(),
                      !inv.plan.empty(), false});
    if (client != UINT32_MAX) x.client_open[client].push_back(at);
    if (inv.number.empty()) continue;
    subtokens(inv.number, t);
    if (t.empty()) continue;
    x.max_subtokens = std::max(x.max_subtokens, t.size());
    keys_of(t, 0, t.size() - 1, false, raw, stripped);
    key(raw, 3, at);
    if (stripped != raw) key(stripped, 3, at);
    // A number of the user's own pattern is also found by its digits alone
    // ("2026-36" for F-2026-0036), when they are long enough to tell.
    if (!t.front().digits && !prefix.empty() && starts_with(inv.number, prefix)) {
      keys_of(t, 0, t.size() - 1, true, raw, stripped);
      key(raw, 5, at);
      if (stripped != raw) key(stripped, 5, at);
    }
  }
  x.by_key.reserve(keys.size());
  for (const KeyOf& k : keys) {
    bool fresh = false;
    std::uint32_t& slot = x.by_key.at(k.hash, k.at, fresh);
    if (fresh || slot == k.at) continue;
    if (!(slot & kMany)) {
      x.many.push_back({slot});
      slot = kMany | static_cast<std::uint32_t>(x.many.size() - 1);
    }
    auto& list = x.many[slot & ~kMany];
    if (std::find(list.begin(), list.end(), k.at) == list.end()) list.push_back(k.at);
  }
  for (auto& list : x.client_open)
    std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
      return x.open[a].due != x.open[b].due ? x.open[a].due < x.open[b].due : a < b;
    });
  // Which open invoices were reminded: invoice id → open index through a
  // table (ids are assigned in sequence), one pass over the history, no sort.
  if (!x.open.empty()) {
    const InvoiceId first = x.open.front().id, last = x.open.back().id;  // l.invoices is sorted by id
    const bool dense = last - first < static_cast<InvoiceId>(x.open.size()) * 8 + 64;
    std::vector<std::uint32_t> open_table;
    std::unordered_map<InvoiceId, std::uint32_t> open_map;
    if (dense) {
      open_table.assign(static_cast<std::size_t>(last - first + 1), UINT32_MAX);
      for (std::size_t o = 0; o < x.open.size(); ++o) open_table[static_cast<std::size_t>(x.open[o].id - first)] = static_cast<std::uint32_t>(o);
    } else {
      open_map.reserve(x.open.size());
      for (std::size_t o = 0; o < x.open.size(); ++o) open_map.emplace(x.open[o].id, static_cast<std::uint32_t>(o));
    }
    for (const HistoryEntry& h : l.history) {
      if (h.kind != ActionKind::reminder) continue;
      for (InvoiceId id : h.invoices) {
        std::uint32_t o = UINT32_MAX;
        if (dense) {
          if (id >= first && id <= last) o = open_table[static_cast<std::size_t>(id - first)];
        } else if (auto it = open_map.find(id); it != open_map.end()) {
          o = it->second;
        }
        if (o != UINT32_MAX && !h.voided) x.open[o].reminded = true;
      }
    }
  }
}

Matcher::~Matcher() { delete ix_; }

MatchResult Matcher::match(const Statement& s) const {
  const Index& x = *ix_;
  MatchResult out;
  out.lines.resize(s.lines.size());
  std::vector<Sub> t;
  std::string raw, stripped, text;
  std::vector<std::uint32_t> hits;
  std::vector<std::uint32_t> clients, found_clients;
  std::vector<bool> claimed(x.open.size(), false);  // by open index: surely paid by an earlier line
  std::vector<std::string> words;
  // Overdue today (the thank-you needs it), computed once per invoice: an
  // invoice without a plan is overdue after its due date (it is open, so
  // its single instalment is unpaid); one under a plan asks days_late().
  std::vector<std::int8_t> overdue(x.open.size(), -1);
  auto is_overdue = [&](std::uint32_t o) {
    if (overdue[o] < 0) {
      const Open& op = x.open[o];
      if (!op.plan) overdue[o] = op.due != INT32_MIN && today_.serial() > op.due;
      else overdue[o] = days_late(l_, l_.invoices[op.inv], today_) > 0;
    }
    return overdue[o] > 0;
  };
  auto sorted_ids = [&](std::vector<std::uint32_t> opens) {
    std::sort(opens.begin(), opens.end(), [&](std::uint32_t a, std::uint32_t b) {
      return x.open[a].due != x.open[b].due ? x.open[a].due < x.open[b].due : a < b;
    });
    std::vector<InvoiceId> ids;
    ids.reserve(opens.size());
    for (std::uint32_t o : opens) ids.push_back(x.open[o].id);
    return ids;
  };

  for (std::size_t li = 0; li < s.lines.size(); ++li) {
    const StatementLine& line = s.lines[li];
    LineMatch& m = out.lines[li];
    if (!x.bank_refs.empty() && x.bank_refs.count(line.bank_id)) {
      m.status = LineStatus::known;
      continue;
    }
    if (line.amount <= 0) {
      m.status = line.amount < 0 ? LineStatus::debit : LineStatus::unmatched;
      continue;
    }
    const std::int32_t day = line.date.serial();
    auto eligible = [&](std::uint32_t o) { return x.open[o].issued <= day; };
    std::vector<std::pair<std::vector<std::uint32_t>, Proposal>> props;
    auto propose = [&](std::vector<std::uint32_t> opens, int rank, Confidence c, std::string why) {
      std::sort(opens.begin(), opens.end());
      for (const auto& [o, p] : props)
        if (o == opens) return;  // already proposed, more strongly
      Proposal p;
      p.amount = line.amount;
      p.rank = rank;
      p.confidence = c;
      p.why = std::move(why);
      Cents owed = 0;
      for (std::uint32_t k : opens) owed += x.open[k].balance;
      p.surplus = std::max<Cents>(0, line.amount - owed);
      p.invoices = sorted_ids(opens);
      props.emplace_back(std::move(opens), std::move(p));
    };

    // 1, 2, 4: invoice numbers in the label and reference.
    text = line.label;
    text += ' ';
    text += line.reference;
    subtokens(text, t);
    hits.clear();
    bool sure_found = false;
    for (std::size_t e = 0; e < t.size(); ++e) {
      if (!t[e].digits) continue;
      const std::size_t first = e + 1 >= x.max_subtokens ? e + 1 - x.max_subtokens : 0;
      for (std::size_t b = first; b <= e; ++b) {
        keys_of(t, b, e, false, raw, stripped);
        for (const std::string* k : {&raw, &stripped}) {
          if (k == &stripped && stripped == raw) continue;
          const std::uint32_t* found = x.by_key.find(hash_key(*k));
          if (!found) continue;
          auto hit = [&](std::uint32_t o) {
            if (eligible(o) && std::find(hits.begin(), hits.end(), o) == hits.end()) hits.push_back(o);
          };
          if (*found & kMany) {
            for (std::uint32_t o : x.many[*found & ~kMany]) hit(o);
          } else {
            hit(*found);
          }
        }
      }
    }
    if (!hits.empty()) {
      Cents sum = 0;
      for (std::uint32_t o : hits) sum += x.open[o].balance;
      if (sum == line.amount) {
        sure_found = true;
        propose(hits, 1, Confidence::sure, hits.size() == 1 ? "numéro et montant" : "numéros et montant total");
      } else {
        bool single = false;
        for (std::uint32_t o : hits)
          if (hits.size() > 1 && x.open[o].balance == line.amount) {
            propose({o}, 2, Confidence::likely, "numéro et montant (d'autres numéros dans le libellé)");
            single = true;
          }
        if (!single && sum < line.amount) propose(hits, 2, Confidence::likely, "numéro trouvé, trop-perçu");
        if (!single && sum > line.amount)
          for (std::uint32_t o : hits)
            if (x.open[o].balance > line.amount) propose({o}, 4, Confidence::possible, "numéro trouvé, paiement partiel");
      }
    }

    // 2, 3: the payer's name and the amount.
    clients.clear();
    name_words(line.payer.empty() ? line.label : line.payer, words);
    if (!words.empty()) {
      for (const std::string& w : words) {
        auto it = x.by_word.find(w);
        if (it == x.by_word.end()) continue;
        // The clients whose every name word is in the label, in client order.
        found_clients.clear();
        for (std::uint32_t g : it->second) {
          bool all = true;
          for (const std::string& cw : x.groups[g].words)
            if (std::find(words.begin(), words.end(), cw) == words.end()) {
              all = false;
              break;
            }
          if (all) found_clients.insert(found_clients.end(), x.groups[g].clients.begin(), x.groups[g].clients.end());
        }
        std::sort(found_clients.begin(), found_clients.end());
        for (std::uint32_t c : found_clients)
          if (std::find(clients.begin(), clients.end(), c) == clients.end()) clients.push_back(c);
      }
    }
    for (std::uint32_t c : clients) {
      std::vector<std::uint32_t> list;
      for (std::uint32_t o : x.client_open[c])
        if (eligible(o)) list.push_back(o);
      for (std::uint32_t o : list)
        if (x.open[o].balance == line.amount) propose({o}, 2, Confidence::likely, "nom du client et solde exact");
      // Two or three invoices of the client adding up to the amount (the
      // oldest 60 only: a client with more open invoices is looked at by
      // hand); not looked for once a number and the amount agree. Sorted by
      // balance, two pointers: n² steps, not n³.
      if (sure_found || list.size() < 2) continue;
      if (list.size() > 60) list.resize(60);
      std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
        return x.open[a].balance != x.open[b].balance ? x.open[a].balance < x.open[b].balance : a < b;
      });
      auto bal = [&](std::size_t k) { return x.open[list[k]].balance; };
      int found = 0;
      auto pairs = [&](std::size_t from, Cents target, std::uint32_t with) {
        std::size_t lo = from, hi = list.size() - 1;
        while (lo < hi && found < 6) {
          const Cents sum = bal(lo) + bal(hi);
          if (sum < target) ++lo;
          else if (sum > target) --hi;
          else {
            if (with == kMany) propose({list[lo], list[hi]}, 3, Confidence::possible, "nom du client et somme de 2 factures");
            else propose({with, list[lo], list[hi]}, 3, Confidence::possible, "nom du client et somme de 3 factures");
            ++found;
            ++lo;
          }
        }
      };
      pairs(0, line.amount, kMany);
      for (std::size_t a = 0; a + 2 < list.size() && found < 6; ++a) {
        if (bal(a) * 3 > line.amount) break;  // the smallest of the three
        pairs(a + 1, line.amount - bal(a), list[a]);
      }
    }

    if (props.empty()) {
      m.status = LineStatus::unmatched;
      continue;
    }
    std::stable_sort(props.begin(), props.end(), [](const auto& a, const auto& b) { return a.second.rank < b.second.rank; });
    const int best = props.front().second.rank;
    const auto tied = std::count_if(props.begin(), props.end(), [&](const auto& p) { return p.second.rank == best; });
    m.status = tied > 1 ? LineStatus::ambiguous : LineStatus::matched;
    // An invoice surely paid by an earlier line of the statement: this one
    // is for the user to look at.
    if (m.status == LineStatus::matched && props.front().second.confidence == Confidence::sure) {
      bool taken = false;
      for (std::uint32_t o : props.front().first)
        if (claimed[o]) taken = true;
      if (taken) {
        props.front().second.confidence = Confidence::likely;
        props.front().second.why += " ; facture déjà payée par une ligne précédente du relevé";
      } else {
        for (std::uint32_t o : props.front().first) claimed[o] = true;
      }
    }
    // A thank-you, when the proposal settles reminded invoices and the
    // client owes nothing else overdue.
    for (auto& [opens, p] : props) {
      if (p.rank != best) continue;
      Cents owed = 0;
      bool reminded = false;
      for (std::uint32_t o : opens) {
        owed += x.open[o].balance;
        if (x.open[o].reminded) reminded = true;
      }
      if (!reminded || line.amount < owed) continue;
      const std::uint32_t ci = x.open[opens.front()].client;
      bool other_overdue = false;
      if (ci != UINT32_MAX) {
        for (std::uint32_t o : x.client_open[ci]) {
          if (std::find(opens.begin(), opens.end(), o) != opens.end()) continue;
          if (is_overdue(o)) {
            other_overdue = true;
            break;
          }
        }
      }
      p.thanks = !other_overdue;
    }
    for (auto& [opens, p] : props) m.proposals.push_back(std::move(p));
  }
  return out;
}

MatchResult match_statement(const Ledger& l, const Statement& s, Date today) { return Matcher(l, today).match(s); }

std::vector<cmd::RecordPayment> payments_for(const Ledger& l, const StatementLine& line, const Proposal& p,
                                             std::string_view statement) {
  std::vector<cmd::RecordPayment> out;
  Cents left = p.amount;
  for (std::size_t i = 0; i < p.invoices.size() && left > 0; ++i) {
    const Invoice* inv = find_invoice(l, p.invoices[i]);
    if (!inv) continue;
    const Cents owed = std::max<Cents>(0, balance(l, *inv));
    const Cents amount = i + 1 == p.invoices.size() ? left : std::min(owed, left);
    if (amount <= 0) continue;
    left -= amount;
    cmd::RecordPayment r;
    r.invoice = inv->id;
    r.payment.date = line.date;
    r.payment.amount = amount;
    r.payment.method = PaymentMethod::transfer;
    r.payment.reference = utf8_truncate(line.reference.empty() ? line.label : line.reference, 200);
    r.payment.bank_ref = line.bank_id;
    r.payment.statement = utf8_truncate(statement, 500);
    out.push_back(std::move(r));
  }
  return out;
}

cmd::RecordPayments sure_payments(const Ledger& l, const Statement& s, const MatchResult& m, std::string_view statement) {
  cmd::RecordPayments out;
  for (std::size_t i = 0; i < s.lines.size() && i < m.lines.size(); ++i) {
    const LineMatch& lm = m.lines[i];
    if (lm.status != LineStatus::matched || lm.proposals.empty() || lm.proposals.front().confidence != Confidence::sure)
      continue;
    for (cmd::RecordPayment& r : payments_for(l, s.lines[i], lm.proposals.front(), statement))
      out.payments.push_back(std::move(r));
  }
  return out;
}

Json match_json(const Ledger& l, const Statement& s, const MatchResult& m) {
  Json lines = Json::array();
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const StatementLine& line = s.lines[i];
    const LineMatch& lm = m.lines[i];
    Json proposals = Json::array();
    for (const Proposal& p : lm.proposals) {
      Json numbers = Json::array();
      for (InvoiceId id : p.invoices)
        if (const Invoice* inv = find_invoice(l, id)) numbers.push_back(inv->number);
      Json j = {{"invoices", numbers}, {"amount", format_decimal(p.amount)}, {"confidence", to_string(p.confidence)}};
      if (p.surplus > 0) j["surplus"] = format_decimal(p.surplus);
      if (p.thanks) j["thanks"] = true;
      proposals.push_back(std::move(j));
    }
    lines.push_back({{"date", to_iso(line.date)},
                     {"amount", format_decimal(line.amount)},
                     {"label", line.label},
                     {"ref", line.reference},
                     {"bank_id", line.bank_id},
                     {"status", to_string(lm.status)},
                     {"proposals", proposals}});
  }
  return {{"format", to_string(s.format)}, {"account", s.account}, {"lines", lines}};
}

}  // namespace relance::bank
