// Runs the front-end phases (load, parse, build IR, lint) for one spec file.
#pragma once

#include <optional>
#include <string>

#include "base/source_manager.h"
#include "diag/sink.h"
#include "syntax/ast.h"

namespace s2r::driver {

struct FrontEndResult {
  bool loaded = false;
  std::string load_error;
  std::optional<syntax::Service> syntax;
};

// Loads and parses; diagnostics go to `sink`. Later phases run only when earlier ones were clean.
[[nodiscard]] FrontEndResult RunFrontEnd(SourceManager& sources, const std::string& path,
                                         diag::DiagnosticSink& sink);

}  // namespace s2r::driver
