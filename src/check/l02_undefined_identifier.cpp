// L02: identifiers the builder could not resolve (RefKind::kUnresolved), each reported at its
// span with a "did you mean" help naming a close in-scope name.
#include <algorithm>

#include <fmt/format.h>

#include "base/edit_distance.h"
#include "check/lints.h"
#include "ir/scope.h"

namespace s2r::check {
namespace {

// Walks one expression context, tracking binder names so suggestions only offer names that are
// in scope where the identifier appears (mirrors the builder's scoping).
class UndefinedWalker {
 public:
  UndefinedWalker(const std::vector<std::string>& globals, std::vector<std::string> context,
                  diag::DiagnosticSink& sink)
      : globals_(globals), context_(std::move(context)), sink_(sink) {}

  void Walk(const ir::Expr& expr);

 private:
  void Report(const ir::Expr& identifier);
  void WalkBound(const ir::Expr& expr, std::size_t binder_operand);

  const std::vector<std::string>& globals_;
  std::vector<std::string> context_;
  std::vector<std::string> locals_;
  diag::DiagnosticSink& sink_;
};

void UndefinedWalker::Walk(const ir::Expr& expr) {
  switch (expr.kind) {
    case ir::ExprKind::kIdentifier:
      if (expr.ref == ir::RefKind::kUnresolved) {
        Report(expr);
      }
      return;
    case ir::ExprKind::kQuantifier: {
      std::size_t bindings = expr.names.size();
      for (std::size_t i = 0; i < bindings; ++i) {
        Walk(expr.operands[i]);
        locals_.push_back(expr.names[i].text);
      }
      Walk(expr.Body());
      locals_.resize(locals_.size() - bindings);
      return;
    }
    case ir::ExprKind::kThe: case ir::ExprKind::kSetComprehension: case ir::ExprKind::kLet:
      // The variable scopes operand 1 (body or predicate) only.
      WalkBound(expr, 1);
      return;
    case ir::ExprKind::kLambda:
      WalkBound(expr, 0);
      return;
    default:
      for (const ir::Expr& operand : expr.operands) {
        Walk(operand);
      }
      return;
  }
}

void UndefinedWalker::WalkBound(const ir::Expr& expr, std::size_t binder_operand) {
  for (std::size_t i = 0; i < binder_operand; ++i) {
    Walk(expr.operands[i]);
  }
  locals_.push_back(expr.text);
  for (std::size_t i = binder_operand; i < expr.operands.size(); ++i) {
    Walk(expr.operands[i]);
  }
  locals_.pop_back();
}

void UndefinedWalker::Report(const ir::Expr& identifier) {
  std::vector<std::string> candidates = globals_;
  candidates.insert(candidates.end(), context_.begin(), context_.end());
  candidates.insert(candidates.end(), locals_.begin(), locals_.end());
  diag::Diagnostic d = diag::UndefinedIdentifier(identifier.span, identifier.text);
  if (std::optional<std::string> close = ClosestName(identifier.text, candidates)) {
    d.WithHelp(fmt::format("did you mean `{}`?", *close));
  }
  sink_.Report(std::move(d));
}

std::vector<std::string> ParamNames(const std::vector<ir::Param>& params) {
  std::vector<std::string> names;
  for (const ir::Param& param : params) {
    names.push_back(param.name);
  }
  return names;
}

std::vector<std::string> FieldNames(const ir::Entity* entity) {
  std::vector<std::string> names;
  if (entity != nullptr) {
    for (const ir::Field& field : entity->fields) {
      names.push_back(field.name);
    }
  }
  return names;
}

}  // namespace

void CheckUndefinedIdentifiers(const ir::Module& module, diag::DiagnosticSink& sink) {
  const std::vector<std::string> globals = ir::GlobalScope(module).Names();
  auto walk = [&](const ir::Expr& expr, std::vector<std::string> context) {
    UndefinedWalker walker(globals, std::move(context), sink);
    walker.Walk(expr);
  };
  for (const ir::Operation& operation : module.operations) {
    std::vector<std::string> context = ParamNames(operation.inputs);
    for (std::string& output : ParamNames(operation.outputs)) {
      context.push_back(std::move(output));
    }
    context.emplace_back("self");
    for (const ir::Expr& expr : operation.requires_exprs) {
      walk(expr, context);
    }
    for (const ir::Expr& expr : operation.ensures_exprs) {
      walk(expr, context);
    }
  }
  for (const ir::Invariant& invariant : module.invariants) {
    walk(invariant.expr, {"self"});
  }
  for (const ir::Temporal& temporal : module.temporals) {
    walk(temporal.body, {"self"});
  }
  for (const ir::Invariant& fact : module.facts) {
    walk(fact.expr, {"self"});
  }
  for (const ir::Entity& entity : module.entities) {
    std::vector<std::string> context = FieldNames(&entity);
    context.emplace_back("self");
    context.emplace_back("value");
    for (const ir::Field& field : entity.fields) {
      if (field.constraint) {
        walk(*field.constraint, context);
      }
    }
    for (const ir::Expr& invariant : entity.invariants) {
      walk(invariant, context);
    }
  }
  for (const ir::TypeAlias& alias : module.type_aliases) {
    if (alias.constraint) {
      walk(*alias.constraint, {"value"});
    }
  }
  for (const ir::Function& function : module.functions) {
    walk(function.body, ParamNames(function.params));
  }
  for (const ir::Predicate& predicate : module.predicates) {
    walk(predicate.body, ParamNames(predicate.params));
  }
  for (const ir::Transition& transition : module.transitions) {
    std::vector<std::string> context = FieldNames(module.FindEntity(transition.entity));
    context.emplace_back("self");
    for (const ir::TransitionRule& rule : transition.rules) {
      if (rule.guard) {
        walk(*rule.guard, context);
      }
    }
  }
}

}  // namespace s2r::check
