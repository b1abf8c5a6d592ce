// Splits a Mustache template into the lines Mustache would copy unchanged and the parts that
// need parsing, so that the (slow, character by character) template parser sees less text.
#pragma once

#include <string>
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

// A Mustache segment as handed to the parser: every run of text between tags and line breaks
// is replaced by the variable tag `{{~N}}`, N its index in `literals`. The parser makes a part
// of every word and every blank it reads, and the renderer walks each; this way both see one
// tag per run. Rendered with `~N` resolving to literals[N], the output is the segment's own:
// kainjow decides that a line is standalone (and drops it) from the text the line rendered to
// and whether it held a section tag, not from how that text was written, and line breaks and
// tags stay where they were. Text whose tags do not pair up, or that changes delimiters, is
// kept as it is, so that the parser reports its errors.
struct CompactedMustache {
  std::string text;
  std::vector<std::string_view> literals;  // views into the segment
};

// The first character of a literal's tag name; no context key starts with it.
inline constexpr char kLiteralTag = '~';

[[nodiscard]] CompactedMustache CompactMustache(std::string_view segment);

}  // namespace s2r::emit
