// Owns every source buffer (files, stdin, built-in snippets) and maps offsets to line:column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <deque>
#include <vector>

#include "base/span.h"

namespace s2r {

// 1-based line and 1-based column (columns count bytes of the line, tabs as one).
struct LineColumn {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

class SourceManager {
 public:
  // Registers a buffer; the name is what diagnostics print (a path, `<stdin>`, `<preamble>`).
  SourceId Add(std::string name, std::string text);

  [[nodiscard]] std::string_view Name(SourceId id) const;
  [[nodiscard]] std::string_view Text(SourceId id) const;
  [[nodiscard]] std::string_view Slice(Span span) const;

  // Offsets past the end are clamped, so this never fails for a valid id.
  [[nodiscard]] LineColumn Locate(SourceId id, std::uint32_t offset) const;
  // The text of a 1-based line without its line terminator.
  [[nodiscard]] std::string_view LineText(SourceId id, std::uint32_t line) const;
  [[nodiscard]] std::uint32_t LineCount(SourceId id) const;
  [[nodiscard]] bool Contains(SourceId id) const { return id < buffers_.size(); }

 private:
  struct Buffer {
    std::string name;
    std::string text;
    // Byte offset at which each line starts; line_starts[0] == 0.
    std::vector<std::uint32_t> line_starts;
  };
  // A deque keeps each buffer at a stable address, so string_views into text stay valid.
  std::deque<Buffer> buffers_;
};

}  // namespace s2r
