// Text dump of operation plans.
#include "synth/dump.h"

#include <fmt/format.h>

#include "ir/ir_dump.h"

namespace s2r::synth {
namespace {

int Status(GuardKind kind) {
  switch (kind) {
    case GuardKind::kMissingKey:
      return 404;
    case GuardKind::kConflict:
      return 409;
    case GuardKind::kInvalidValue:
      return 422;
  }
  return 422;
}

void DumpSteps(const std::vector<Step>& steps, int depth, std::string& out) {
  std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  for (const Step& step : steps) {
    out += indent;
    out += StepKindName(step.kind);
    switch (step.kind) {
      case StepKind::kGuard:
        out += fmt::format(" {} {} \"{}\"", Status(step.guard->kind),
                           ir::DumpExpr(step.guard->condition), step.guard->message);
        break;
      case StepKind::kBind:
        out += fmt::format(" {} := {}", step.target, ir::DumpExpr(*step.value));
        break;
      case StepKind::kSampleFresh:
        if (step.field.empty()) {
          out += fmt::format(" {} : {} not in {}", step.target, ir::ToString(step.type),
                             step.relation);
        } else {
          // R11: distinct from every stored row's field value.
          out += fmt::format(" {} : {} not in {}[*].{}", step.target, ir::ToString(step.type),
                             step.relation, step.field);
        }
        break;
      case StepKind::kAllocate:
        out += fmt::format(" {} from {}", step.target, step.field);
        break;
      case StepKind::kConstruct:
        out += fmt::format(" {} : {}", step.target, ir::ToString(step.type));
        if (step.base) {
          out += fmt::format(" from {}", ir::DumpExpr(*step.base));
        }
        for (const FieldValue& field : step.fields) {
          out += fmt::format(" [{} = {}{}]", field.field, ir::DumpExpr(field.value),
                             field.condition ? " if " + ir::DumpExpr(*field.condition) : "");
        }
        break;
      case StepKind::kPut:
        out += fmt::format(" {}[{}] := {}", step.target, ir::DumpExpr(*step.key),
                           ir::DumpExpr(*step.value));
        break;
      case StepKind::kErase:
        out += fmt::format(" {}[{}]", step.target, ir::DumpExpr(*step.key));
        break;
      case StepKind::kUpdateField:
        out += fmt::format(" {}[{}].{} := {}", step.target, ir::DumpExpr(*step.key), step.field,
                           ir::DumpExpr(*step.value));
        break;
      case StepKind::kSetScalar:
      case StepKind::kAppend:
        out += fmt::format(" {} := {}", step.target, ir::DumpExpr(*step.value));
        break;
      case StepKind::kBranch:
        out += fmt::format(" if {}\n", ir::DumpExpr(*step.value));
        DumpSteps(step.then_steps, depth + 1, out);
        if (!step.else_steps.empty()) {
          out += indent + "else\n";
          DumpSteps(step.else_steps, depth + 1, out);
        }
        continue;
      case StepKind::kCollect:
        out += fmt::format(" {} := {} in {} | {}", step.target, step.field, step.relation,
                           step.value ? ir::DumpExpr(*step.value) : "true");
        break;
    }
    out += "\n";
  }
}

}  // namespace

const char* StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kGuard: return "guard";
    case StepKind::kBind: return "bind";
    case StepKind::kSampleFresh: return "fresh";
    case StepKind::kAllocate: return "allocate";
    case StepKind::kConstruct: return "construct";
    case StepKind::kPut: return "put";
    case StepKind::kErase: return "erase";
    case StepKind::kUpdateField: return "update";
    case StepKind::kSetScalar: return "set";
    case StepKind::kAppend: return "append";
    case StepKind::kBranch: return "branch";
    case StepKind::kCollect: return "collect";
  }
  return "?";
}

std::string DumpPlan(const OperationPlan& plan) {
  std::string out = fmt::format("operation {}{}\n", plan.operation, plan.stub ? " (stub)" : "");
  DumpSteps(plan.steps, 1, out);
  return out;
}

}  // namespace s2r::synth
