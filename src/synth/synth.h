// Entry point of the synthesis phase: one OperationPlan per operation of the module.
#pragma once

#include <string>
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

// Reports that `operation`'s body cannot be realised because of the clause at `clause` (used by
// DerivePlans and by targets that cannot lower a derived plan): E0901, or with allow_stubs E0902
// and `plan` turned into a 501 stub. Returns whether `plan` is usable (a stub).
bool RejectOrStub(const ir::Operation& operation, Span clause, const std::string& reason,
                  const SourceManager& sources, const SynthOptions& options, OperationPlan& plan,
                  diag::DiagnosticSink& sink);

}  // namespace s2r::synth
