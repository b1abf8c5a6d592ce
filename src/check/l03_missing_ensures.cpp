// L03: an operation declares outputs but no `ensures` constrains them.
#include "check/lints.h"

namespace s2r::check {

void CheckMissingEnsures(const ir::Module& module, diag::DiagnosticSink& sink) {
  for (const ir::Operation& operation : module.operations) {
    if (!operation.outputs.empty() && operation.ensures_exprs.empty()) {
      sink.Report(diag::OutputsWithoutEnsures(operation.span, operation.name)
                      .WithHelp("add an `ensures:` clause that says what each output is"));
    }
  }
}

}  // namespace s2r::check
