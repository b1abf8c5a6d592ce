// The expression walk: binders, identifier lookup, then per-node typing.
#include <string_view>

#include "ir/infer_type.h"
#include "ir/resolve.h"

namespace s2r::ir {
namespace {

bool EnumHasValue(const Module& module, const std::string& enum_name, const std::string& value) {
  const Enum* enumeration = module.FindEnum(enum_name);
  if (enumeration == nullptr) {
    return false;
  }
  for (const std::string& v : enumeration->values) {
    if (v == value) {
      return true;
    }
  }
  return false;
}

class ExprResolver {
 public:
  ExprResolver(const Module& module, const GlobalScope& globals,
               const std::vector<ScopeEntry>& context)
      : module_(module), globals_(globals), context_(context) {}

  void Visit(Expr& expr);

 private:
  void VisitIdentifier(Expr& expr);
  void VisitQuantifier(Expr& expr);
  // `the` and comprehensions: operands {domain, body}, one variable.
  void VisitBound(Expr& expr);
  void VisitLet(Expr& expr);
  void VisitLambda(Expr& expr, Type parameter);
  void VisitCall(Expr& expr);
  void VisitEnumAccess(Expr& expr);
  // A bare enum value that two enums declare resolves to the first; where the expected type is
  // known (`status = PAID`, `with { status = PAID }`) this picks the right enum.
  void RefineEnumValue(Expr& expr, const Type& expected);
  void RefineAssignments(Expr& expr, const std::string& entity_name, std::size_t first_value);
  void Push(const Name& name, Type type) {
    locals_.push_back({name.text, RefKind::kLocal, std::move(type), {}});
  }
  [[nodiscard]] const ScopeEntry* Lookup(std::string_view name) const;

  const Module& module_;
  const GlobalScope& globals_;
  const std::vector<ScopeEntry>& context_;
  std::vector<ScopeEntry> locals_;
};

const ScopeEntry* ExprResolver::Lookup(std::string_view name) const {
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
    if (it->name == name) {
      return &*it;
    }
  }
  for (const ScopeEntry& entry : context_) {
    if (entry.name == name) {
      return &entry;
    }
  }
  return globals_.Find(name);
}

void ExprResolver::Visit(Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kIdentifier:
      VisitIdentifier(expr);
      return;
    case ExprKind::kQuantifier:
      VisitQuantifier(expr);
      break;
    case ExprKind::kThe:
    case ExprKind::kSetComprehension:
      VisitBound(expr);
      break;
    case ExprKind::kLet:
      VisitLet(expr);
      break;
    case ExprKind::kLambda:
      VisitLambda(expr, {});
      break;
    case ExprKind::kCall:
      VisitCall(expr);
      break;
    case ExprKind::kEnumAccess:
      VisitEnumAccess(expr);
      return;
    default:
      for (Expr& operand : expr.operands) {
        Visit(operand);
      }
      break;
  }
  expr.type = InferType(expr, module_);
  if (expr.kind == ExprKind::kBinary &&
      (expr.binary_op == BinaryOp::kEq || expr.binary_op == BinaryOp::kNeq)) {
    RefineEnumValue(expr.operands[1], expr.operands[0].type);
    RefineEnumValue(expr.operands[0], expr.operands[1].type);
  } else if (expr.kind == ExprKind::kBinary &&
             (expr.binary_op == BinaryOp::kIn || expr.binary_op == BinaryOp::kNotIn) &&
             expr.Right().kind == ExprKind::kSetLiteral) {
    for (Expr& element : expr.operands[1].operands) {
      RefineEnumValue(element, expr.operands[0].type);
    }
    expr.operands[1].type = InferType(expr.operands[1], module_);
  } else if (expr.kind == ExprKind::kWith) {
    const Type& base = Unwrapped(expr.operands[0].type);
    if (base.kind == TypeKind::kEntity) {
      RefineAssignments(expr, base.name, 1);
    }
  } else if (expr.kind == ExprKind::kConstructor) {
    RefineAssignments(expr, expr.text, 0);
  }
}

void ExprResolver::VisitIdentifier(Expr& expr) {
  const ScopeEntry* entry = Lookup(expr.text);
  if (entry == nullptr) {
    expr.ref = RefKind::kUnresolved;
    return;
  }
  expr.ref = entry->ref;
  expr.type = entry->type;
  expr.enum_name = entry->enum_name;
}

void ExprResolver::VisitQuantifier(Expr& expr) {
  std::size_t bindings = expr.names.size();
  for (std::size_t i = 0; i < bindings; ++i) {
    Visit(expr.operands[i]);
    Push(expr.names[i], ElementType(expr.operands[i].type));
  }
  Visit(expr.operands.back());
  locals_.resize(locals_.size() - bindings);
}

void ExprResolver::VisitBound(Expr& expr) {
  Visit(expr.operands[0]);
  Push(expr.names.at(0), ElementType(expr.operands[0].type));
  Visit(expr.operands[1]);
  locals_.pop_back();
}

void ExprResolver::VisitLet(Expr& expr) {
  Visit(expr.operands[0]);
  Push(expr.names.at(0), expr.operands[0].type);
  Visit(expr.operands[1]);
  locals_.pop_back();
}

void ExprResolver::VisitLambda(Expr& expr, Type parameter) {
  Push(expr.names.at(0), std::move(parameter));
  Visit(expr.operands[0]);
  locals_.pop_back();
  expr.type = InferType(expr, module_);
}

void ExprResolver::VisitCall(Expr& expr) {
  Expr& callee = expr.operands[0];
  Visit(callee);
  // `sum(c, x => e)`: x ranges over the elements of c.
  bool is_sum = callee.kind == ExprKind::kIdentifier && callee.ref == RefKind::kBuiltin &&
                callee.text == "sum";
  for (std::size_t i = 1; i < expr.operands.size(); ++i) {
    Expr& argument = expr.operands[i];
    if (is_sum && i == 2 && argument.kind == ExprKind::kLambda) {
      VisitLambda(argument, ElementType(expr.operands[1].type));
    } else {
      Visit(argument);
    }
  }
}

void ExprResolver::VisitEnumAccess(Expr& expr) {
  Expr& base = expr.operands[0];
  Visit(base);
  if (base.kind == ExprKind::kIdentifier && base.ref == RefKind::kEnum) {
    expr.enum_name = base.text;
    expr.type = Type::Named(TypeKind::kEnum, base.text);
  }
}

void ExprResolver::RefineEnumValue(Expr& expr, const Type& expected_in) {
  const Type& expected = Unwrapped(expected_in);
  if (expr.kind != ExprKind::kIdentifier || expr.ref != RefKind::kEnumValue ||
      expected.kind != TypeKind::kEnum || expected.name == expr.enum_name ||
      !EnumHasValue(module_, expected.name, expr.text)) {
    return;
  }
  expr.enum_name = expected.name;
  expr.type = Type::Named(TypeKind::kEnum, expected.name);
}

void ExprResolver::RefineAssignments(Expr& expr, const std::string& entity_name,
                                     std::size_t first_value) {
  const Entity* entity = module_.FindEntity(entity_name);
  if (entity == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < expr.names.size() && first_value + i < expr.operands.size(); ++i) {
    if (const Field* field = entity->FindField(expr.names[i].text)) {
      RefineEnumValue(expr.operands[first_value + i], field->type);
    }
  }
}

}  // namespace

void ResolveExpr(Expr& expr, const Module& module, const GlobalScope& globals,
                 const std::vector<ScopeEntry>& context) {
  ExprResolver resolver(module, globals, context);
  resolver.Visit(expr);
}

}  // namespace s2r::ir
