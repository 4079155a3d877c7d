// Links that hand a message to the user's own mail or SMS app: mailto:
// (RFC 6068) and sms: (RFC 5724). Nothing is sent from here; the links are
// opened by the platform layer during a user gesture.
#pragma once
#include <string>
#include <string_view>

#include "core/result.h"

namespace relance {

// Above this length a mailto: link may be cut without a word: Outlook, the
// Windows shell (ShellExecute) and old Internet Explorer stop around 2 000
// characters, while browsers and other mail apps accept ~32 000. Longer links
// are still built in full (never truncated silently) but flagged.
inline constexpr std::size_t kSafeMailtoLength = 2000;

struct Link {
  std::string url;
  bool too_long = false;
  std::string advice;  // French: what to do instead, or a caution worth showing
};

// Percent-encodes the UTF-8 bytes of s, keeping only the unreserved characters
// A-Z a-z 0-9 - . _ ~ and those listed in `keep`. Spaces become %20, never '+'.
std::string percent_encode(std::string_view s, std::string_view keep = {});
// Decodes %XX sequences (either case); a '%' not followed by two hex digits
// is kept as it is, and '+' stays '+'.
std::string percent_decode(std::string_view s);

// mailto:to?cc=...&subject=...&body=... Line breaks of the body become CRLF
// (%0D%0A); the subject is kept on one line. `to` and `cc` may hold several
// addresses separated by ',' or ';' and "Name <address>" forms; each address
// is checked. Errors name the client field ("client.email").
Result<Link> mailto_link(const std::string& to, const std::string& cc, const std::string& subject,
                         const std::string& body);

// A compose window of a big webmail, for users whose browser has no mail
// program for mailto: links. Plain https links the user clicks: the address
// (checked as for mailto_link), the subject on one line and the body (line
// breaks kept as %0A) in the query. Gmail: mail.google.com/mail/?view=cm;
// Outlook.com: outlook.live.com/mail/0/deeplink/compose.
enum class Webmail { gmail, outlook };
Result<std::string> webmail_compose_url(Webmail w, const std::string& to, const std::string& subject,
                                        const std::string& body);
const char* webmail_name(Webmail w);

// A phone number in international form: "06 12 34 56 78" → "+33612345678",
// "0033 6 12..." and "+33 (0)6 12..." too; French overseas departments get
// their own country code ("0690 12 34 56" → "+590690123456"); other "+"
// numbers are kept (digits only). Refuses anything else with a French message.
Result<std::string> normalize_phone(std::string_view phone);
// Whether a normalized number can take SMS in all likelihood (French mobiles
// +336, +337 and overseas mobiles; any foreign number is given the benefit of
// the doubt).
bool likely_mobile(std::string_view e164);

// sms:+33612345678?body=... (RFC 5724). advice is set when the number looks
// like a landline.
Result<Link> sms_link(const std::string& phone, const std::string& body);

}  // namespace relance
