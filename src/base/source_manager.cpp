// Line tables are computed once per buffer when it is added.
#include "base/source_manager.h"

#include <algorithm>

namespace s2r {

SourceId SourceManager::Add(std::string name, std::string text) {
  Buffer buffer{std::move(name), std::move(text), {0}};
  for (std::uint32_t i = 0; i < buffer.text.size(); ++i) {
    if (buffer.text[i] == '\n') {
      buffer.line_starts.push_back(i + 1);
    }
  }
  buffers_.push_back(std::move(buffer));
  return static_cast<SourceId>(buffers_.size() - 1);
}

std::string_view SourceManager::Name(SourceId id) const {
  return Contains(id) ? std::string_view(buffers_[id].name) : std::string_view("<unknown>");
}

std::string_view SourceManager::Text(SourceId id) const {
  return Contains(id) ? std::string_view(buffers_[id].text) : std::string_view();
}

std::string_view SourceManager::Slice(Span span) const {
  std::string_view text = Text(span.source);
  std::uint32_t begin = std::min<std::uint32_t>(span.begin, text.size());
  std::uint32_t end = std::clamp<std::uint32_t>(span.end, begin, text.size());
  return text.substr(begin, end - begin);
}

LineColumn SourceManager::Locate(SourceId id, std::uint32_t offset) const {
  if (!Contains(id)) {
    return {};
  }
  const Buffer& buffer = buffers_[id];
  offset = std::min<std::uint32_t>(offset, buffer.text.size());
  auto after = std::upper_bound(buffer.line_starts.begin(), buffer.line_starts.end(), offset);
  auto line_index = static_cast<std::uint32_t>(after - buffer.line_starts.begin() - 1);
  return {line_index + 1, offset - buffer.line_starts[line_index] + 1};
}

std::string_view SourceManager::LineText(SourceId id, std::uint32_t line) const {
  if (!Contains(id) || line == 0 || line > LineCount(id)) {
    return {};
  }
  const Buffer& buffer = buffers_[id];
  std::uint32_t begin = buffer.line_starts[line - 1];
  std::uint32_t end = line < buffer.line_starts.size() ? buffer.line_starts[line] - 1
                                                       : static_cast<std::uint32_t>(buffer.text.size());
  std::string_view text(buffer.text);
  std::string_view result = text.substr(begin, end - begin);
  if (!result.empty() && result.back() == '\r') {
    result.remove_suffix(1);
  }
  return result;
}

std::uint32_t SourceManager::LineCount(SourceId id) const {
  return Contains(id) ? static_cast<std::uint32_t>(buffers_[id].line_starts.size()) : 0;
}

}  // namespace s2r
