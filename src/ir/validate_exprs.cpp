// Expression-level warnings over resolved expressions: unknown fields and enum members, arity.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <functional>
#include <optional>

#include "ir/builtins.h"
#include "ir/infer_type.h"
#include "ir/validate.h"

namespace s2r::ir {
namespace {

// Every declaration-level expression except convention values (which are not spec logic).
void ForEachRoot(const Module& module, const std::function<void(const Expr&)>& visit) {
  for (const TypeAlias& alias : module.type_aliases) {
    if (alias.constraint) visit(*alias.constraint);
  }
  for (const Entity& entity : module.entities) {
    for (const Field& field : entity.fields) {
      // Inherited constraints are checked once, in the entity that declares them.
      if (field.constraint && field.declared_in == entity.name) visit(*field.constraint);
    }
    for (const Expr& invariant : entity.invariants) visit(invariant);
  }
  for (const Operation& operation : module.operations) {
    for (const Expr& expr : operation.requires_exprs) visit(expr);
    for (const Expr& expr : operation.ensures_exprs) visit(expr);
  }
  for (const Transition& transition : module.transitions) {
    for (const TransitionRule& rule : transition.rules) {
      if (rule.guard) visit(*rule.guard);
    }
  }
  for (const Invariant& invariant : module.invariants) visit(invariant.expr);
  for (const Temporal& temporal : module.temporals) visit(temporal.body);
  for (const Invariant& fact : module.facts) visit(fact.expr);
  for (const Function& function : module.functions) visit(function.body);
  for (const Predicate& predicate : module.predicates) {
    if (!predicate.from_preamble) visit(predicate.body);
  }
}

std::optional<std::size_t> BuiltinArity(std::string_view name) {
  if (name == "now") return 0;
  if (name == "sum") return 2;
  return IsBuiltin(name) ? std::optional<std::size_t>(1) : std::nullopt;
}

class ExprChecker {
 public:
  ExprChecker(const Module& module, diag::DiagnosticSink& sink) : module_(module), sink_(sink) {}

  void Check(const Expr& expr) {
    switch (expr.kind) {
      case ExprKind::kFieldAccess:
        CheckField(Unwrapped(expr.Operand().type), expr.names.at(0));
        break;
      case ExprKind::kWith:
        CheckAssignments(Unwrapped(expr.operands[0].type), expr);
        break;
      case ExprKind::kConstructor:
        if (module_.FindEntity(expr.text) != nullptr) {
          CheckAssignments(Type::Named(TypeKind::kEntity, expr.text), expr);
        }
        break;
      case ExprKind::kEnumAccess:
        CheckEnumMember(expr);
        break;
      case ExprKind::kCall:
        CheckArity(expr);
        break;
      default:
        break;
    }
  }

 private:
  void CheckField(const Type& record, const Name& field) {
    if (record.kind != TypeKind::kEntity) {
      return;
    }
    const Entity* entity = module_.FindEntity(record.name);
    if (entity != nullptr && entity->FindField(field.text) == nullptr) {
      sink_.Report(diag::UnknownField(field.span, entity->name, field.text));
    }
  }

  void CheckAssignments(const Type& record, const Expr& expr) {
    for (const Name& name : expr.names) {
      CheckField(record, name);
    }
  }

  void CheckEnumMember(const Expr& expr) {
    const Expr& base = expr.Operand();
    if (base.kind != ExprKind::kIdentifier || base.ref != RefKind::kEnum) {
      return;
    }
    const Enum* enumeration = module_.FindEnum(base.text);
    for (const std::string& value : enumeration->values) {
      if (value == expr.text) {
        return;
      }
    }
    sink_.Report(diag::UnknownEnumMember(expr.names.at(0).span, base.text, expr.text)
                     .WithNote(fmt::format("its values: {}", fmt::join(enumeration->values, ", "))));
  }

  void CheckArity(const Expr& call) {
    const Expr& callee = call.operands[0];
    if (callee.kind != ExprKind::kIdentifier) {
      return;
    }
    std::optional<std::size_t> expected;
    if (callee.ref == RefKind::kBuiltin) {
      expected = BuiltinArity(callee.text);
    } else if (callee.ref == RefKind::kFunction) {
      expected = module_.FindFunction(callee.text)->params.size();
    } else if (callee.ref == RefKind::kPredicate) {
      if (const Predicate* predicate = module_.FindPredicate(callee.text)) {
        expected = predicate->params.size();
      }
    }
    std::size_t given = call.operands.size() - 1;
    if (expected && *expected != given) {
      sink_.Report(diag::ArityMismatch(call.span, callee.text, *expected, given));
    }
  }

  const Module& module_;
  diag::DiagnosticSink& sink_;
};

}  // namespace

void ReportExpressionMistakes(const Module& module, diag::DiagnosticSink& sink) {
  ExprChecker checker(module, sink);
  ForEachRoot(module, [&](const Expr& root) {
    ForEachSubexpression(root, [&](const Expr& expr) { checker.Check(expr); });
  });
}

}  // namespace s2r::ir
