// Byte-offset source spans: the location type every phase uses.
#pragma once

#include <cstdint>

namespace s2r {

// Identifies one buffer owned by a SourceManager. kNoSource marks a synthetic node.
using SourceId = std::uint32_t;
inline constexpr SourceId kNoSource = 0xFFFFFFFFu;

// A half-open byte range [begin, end) inside one source buffer.
struct Span {
  SourceId source = kNoSource;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  [[nodiscard]] bool IsValid() const { return source != kNoSource; }
  [[nodiscard]] std::uint32_t Length() const { return end - begin; }

  // The smallest span covering both; an invalid side is ignored.
  [[nodiscard]] static Span Cover(Span a, Span b) {
    if (!a.IsValid()) {
      return b;
    }
    if (!b.IsValid() || a.source != b.source) {
      return a;
    }
    return Span{a.source, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }

  friend bool operator==(const Span&, const Span&) = default;
};

}  // namespace s2r
