// The parts of the platform layer that are the same everywhere: the registry
// behind window.relance (platform_web.cpp exports the entry points to
// JavaScript; native tests call call_api directly) and URL helpers, which
// go through the core's encoder (core/links.h).
#include <map>

#include "core/links.h"
#include "core/text.h"
#include "web/platform.h"

namespace relance::platform {

namespace {
std::map<std::string, ApiHandler, std::less<>>& sync_handlers() {
  static std::map<std::string, ApiHandler, std::less<>> m;
  return m;
}
std::map<std::string, AsyncApiHandler, std::less<>>& async_handlers() {
  static std::map<std::string, AsyncApiHandler, std::less<>> m;
  return m;
}
}  // namespace

void register_api(std::string name, ApiHandler handler) {
  sync_handlers().insert_or_assign(std::move(name), std::move(handler));
}

void register_async_api(std::string name, AsyncApiHandler handler) {
  async_handlers().insert_or_assign(std::move(name), std::move(handler));
}

std::optional<std::string> call_api(std::string_view name, std::string_view arg) {
  auto it = sync_handlers().find(name);
  if (it == sync_handlers().end()) return std::nullopt;
  return it->second(arg);
}

void call_async_api(std::string_view name, std::string_view arg, std::function<void(std::string)> reply) {
  auto it = async_handlers().find(name);
  if (it == async_handlers().end()) {
    std::string n(name);
    std::string escaped;
    for (char c : n)
      if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) escaped += c;
    reply("{\"error\":\"unknown api " + escaped + "\"}");
    return;
  }
  it->second(arg, std::move(reply));
}

std::string percent_encode(std::string_view text) { return relance::percent_encode(text); }

std::string mailto_url(std::string_view to, std::string_view subject, std::string_view body) {
  // One encoder for the whole app: relance::mailto_link checks the addresses
  // and sends line breaks as CRLF (RFC 6068). A bad address gives no link.
  if (!trim(to).empty()) {
    auto link = mailto_link(std::string(to), "", std::string(subject), std::string(body));
    return link ? link->url : std::string();
  }
  // No address (the user picks one in the mail app): the same encoding.
  std::string flat_subject(subject), crlf_body;
  for (char& c : flat_subject)
    if (c == '\r' || c == '\n') c = ' ';
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') continue;
    if (body[i] == '\n') crlf_body += "\r\n";
    else crlf_body += body[i];
  }
  std::string url = "mailto:";
  char sep = '?';
  if (!flat_subject.empty()) url += std::string(1, sep) + "subject=" + relance::percent_encode(flat_subject), sep = '&';
  if (!crlf_body.empty()) url += std::string(1, sep) + "body=" + relance::percent_encode(crlf_body);
  return url;
}

}  // namespace relance::platform
