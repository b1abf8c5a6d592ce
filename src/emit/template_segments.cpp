// Tag scanning (kainjow-mustache's rules for `{{`, `{{{` and section names) and line grouping.
#include "emit/template_segments.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>

namespace s2r::emit {
namespace {

// A tag's place in the text and the section depth after it.
struct Tag {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t depth_after = 0;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Every tag in order, or nullopt when a tag is unclosed, sections do not pair up by name, or
// the delimiters change.
std::optional<std::vector<Tag>> ScanTags(std::string_view text) {
  std::vector<Tag> tags;
  std::vector<std::string_view> open_sections;
  for (std::size_t open = text.find("{{"); open != std::string_view::npos;
       open = text.find("{{", open)) {
    bool triple = open + 2 < text.size() && text[open + 2] == '{';
    std::size_t contents = open + (triple ? 3 : 2);
    std::string_view closer = triple ? "}}}" : "}}";
    std::size_t close = text.find(closer, contents);
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    std::string_view tag = Trim(text.substr(contents, close - contents));
    if (!triple && !tag.empty()) {
      std::string_view name = Trim(tag.substr(1));
      if (tag.front() == '=') {
        return std::nullopt;
      }
      if (tag.front() == '#' || tag.front() == '^') {
        open_sections.push_back(name);
      } else if (tag.front() == '/') {
        if (open_sections.empty() || open_sections.back() != name) {
          return std::nullopt;
        }
        open_sections.pop_back();
      }
    }
    tags.push_back({open, close + closer.size(), open_sections.size()});
    open = close + closer.size();
  }
  if (!open_sections.empty()) {
    return std::nullopt;
  }
  return tags;
}

}  // namespace

std::vector<TemplateSegment> SplitTemplate(std::string_view text) {
  std::optional<std::vector<Tag>> tags = ScanTags(text);
  if (!tags) {
    return {{text, false}};
  }
  std::vector<TemplateSegment> segments;
  std::size_t next_tag = 0;
  std::size_t depth = 0;
  for (std::size_t line = 0; line < text.size();) {
    std::size_t newline = text.find('\n', line);
    std::size_t line_end = newline == std::string_view::npos ? text.size() : newline + 1;
    while (next_tag < tags->size() && (*tags)[next_tag].end <= line) {
      depth = (*tags)[next_tag].depth_after;
      ++next_tag;
    }
    bool has_tag = next_tag < tags->size() && (*tags)[next_tag].begin < line_end;
    bool literal = depth == 0 && !has_tag;
    if (!segments.empty() && segments.back().literal == literal) {
      std::string_view& run = segments.back().text;
      run = std::string_view(run.data(), run.size() + (line_end - line));
    } else {
      segments.push_back({text.substr(line, line_end - line), literal});
    }
    line = line_end;
  }
  return segments;
}

CompactedMustache CompactMustache(std::string_view segment) {
  CompactedMustache compacted;
  std::optional<std::vector<Tag>> tags = ScanTags(segment);
  if (!tags) {
    compacted.text = segment;
    return compacted;
  }
  compacted.text.reserve(segment.size());
  // Text between tags: line breaks (each of `\r` and `\n` is one for the parser) are kept,
  // every run of other characters becomes a literal tag.
  auto add_text = [&](std::string_view text) {
    while (!text.empty()) {
      auto run_end = std::find_if(text.begin(), text.end(),
                                  [](char c) { return c == '\r' || c == '\n'; });
      auto run = static_cast<std::size_t>(run_end - text.begin());
      if (run == 0) {
        compacted.text += text.front();
        text.remove_prefix(1);
        continue;
      }
      std::array<char, 24> index{};
      char* index_end =
          std::to_chars(index.data(), index.data() + index.size(), compacted.literals.size()).ptr;
      compacted.text += "{{";
      compacted.text += kLiteralTag;
      compacted.text.append(index.data(), index_end);
      compacted.text += "}}";
      compacted.literals.push_back(text.substr(0, run));
      text.remove_prefix(run);
    }
  };
  std::size_t position = 0;
  for (const Tag& tag : *tags) {
    add_text(segment.substr(position, tag.begin - position));
    compacted.text += segment.substr(tag.begin, tag.end - tag.begin);
    position = tag.end;
  }
  add_text(segment.substr(position));
  return compacted;
}

}  // namespace s2r::emit
