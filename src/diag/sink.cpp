// CollectingSink stores diagnostics for rendering once a phase is done.
#include "diag/sink.h"

#include <algorithm>
#include <tuple>

namespace s2r::diag {

void CollectingSink::Report(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kError) {
    ++error_count_;
  }
  diagnostics_.push_back(std::move(diagnostic));
}

std::vector<Diagnostic> CollectingSink::Sorted() const {
  std::vector<Diagnostic> sorted = diagnostics_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    Span sa = a.PrimarySpan();
    Span sb = b.PrimarySpan();
    return std::tuple(sa.source, sa.begin, static_cast<int>(a.severity)) <
           std::tuple(sb.source, sb.begin, static_cast<int>(b.severity));
  });
  return sorted;
}

void CollectingSink::Clear() {
  diagnostics_.clear();
  error_count_ = 0;
}

}  // namespace s2r::diag
