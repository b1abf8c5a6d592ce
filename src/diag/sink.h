// DiagnosticSink: where phases report diagnostics. Phases receive one by reference.
#pragma once

#include <cstddef>
#include <vector>

#include "diag/diagnostic.h"

namespace s2r::diag {

class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  virtual void Report(Diagnostic diagnostic) = 0;
};

// Keeps every diagnostic in report order and counts errors; the common sink for phases and tests.
class CollectingSink final : public DiagnosticSink {
 public:
  void Report(Diagnostic diagnostic) override;

  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  [[nodiscard]] std::size_t error_count() const { return error_count_; }
  [[nodiscard]] bool HasErrors() const { return error_count_ > 0; }
  // Diagnostics ordered by source position, then severity, stable for equal keys.
  [[nodiscard]] std::vector<Diagnostic> Sorted() const;
  void Clear();

 private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t error_count_ = 0;
};

}  // namespace s2r::diag
