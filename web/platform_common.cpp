// The parts of the platform layer that are the same everywhere: the registry
// behind window.relance (platform_web.cpp exports the entry points to
// JavaScript; native tests call call_api directly) and URL helpers.
#include <map>

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

std::string percent_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                 c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string mailto_url(std::string_view to, std::string_view subject, std::string_view body) {
  // Addresses keep their @; everything else is encoded (RFC 6068).
  std::string url = "mailto:";
  for (char c : to) url += (c == '@' || c == ',') ? std::string(1, c) : percent_encode(std::string_view(&c, 1));
  url += "?subject=" + percent_encode(subject);
  url += "&body=" + percent_encode(body);
  return url;
}

}  // namespace relance::platform
