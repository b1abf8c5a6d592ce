// Orders derived steps: guards, then values in dependency order, then writes in clause order.
#include <set>

#include <fmt/format.h>

#include "synth/derive_internal.h"
#include "synth/expr_util.h"

namespace s2r::synth {
namespace {

bool Defines(const Step& step) {
  switch (step.kind) {
    case StepKind::kBind:
    case StepKind::kSampleFresh:
    case StepKind::kConstruct:
    case StepKind::kCollect:
      return true;
    case StepKind::kGuard:
    case StepKind::kAllocate:
    case StepKind::kPut:
    case StepKind::kErase:
    case StepKind::kUpdateField:
    case StepKind::kSetScalar:
    case StepKind::kAppend:
    case StepKind::kBranch:
      return false;
  }
  return false;
}

void AddReads(const Step& step, std::set<std::string>& reads) {
  auto add = [&](const std::optional<ir::Expr>& expr) {
    if (expr) {
      std::set<std::string> names = ReferencedLocals(*expr);
      reads.insert(names.begin(), names.end());
    }
  };
  add(step.key);
  add(step.value);
  add(step.base);
  for (const FieldValue& field : step.fields) {
    add(field.value);
    add(field.condition);
  }
  for (const Step& inner : step.then_steps) {
    AddReads(inner, reads);
  }
  for (const Step& inner : step.else_steps) {
    AddReads(inner, reads);
  }
  if (step.kind == StepKind::kCollect) {
    reads.erase(step.field);
  }
}

}  // namespace

std::vector<Step> OrderSteps(DerivationContext& context, std::vector<Step> steps) {
  std::vector<Step> ordered;
  std::vector<Step> pending;
  std::vector<Step> writes;
  std::set<std::string> defined_by_steps;
  for (Step& step : steps) {
    if (step.kind == StepKind::kGuard) {
      ordered.push_back(std::move(step));
    } else if (Defines(step)) {
      defined_by_steps.insert(step.target);
      pending.push_back(std::move(step));
    } else {
      writes.push_back(std::move(step));
    }
  }
  std::set<std::string> available;
  while (!pending.empty()) {
    bool progressed = false;
    for (auto it = pending.begin(); it != pending.end();) {
      std::set<std::string> reads;
      AddReads(*it, reads);
      reads.erase(it->target);
      bool ready = true;
      for (const std::string& name : reads) {
        ready = ready && (available.count(name) != 0 || defined_by_steps.count(name) == 0);
      }
      if (ready) {
        available.insert(it->target);
        ordered.push_back(std::move(*it));
        it = pending.erase(it);
        progressed = true;
      } else {
        ++it;
      }
    }
    if (!progressed) {
      context.FailAt(pending.front().origin,
                     fmt::format("`{}` depends on itself through other outputs",
                                 pending.front().target));
      break;
    }
  }
  for (Step& write : writes) {
    ordered.push_back(std::move(write));
  }
  return ordered;
}

}  // namespace s2r::synth
