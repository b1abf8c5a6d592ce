// Entry point of the IR phase: syntax tree -> ir::Module.
#pragma once

#include <optional>

#include "base/source_manager.h"
#include "diag/sink.h"
#include "ir/module.h"

namespace s2r::syntax {
struct Service;
}

namespace s2r::ir {

struct BuildOptions {
  // Inject isValidURI / isValidEmail (off only in tests of the builder itself).
  bool inject_preamble = true;
};

// Builds the module: resolves names and types, flattens `extends`, folds lets, injects the
// preamble, validates security schemes and convention-rule shapes. Reports build errors (E03xx)
// to `sink`. Unresolved identifiers are left with RefKind::kUnresolved for lint L02.
// The preamble is registered in `sources` so its spans render like any other source.
[[nodiscard]] Module Build(const syntax::Service& service, SourceManager& sources,
                           diag::DiagnosticSink& sink, const BuildOptions& options = {});

}  // namespace s2r::ir
