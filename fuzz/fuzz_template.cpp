// The template checker and renderer (find_template_issues, used_placeholders,
// render_template) on arbitrary text. Invariants: issues have 1-based
// positions within the text; every used placeholder is a known one; text
// without braces renders to itself; rendering with placeholders set to
// themselves gives a template with the same placeholders and no issue (when
// it has no sections); a well-formed template's sections leave no tag.
#include <cstddef>
#include <cstdint>

#include "core/templates.h"
#include "core/text.h"
#include "fuzz/fuzz_common.h"

using namespace relance;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool drop = data[0] & 1;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const std::vector<TemplateIssue> issues = find_template_issues(text);
  int lines = 1;
  for (char c : text) lines += c == '\n';
  for (const TemplateIssue& i : issues) {
    FUZZ_CHECK(i.line >= 1 && i.line <= lines && i.column >= 1, "issue position");
    FUZZ_CHECK(!i.message.empty(), "issue message");
  }
  const std::vector<std::string> used = used_placeholders(text);
  for (const std::string& name : used) FUZZ_CHECK(is_placeholder(name), "unknown placeholder reported as used");

  Template t;
  t.id = "fuzz";
  t.body = std::string(text);
  FUZZ_CHECK(check_template(t).ok() == issues.empty(), "check_template disagrees with find_template_issues");

  const std::string empty_render = render_template(text, {}, drop);
  if (text.find_first_of("{}") == std::string_view::npos && !drop)
    FUZZ_CHECK(empty_render == text, "text without braces must render to itself");

  TemplateValues self;
  for (const Placeholder& p : placeholders()) self[std::string(p.name)] = "{" + std::string(p.name) + "}";
  const std::string rendered = render_template(text, self, false);
  // Sections drop the branches not taken, and the placeholders in them.
  const bool sections = text.find("{#") != std::string_view::npos;
  if (issues.empty() && !sections && text.find("{{") == std::string_view::npos && text.find("}}") == std::string_view::npos) {
    // Each placeholder written back as itself: the result is a template
    // using the same placeholders, still without issues.
    FUZZ_CHECK(find_template_issues(rendered).empty(), "self-rendering made issues");
    FUZZ_CHECK(used_placeholders(rendered) == used, "self-rendering changed the placeholders");
  }
  if (issues.empty() && text.find("{{") == std::string_view::npos) {
    // A well-formed template leaves no section tag behind, whatever the count.
    for (const char* count : {"0", "1", "2"}) {
      const std::string chosen = select_sections(text, {{"previous_count", count}});
      FUZZ_CHECK(chosen.find("{#") == std::string::npos, "section tag left after select_sections");
      FUZZ_CHECK(chosen.size() <= text.size(), "select_sections made the text longer");
    }
  }
  if (is_valid_utf8(text)) {
    TemplateValues values;
    for (const Placeholder& p : placeholders()) values[std::string(p.name)] = "Société « Æsop » — 1 234,56 €";
    FUZZ_CHECK(is_valid_utf8(render_template(text, values, drop)), "valid UTF-8 in, invalid out");
  }
  return 0;
}
