// Builds the PreparedModule: inlining and naming.
#include "verify/prepared.h"

#include <set>

#include <fmt/format.h>

#include "verify/inline.h"

namespace s2r::verify {
namespace {

bool MentionsCardinality(const ir::Expr& expr) {
  bool found = false;
  ir::ForEachSubexpression(expr, [&](const ir::Expr& e) {
    found = found || (e.kind == ir::ExprKind::kUnary && e.unary_op == UnaryOp::kCardinality);
  });
  return found;
}

}  // namespace

std::vector<const ir::Expr*> PreparedModule::RefinementsOf(const ir::Type& type) const {
  std::vector<const ir::Expr*> out;
  const ir::Type* current = &type;
  while (current->kind == ir::TypeKind::kOption && !current->args.empty() &&
         current->alias.empty()) {
    current = &current->args[0];
  }
  std::set<std::string> visited;
  std::string alias_name = current->alias;
  while (!alias_name.empty() && visited.insert(alias_name).second) {
    const ir::TypeAlias* alias = module->FindAlias(alias_name);
    if (alias == nullptr) {
      break;
    }
    auto found = alias_constraints.find(alias_name);
    if (found != alias_constraints.end()) {
      out.push_back(&found->second);
    }
    alias_name = alias->base.alias;
  }
  return out;
}

PreparedModule Prepare(const ir::Module& module) {
  PreparedModule prepared;
  prepared.module = &module;
  auto inline_and_note = [&](const ir::Expr& expr) {
    ir::Expr out = InlineCalls(expr, module);
    prepared.uses_cardinality = prepared.uses_cardinality || MentionsCardinality(out);
    return out;
  };
  for (std::size_t i = 0; i < module.invariants.size(); ++i) {
    const ir::Invariant& invariant = module.invariants[i];
    prepared.invariants.push_back(inline_and_note(invariant.expr));
    prepared.invariant_names.push_back(invariant.name ? *invariant.name : fmt::format("inv_{}", i));
  }
  for (const ir::Operation& operation : module.operations) {
    PreparedOperation op;
    op.operation = &operation;
    for (const ir::Expr& e : operation.requires_exprs) {
      op.requires_exprs.push_back(inline_and_note(e));
    }
    for (const ir::Expr& e : operation.ensures_exprs) {
      op.ensures_exprs.push_back(inline_and_note(e));
    }
    prepared.operations.push_back(std::move(op));
  }
  for (const ir::Invariant& fact : module.facts) {
    prepared.facts.push_back(inline_and_note(fact.expr));
  }
  for (const ir::Temporal& temporal : module.temporals) {
    prepared.temporals.push_back(inline_and_note(temporal.body));
  }
  for (const ir::Entity& entity : module.entities) {
    std::vector<ir::Expr>& invariants = prepared.entity_invariants[entity.name];
    for (const ir::Expr& e : entity.invariants) {
      invariants.push_back(inline_and_note(e));
    }
    for (const ir::Field& field : entity.fields) {
      if (field.constraint) {
        prepared.field_constraints.emplace(std::make_pair(entity.name, field.name),
                                           inline_and_note(*field.constraint));
      }
    }
  }
  for (const ir::TypeAlias& alias : module.type_aliases) {
    if (alias.constraint) {
      prepared.alias_constraints.emplace(alias.name, inline_and_note(*alias.constraint));
    }
  }
  return prepared;
}

}  // namespace s2r::verify
