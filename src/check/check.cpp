// The lint registry: one function per lint, run in code order.
#include "check/check.h"

#include "check/lints.h"

namespace s2r::check {

void RunLints(const ir::Module& module, diag::DiagnosticSink& sink, const CheckOptions& /*options*/) {
  for (const Lint& lint : AllLints()) {
    lint.run(module, sink);
  }
}

}  // namespace s2r::check
