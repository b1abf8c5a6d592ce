// The module as the verifier sees it: every check expression with user functions and
// predicates inlined, plus the names and spans the plan and the reports need.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ir/module.h"

namespace s2r::verify {

struct PreparedOperation {
  const ir::Operation* operation = nullptr;
  std::vector<ir::Expr> requires_exprs;
  std::vector<ir::Expr> ensures_exprs;
};

struct PreparedModule {
  const ir::Module* module = nullptr;
  // Index-aligned with module->invariants; names are `inv_<i>` for unnamed invariants.
  std::vector<ir::Expr> invariants;
  std::vector<std::string> invariant_names;
  // Index-aligned with module->operations.
  std::vector<PreparedOperation> operations;
  // Index-aligned with module->facts: axioms asserted in every state (pre and post).
  std::vector<ir::Expr> facts;
  // Index-aligned with module->temporals: the argument of always/eventually.
  std::vector<ir::Expr> temporals;
  // Entity invariants by entity name, field constraints by (entity, field), alias
  // constraints by alias name.
  std::map<std::string, std::vector<ir::Expr>> entity_invariants;
  std::map<std::pair<std::string, std::string>, ir::Expr> field_constraints;
  std::map<std::string, ir::Expr> alias_constraints;
  // True when `#` occurs anywhere: only then are cardinality facts generated.
  bool uses_cardinality = false;

  // Refinement predicates (over `value`) that apply to a value of `type`, outermost alias
  // first; looks through Option like ir::Module::RefinementsOf.
  [[nodiscard]] std::vector<const ir::Expr*> RefinementsOf(const ir::Type& type) const;
};

[[nodiscard]] PreparedModule Prepare(const ir::Module& module);

}  // namespace s2r::verify
