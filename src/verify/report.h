// Rendering of a VerifyReport: the human report (stderr), the JSON report (schema in
// docs/verify-json.md) and the E05xx diagnostics for the shared renderer.
#pragma once

#include <string>
#include <string_view>

#include "base/source_manager.h"
#include "diag/diagnostic.h"
#include "verify/verify.h"

namespace s2r::verify {

struct TextOptions {
  bool color = false;
  // Only failures, skips and the summary (no rows for passing checks).
  bool quiet = false;
  // The spec path as given on the command line, used in the summary lines.
  std::string spec_path;
};

// The human report: a summary line, one row per check (verdict, backend, trust, id, status,
// solver time, detail), then each failing or skipped check's diagnostic with its source
// snippet, counterexample, unsat core, narration and hint, then the exit-code line.
[[nodiscard]] std::string RenderText(const VerifyReport& report, const SourceManager& sources,
                                     const TextOptions& options);

// The JSON report, stable schema version 2 (docs/verify-json.md); ends with a newline.
[[nodiscard]] std::string RenderJson(const VerifyReport& report, const SourceManager& sources,
                                     std::string_view spec_path);

// The check's diagnostic as an E05xx diag::Diagnostic (primary span on the operation, invariant
// or temporal; related and core spans as secondary labels; the suggestion as help). The
// counterexample and narration are not part of it (RenderText prints them after it).
[[nodiscard]] diag::Diagnostic ToDiagnostic(const CheckResult& check);

}  // namespace s2r::verify
