// Runs the front-end phases (load, parse, build IR, lint) for one spec file.
#pragma once

#include <optional>
#include <string>

#include "base/source_manager.h"
#include "diag/sink.h"
#include "ir/module.h"
#include "syntax/ast.h"

namespace s2r::driver {

struct FrontEndOptions {
  // Run the lints (L01..) after a clean build; `inspect` only needs the IR.
  bool run_lints = true;
};

struct FrontEndResult {
  bool loaded = false;
  std::string load_error;
  std::optional<syntax::Service> syntax;
  // Present when parsing reported no error (the build may still have reported some).
  std::optional<ir::Module> module;
  // True when parsing and building reported no error (lint errors do not count).
  bool built_clean = false;
};

// Loads, parses, builds the IR when parsing was error-free, and lints it when the build was
// error-free too. Every diagnostic goes to `sink`.
[[nodiscard]] FrontEndResult RunFrontEnd(SourceManager& sources, const std::string& path,
                                         diag::DiagnosticSink& sink,
                                         const FrontEndOptions& options = {});

}  // namespace s2r::driver
