// Message templates: text with named placeholders, "{client}", "{total_due}".
// "{{" and "}}" write literal braces. An unknown placeholder is an error found
// when the template is saved (check_template), never at send time.
//
// Conditional sections let one template read right whatever happened before:
//   {#if first}Relance{#else}Dernière relance avant mise en demeure{#end}
// Conditions: first (no earlier reminder for these invoices), reminded (at
// least one), once (exactly one), several (two or more), counted from
// {previous_count}; any placeholder name, true when its value is not empty
// ({#if company_iban}); "not" before a condition inverts it. Sections nest,
// may span lines, and a line holding only a section tag disappears with its
// line break.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace relance {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

struct Placeholder {
  std::string_view name;
  std::string_view description;  // French, for the editor's help
};
// Every placeholder a template may use.
const std::vector<Placeholder>& placeholders();
bool is_placeholder(std::string_view name);

struct TemplateIssue {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in characters
  std::string message;  // French
};
// Unknown placeholders and unbalanced braces, in order of appearance.
std::vector<TemplateIssue> find_template_issues(std::string_view text);
// The first issue of the subject or body, as an Error naming the field,
// line and column.
Status check_template(const Template& t);

// The text with its sections resolved for these values (tags removed, the
// branches not taken dropped); placeholders are left as they are.
std::string select_sections(std::string_view text, const TemplateValues& values);

// The known placeholders a text uses, each once, in order of first use.
std::vector<std::string> used_placeholders(std::string_view text);

// Resolves the sections (select_sections), then replaces each placeholder with its value (an absent value gives an empty
// string: check_template has already refused unknown names). With
// drop_empty_lines, a line made only of placeholders that all came out empty
// (and spaces or punctuation) disappears, so a signature block does not keep a
// blank line for a phone number the company never gave.
std::string render_template(std::string_view text, const TemplateValues& values, bool drop_empty_lines = false);

}  // namespace relance
