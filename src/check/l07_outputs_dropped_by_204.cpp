// L07: an operation with outputs whose resolved success status is 204 No Content.
#include <fmt/format.h>

#include "check/lints.h"
#include "convention/convention.h"

namespace s2r::check {

void CheckOutputsDroppedBy204(const ir::Module& module, diag::DiagnosticSink& sink) {
  std::vector<int> statuses = convention::ResolveSuccessStatuses(module);
  for (std::size_t i = 0; i < module.operations.size() && i < statuses.size(); ++i) {
    const ir::Operation& op = module.operations[i];
    if (op.outputs.empty() || statuses[i] != 204) {
      continue;
    }
    // A single Bool output is a success flag, which 204 already conveys.
    if (op.outputs.size() == 1 && op.outputs[0].type.kind == ir::TypeKind::kBool) {
      continue;
    }
    std::string names;
    for (const ir::Param& output : op.outputs) {
      names += fmt::format("{}`{}`", names.empty() ? "" : ", ", output.name);
    }
    Span span = op.name_span.IsValid() ? op.name_span : op.span;
    sink.Report(diag::OutputsDroppedBy204(span, op.name, names, op.name));
  }
}

}  // namespace s2r::check
