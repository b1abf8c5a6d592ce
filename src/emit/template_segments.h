// Splits a Mustache template into the lines Mustache would copy unchanged and the parts that
// need parsing, so that the (slow, character by character) template parser sees less text.
#pragma once

#include <string_view>
#include <vector>

namespace s2r::emit {

// A part of a template: text to copy as it is (`literal`), or Mustache text to parse and render.
struct TemplateSegment {
  std::string_view text;
  bool literal = false;
};

// Consecutive segments of `text` (their texts concatenate to `text`), split at line ends: runs of
// whole lines that lie outside every section and hold no tag, or part of one, are literal; the
// rest is Mustache. Rendering each Mustache segment with the same context and concatenating
// gives what rendering the whole template gives: a line without tags renders as it is, and
// outside every section, at the start of a line, no rendering state carries over. A template
// that changes its delimiters (`{{=<% %>=}}`) or whose tags do not pair up is one Mustache
// segment, so that the parser sees, and reports, exactly what it would have.
[[nodiscard]] std::vector<TemplateSegment> SplitTemplate(std::string_view text);

}  // namespace s2r::emit
