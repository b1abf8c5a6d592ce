// Expression helpers for plan derivation.
#include "synth/expr_util.h"

#include <algorithm>

namespace s2r::synth {

std::optional<std::string> PreStateName(const ir::Expr& expr) {
  const ir::Expr* inner = &expr;
  if (inner->kind == ir::ExprKind::kPre && !inner->operands.empty()) {
    inner = &inner->operands[0];
  }
  if (inner->kind == ir::ExprKind::kIdentifier && inner->ref == ir::RefKind::kStateField) {
    return inner->text;
  }
  return std::nullopt;
}

std::optional<std::string> PostStateName(const ir::Expr& expr) {
  if (expr.kind != ir::ExprKind::kPrime || expr.operands.empty()) {
    return std::nullopt;
  }
  const ir::Expr& inner = expr.operands[0];
  if (inner.kind == ir::ExprKind::kIdentifier && inner.ref == ir::RefKind::kStateField) {
    return inner.text;
  }
  return std::nullopt;
}

std::optional<std::string> OutputName(const ir::Expr& expr) {
  if (expr.kind == ir::ExprKind::kIdentifier && expr.ref == ir::RefKind::kOutput) {
    return expr.text;
  }
  return std::nullopt;
}

bool IsTrueLiteral(const ir::Expr& expr) {
  return expr.kind == ir::ExprKind::kBoolLit && expr.bool_value;
}

void FlattenConjunction(const ir::Expr& expr, std::vector<const ir::Expr*>& out) {
  if (expr.kind == ir::ExprKind::kBinary && expr.binary_op == BinaryOp::kAnd) {
    FlattenConjunction(expr.operands[0], out);
    FlattenConjunction(expr.operands[1], out);
    return;
  }
  out.push_back(&expr);
}

bool MentionsPostState(const ir::Expr& expr) {
  bool found = false;
  ir::ForEachSubexpression(expr, [&](const ir::Expr& e) {
    found = found || PostStateName(e).has_value();
  });
  return found;
}

bool MentionsState(const ir::Expr& expr) {
  bool found = false;
  ir::ForEachSubexpression(expr, [&](const ir::Expr& e) {
    found = found || (e.kind == ir::ExprKind::kIdentifier && e.ref == ir::RefKind::kStateField);
  });
  return found;
}

std::set<std::string> ReferencedLocals(const ir::Expr& expr) {
  std::set<std::string> names;
  ir::ForEachSubexpression(expr, [&](const ir::Expr& e) {
    if (e.kind == ir::ExprKind::kIdentifier &&
        (e.ref == ir::RefKind::kOutput || e.ref == ir::RefKind::kLocal)) {
      names.insert(e.text);
    }
  });
  return names;
}

ir::Expr MakeIdentifier(std::string name, ir::RefKind ref, ir::Type type) {
  ir::Expr e;
  e.kind = ir::ExprKind::kIdentifier;
  e.text = std::move(name);
  e.ref = ref;
  e.type = std::move(type);
  return e;
}

ir::Expr MakeIndex(ir::Expr base, ir::Expr key, ir::Type type) {
  ir::Expr e;
  e.kind = ir::ExprKind::kIndex;
  e.height = std::max(base.height, key.height) + 1;
  e.operands.push_back(std::move(base));
  e.operands.push_back(std::move(key));
  e.type = std::move(type);
  return e;
}

ir::Expr MakeField(ir::Expr base, std::string field, ir::Type type) {
  ir::Expr e;
  e.kind = ir::ExprKind::kFieldAccess;
  e.text = std::move(field);
  e.height = base.height + 1;
  e.operands.push_back(std::move(base));
  e.type = std::move(type);
  return e;
}

ir::Expr MakeBinary(BinaryOp op, ir::Expr left, ir::Expr right, ir::Type type) {
  ir::Expr e;
  e.kind = ir::ExprKind::kBinary;
  e.binary_op = op;
  e.height = std::max(left.height, right.height) + 1;
  e.operands.push_back(std::move(left));
  e.operands.push_back(std::move(right));
  e.type = std::move(type);
  return e;
}

ir::Expr MakeSet(std::vector<ir::Expr> elements, ir::Type type) {
  ir::Expr e;
  e.kind = ir::ExprKind::kSetLiteral;
  for (const ir::Expr& element : elements) {
    e.height = std::max(e.height, element.height + 1);
  }
  e.operands = std::move(elements);
  e.type = std::move(type);
  return e;
}

ir::Expr MakeNot(ir::Expr operand) {
  ir::Expr e;
  e.kind = ir::ExprKind::kUnary;
  e.unary_op = UnaryOp::kNot;
  e.height = operand.height + 1;
  e.operands.push_back(std::move(operand));
  e.type = ir::Type::Of(ir::TypeKind::kBool);
  return e;
}

ir::Expr SubstituteEntityFields(const ir::Expr& expr, const ir::Expr& row,
                                const ir::Entity& entity) {
  if (expr.kind == ir::ExprKind::kIdentifier && expr.ref == ir::RefKind::kEntityField) {
    const ir::Field* field = entity.FindField(expr.text);
    return MakeField(row, expr.text, field != nullptr ? field->type : expr.type);
  }
  ir::Expr copy = expr;
  for (ir::Expr& operand : copy.operands) {
    operand = SubstituteEntityFields(operand, row, entity);
  }
  return copy;
}

}  // namespace s2r::synth
