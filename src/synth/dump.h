// A readable text form of operation plans, for tests and `inspect`.
#pragma once

#include <string>

#include "synth/plan.h"

namespace s2r::synth {

// One line per step (nested branch steps indented), values as ir::DumpExpr S-expressions:
//   guard 404 (in id todos) "GetTodo.requires: id in todos"
//   put todos (. todo id) := todo
[[nodiscard]] std::string DumpPlan(const OperationPlan& plan);

[[nodiscard]] const char* StepKindName(StepKind kind);

}  // namespace s2r::synth
