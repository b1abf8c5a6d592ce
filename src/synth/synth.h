// Entry point of the synthesis phase: one OperationPlan per operation of the module.
#pragma once

#include <vector>

#include "base/source_manager.h"
#include "diag/sink.h"
#include "ir/module.h"
#include "synth/plan.h"

namespace s2r::synth {

struct SynthOptions {
  // When a body cannot be derived, emit a stub answering 501 (with a warning) instead of
  // reporting an error.
  bool allow_stubs = false;
};

// Derives every operation's plan. An operation whose `ensures` has a clause outside the
// supported shapes is reported as E0901 naming the operation and the clause (or, with
// allow_stubs, W0902 and a stub plan). `sources` is used to quote clauses in messages.
[[nodiscard]] std::vector<OperationPlan> DerivePlans(const ir::Module& module,
                                                     const SourceManager& sources,
                                                     diag::DiagnosticSink& sink,
                                                     const SynthOptions& options = {});

}  // namespace s2r::synth
