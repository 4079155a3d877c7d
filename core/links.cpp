#include "core/links.h"

#include <vector>

#include "core/text.h"

namespace relance {

// ============================================================ [percent]
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_encode(std::string_view s, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (c < 0x80 && keep.find(ch) != std::string_view::npos)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// ============================================================ [mailto]
namespace {

// Every line break (CRLF, CR, LF) becomes CRLF, as RFC 6068 asks for bodies.
std::string crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (s[i] == '\n') {
      out += "\r\n";
    } else {
      out += s[i];
    }
  }
  return out;
}

// A subject is one header line: line breaks become spaces.
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  return out;
}

// A plain addr-spec check, enough to catch typos and pasted junk: one '@',
// a local part and a dotted domain, no spaces, controls or characters that
// would need quoting (RFC 5322 quoted local parts are not for invoices).
bool plausible_address(std::string_view a) {
  const auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || a.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = a.substr(0, at), domain = a.substr(at + 1);
  if (local.size() > 64 || domain.size() > 253) return false;
  for (char ch : a) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) return false;
    if (std::string_view("\"(),:;<>[\\]").find(ch) != std::string_view::npos) return false;
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  // Domain names are letters, digits, '-' and '.' (or UTF-8 for IDNs).
  for (char ch : domain) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && !is_unreserved(c)) return false;
  }
  if (domain.find('_') != std::string_view::npos || domain.find('~') != std::string_view::npos) return false;
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos || domain.front() == '-')
    return false;
  return true;
}

// Splits "a@x.fr, Jean <b@y.fr>; c@z.fr" into checked addresses, encoded for
// a mailto: URL ('@' kept), joined by ','.
Result<std::string> address_list(std::string_view field, std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    // Split on ',' or ';' outside <...> and "..." (display names may hold commas).
    std::size_t i = start;
    bool in_angle = false, in_quote = false;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '"') in_quote = !in_quote;
      else if (!in_quote && c == '<') in_angle = true;
      else if (!in_quote && c == '>') in_angle = false;
      else if (!in_quote && !in_angle && (c == ',' || c == ';')) break;
    }
    std::string_view item = trim(text.substr(start, i - start));
    if (const auto lt = item.rfind('<'); lt != std::string_view::npos) {
      const auto gt = item.find('>', lt);
      if (gt == std::string_view::npos)
        return Error{std::string(field), "adresse e-mail mal formée : « " + std::string(item) + " »"};
      item = trim(item.substr(lt + 1, gt - lt - 1));
    }
    if (starts_with(item, "mailto:")) item.remove_prefix(7);
    if (!item.empty()) {
      if (!plausible_address(item))
        return Error{std::string(field), "adresse e-mail invalide : « " + utf8_truncate(item, 80) + " »"};
      parts.push_back(percent_encode(item, "@"));
    }
    if (i >= text.size()) break;
    start = i + 1;
  }
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += ',';
    out += p;
  }
  return out;
}

}  // namespace

Result<Link> mailto_link(const std::string& to, const std::string& cc, const std::string& subject,
                         const std::string& body) {
  auto to_list = address_list("client.email", to);
  if (!to_list) return to_list.error();
  if (to_list->empty())
    return Error{"client.email", "client sans adresse e-mail : envoyez un courrier (PDF) ou ajoutez l'adresse"};
  auto cc_list = address_list("copie", cc);
  if (!cc_list) return cc_list.error();

  Link link;
  link.url = "mailto:" + *to_list;
  char sep = '?';
  auto field = [&](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    link.url += sep;
    link.url += name;
    link.url += '=';
    link.url += value;
    sep = '&';
  };
  field("cc", *cc_list);
  field("subject", percent_encode(one_line(subject)));
  field("body", percent_encode(crlf(body)));
  if (link.url.size() > kSafeMailtoLength) {
    link.too_long = true;
    link.advice = "Texte trop long pour un lien e-mail : copiez le texte ou joignez le PDF";
  }
  return link;
}

// ============================================================ [sms]
namespace {

struct Overseas {
  std::string_view national;  // first four digits of the national number
  std::string_view code;      // country code without '+'
};
// The overseas departments dial like metropolitan France at home but have
// their own country codes from abroad: +590 Guadeloupe (and Saint-Martin,
// Saint-Barthélemy), +594 Guyane, +596 Martinique, +262 La Réunion and
// Mayotte, +508 Saint-Pierre-et-Miquelon.
constexpr Overseas kOverseas[] = {
    {"0590", "590"}, {"0690", "590"}, {"0691", "590"}, {"0594", "594"}, {"0694", "594"},
    {"0596", "596"}, {"0696", "596"}, {"0697", "596"}, {"0262", "262"}, {"0263", "262"},
    {"0692", "262"}, {"0693", "262"}, {"0269", "262"}, {"0639", "262"}, {"0508", "508"},
};

Error bad_phone(std::string_view phone) {
  return Error{"client.phone", "numéro de téléphone invalide : « " + utf8_truncate(phone, 40) +
                                   " » (attendu : 06 12 34 56 78 ou +33 6 12 34 56 78)"};
}

}  // namespace

Result<std::string> normalize_phone(std::string_view phone) {
  const std::string_view text = trim(phone);
  if (text.empty()) return Error{"client.phone", "client sans numéro de téléphone"};
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c == ' ' || c == '.' || c == '-' || c == '/' || c == '\t') {
      continue;
    } else if (c == '(' && plus && text.substr(i, 3) == "(0)") {
      // "+33 (0)6 ...": the trunk 0 written for domestic callers.
      i += 2;
    } else if (c == '(' || c == ')') {
      continue;
    } else if (text.substr(i, 2) == "\xC2\xA0") {
      ++i;  // U+00A0
    } else if (text.substr(i, 3) == "\xE2\x80\xAF" || text.substr(i, 3) == "\xE2\x80\x89") {
      i += 2;  // U+202F, U+2009
    } else {
      return bad_phone(phone);
    }
  }
  if (!plus && starts_with(digits, "00")) {
    plus = true;
    digits.erase(0, 2);
  }
  if (plus) {
    // E.164: a country code and at most 15 digits in all.
    if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return bad_phone(phone);
    if (starts_with(digits, "33") && digits.size() != 11) return bad_phone(phone);
    return std::string("+").append(digits);
  }
  if (digits.size() != 10 || digits[0] != '0' || digits[1] == '0') return bad_phone(phone);
  for (const Overseas& o : kOverseas)
    if (starts_with(digits, o.national)) return std::string("+").append(o.code).append(digits, 1);
  return std::string("+33").append(digits, 1);
}

bool likely_mobile(std::string_view e164) {
  if (starts_with(e164, "+33")) return starts_with(e164, "+336") || starts_with(e164, "+337");
  for (std::string_view p : {"+590", "+594", "+596", "+262", "+508"})
    if (starts_with(e164, p)) {
      const std::string_view rest = e164.substr(4);
      return starts_with(rest, "6");
    }
  return true;
}

Result<Link> sms_link(const std::string& phone, const std::string& body) {
  auto number = normalize_phone(phone);
  if (!number) {
    Error e = number.error();
    if (trim(phone).empty()) e.what = "client sans numéro de téléphone : appelez-le ou ajoutez un numéro de mobile";
    return e;
  }
  Link link;
  // RFC 5724: the number keeps its '+'; the body is percent-encoded UTF-8.
  link.url = "sms:" + *number;
  if (!body.empty()) link.url += "?body=" + percent_encode(body);
  if (!likely_mobile(*number)) link.advice = "ce numéro ne semble pas être un mobile : le SMS risque de ne pas arriver";
  return link;
}

Result<std::string> webmail_compose_url(Webmail w, const std::string& to, const std::string& subject,
                                        const std::string& body) {
  auto to_list = address_list("client.email", to);
  if (!to_list) return to_list.error();
  if (to_list->empty()) return Error{"client.email", "client sans adresse e-mail"};
  const std::string& addresses = *to_list;  // encoded, '@' kept
  // One line for the subject; the body's line breaks as LF.
  std::string one_line;
  for (char c : subject) one_line += (c == '\r' || c == '\n') ? ' ' : c;
  std::string lf;
  for (std::size_t i = 0; i < body.size(); ++i)
    if (body[i] != '\r') lf += body[i];
    else if (i + 1 >= body.size() || body[i + 1] != '\n') lf += '\n';
  if (w == Webmail::gmail)
    return "https://mail.google.com/mail/?view=cm&fs=1&to=" + addresses +
           "&su=" + percent_encode(one_line) + "&body=" + percent_encode(lf);
  return "https://outlook.live.com/mail/0/deeplink/compose?to=" + addresses +
         "&subject=" + percent_encode(one_line) + "&body=" + percent_encode(lf);
}

const char* webmail_name(Webmail w) { return w == Webmail::gmail ? "Gmail" : "Outlook.com"; }

}  // namespace relance
