// Entry point of the check phase: structural lints over the IR (L01-L07).
#pragma once

#include "diag/sink.h"
#include "ir/module.h"

namespace s2r::check {

struct CheckOptions {};

// Runs every registered lint in order L01..L07 over `module` (read-only) and reports to `sink`.
void RunLints(const ir::Module& module, diag::DiagnosticSink& sink, const CheckOptions& options = {});

}  // namespace s2r::check
