// Renders diagnostics for people (rustc/clang shape) and for machines (JSON).
#pragma once

#include <string>
#include <vector>

#include "base/source_manager.h"
#include "diag/diagnostic.h"

namespace s2r::diag {

struct RenderOptions {
  bool color = false;
};

// Human form: `error[E0201]: message`, ` --> file:line:col`, gutter, source line, carets,
// labels, `= note:` and `= help:` lines. Never throws; out-of-range spans are clamped.
[[nodiscard]] std::string Render(const Diagnostic& diagnostic, const SourceManager& sources,
                                 const RenderOptions& options);

// Machine form: a JSON array, one object per diagnostic, with 1-based line/column positions.
[[nodiscard]] std::string RenderJson(const std::vector<Diagnostic>& diagnostics,
                                     const SourceManager& sources);

// One-line summary used at the end of a run, e.g. `2 errors, 1 warning`.
[[nodiscard]] std::string CountSummary(const std::vector<Diagnostic>& diagnostics);

}  // namespace s2r::diag
