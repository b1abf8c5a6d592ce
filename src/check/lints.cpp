// The ordered list of lints and the shared expression enumeration.
#include "check/lints.h"

namespace s2r::check {

const std::vector<Lint>& AllLints() {
  static const std::vector<Lint> kLints = {
      {"L01", &CheckLiteralTypes},      {"L02", &CheckUndefinedIdentifiers},
      {"L03", &CheckMissingEnsures},    {"L04", &CheckAmbiguousDispatch},
      {"L05", &CheckUnusedEntities},    {"L06", &CheckCircularPredicates},
      {"L07", &CheckOutputsDroppedBy204},
  };
  return kLints;
}

void ForEachLintedExpr(const ir::Module& module, bool include_transition_guards,
                       const std::function<void(const ir::Expr&)>& visit) {
  for (const ir::Operation& operation : module.operations) {
    for (const ir::Expr& expr : operation.requires_exprs) {
      visit(expr);
    }
    for (const ir::Expr& expr : operation.ensures_exprs) {
      visit(expr);
    }
  }
  for (const ir::Invariant& invariant : module.invariants) {
    visit(invariant.expr);
  }
  for (const ir::Temporal& temporal : module.temporals) {
    visit(temporal.body);
  }
  for (const ir::Invariant& fact : module.facts) {
    visit(fact.expr);
  }
  for (const ir::Function& function : module.functions) {
    visit(function.body);
  }
  for (const ir::Predicate& predicate : module.predicates) {
    visit(predicate.body);
  }
  for (const ir::Entity& entity : module.entities) {
    for (const ir::Field& field : entity.fields) {
      if (field.constraint) {
        visit(*field.constraint);
      }
    }
    for (const ir::Expr& invariant : entity.invariants) {
      visit(invariant);
    }
  }
  for (const ir::TypeAlias& alias : module.type_aliases) {
    if (alias.constraint) {
      visit(*alias.constraint);
    }
  }
  if (!include_transition_guards) {
    return;
  }
  for (const ir::Transition& transition : module.transitions) {
    for (const ir::TransitionRule& rule : transition.rules) {
      if (rule.guard) {
        visit(*rule.guard);
      }
    }
  }
}

}  // namespace s2r::check
