// Typing rules per expression kind (language.md §5.2 meanings).
#include "ir/infer_type.h"

namespace s2r::ir {
namespace {

const Type kUnknownType;

Type Plain(const Type& t) {
  Type copy = t;
  copy.alias.clear();
  return copy;
}

Type Arithmetic(BinaryOp op, const Type& left_in, const Type& right_in) {
  const Type& left = Unwrapped(left_in);
  const Type& right = Unwrapped(right_in);
  if (left.IsNumeric() || right.IsNumeric()) {
    if (left.kind == TypeKind::kFloat || right.kind == TypeKind::kFloat) {
      return Type::Of(TypeKind::kFloat);
    }
    bool left_time = left.kind == TypeKind::kDateTime;
    bool right_time = right.kind == TypeKind::kDateTime;
    if (op == BinaryOp::kSub && left_time && right_time) {
      return Type::Of(TypeKind::kDuration);
    }
    if ((op == BinaryOp::kAdd || op == BinaryOp::kSub) && (left_time || right_time)) {
      return Type::Of(TypeKind::kDateTime);
    }
    if (left.kind == TypeKind::kDuration || right.kind == TypeKind::kDuration) {
      return Type::Of(TypeKind::kDuration);
    }
    if (left.kind == TypeKind::kInt && right.kind == TypeKind::kInt) {
      return Type::Of(TypeKind::kInt);
    }
    return Type::Of(left.IsNumeric() ? left.kind : right.kind);
  }
  if (op == BinaryOp::kMul || op == BinaryOp::kDiv) {
    return {};
  }
  if (left.kind == TypeKind::kString && right.kind == TypeKind::kString) {
    return Type::Of(TypeKind::kString);
  }
  // `+` on sets, sequences and maps (insert/override), `-` removing elements or keys.
  if (left.IsCollection()) {
    return Plain(left);
  }
  if (op == BinaryOp::kAdd && right.IsCollection()) {
    return Plain(right);
  }
  return {};
}

Type BinaryType(const Expr& expr) {
  const Type& left = expr.Left().type;
  const Type& right = expr.Right().type;
  switch (expr.binary_op) {
    case BinaryOp::kAnd: case BinaryOp::kOr: case BinaryOp::kImplies: case BinaryOp::kIff:
    case BinaryOp::kEq: case BinaryOp::kNeq: case BinaryOp::kLt: case BinaryOp::kGt:
    case BinaryOp::kLe: case BinaryOp::kGe: case BinaryOp::kIn: case BinaryOp::kNotIn:
    case BinaryOp::kSubset:
      return Type::Of(TypeKind::kBool);
    case BinaryOp::kUnion: case BinaryOp::kIntersect: case BinaryOp::kMinus:
      return Plain(left.IsKnown() ? left : right);
    case BinaryOp::kAdd: case BinaryOp::kSub: case BinaryOp::kMul: case BinaryOp::kDiv:
      return Arithmetic(expr.binary_op, left, right);
  }
  return {};
}

Type UnaryType(const Expr& expr) {
  switch (expr.unary_op) {
    case UnaryOp::kNot: return Type::Of(TypeKind::kBool);
    case UnaryOp::kNegate: return Plain(Unwrapped(expr.Operand().type));
    case UnaryOp::kCardinality: return Type::Of(TypeKind::kInt);
    case UnaryOp::kPowerset:
      return expr.Operand().type.IsKnown() ? Type::Wrap(TypeKind::kSet, expr.Operand().type)
                                           : Type{};
  }
  return {};
}

Type FieldType(const Type& base, const std::string& field, const Module& module) {
  const Type& record = Unwrapped(base);
  if (record.kind != TypeKind::kEntity) {
    return {};
  }
  const Entity* entity = module.FindEntity(record.name);
  const Field* found = entity != nullptr ? entity->FindField(field) : nullptr;
  return found != nullptr ? found->type : Type{};
}

Type IndexType(const Type& base_in) {
  const Type& base = Unwrapped(base_in);
  switch (base.kind) {
    case TypeKind::kMap: case TypeKind::kRelation: return base.args.at(1);
    case TypeKind::kSeq: return base.args.at(0);
    default: return {};
  }
}

// `dom` (which = 0) or `ran` (which = 1) of a map or relation.
Type DomainOrRange(const Type& t_in, std::size_t which) {
  const Type& t = Unwrapped(t_in);
  if (t.kind != TypeKind::kMap && t.kind != TypeKind::kRelation) {
    return {};
  }
  return Type::Wrap(TypeKind::kSet, t.args.at(which));
}

Type BuiltinType(const std::string& name, const Expr& call) {
  auto arg = [&](std::size_t i) -> const Type& {
    return i + 1 < call.operands.size() ? call.operands[i + 1].type : kUnknownType;
  };
  if (name == "len") return Type::Of(TypeKind::kInt);
  if (name == "dom") return DomainOrRange(arg(0), 0);
  if (name == "ran") return DomainOrRange(arg(0), 1);
  if (name == "max" || name == "min") {
    return Unwrapped(arg(0)).IsNumeric() ? Plain(Unwrapped(arg(0))) : Plain(ElementType(arg(0)));
  }
  if (name == "abs") return Plain(Unwrapped(arg(0)));
  if (name == "now") return Type::Of(TypeKind::kDateTime);
  if (name == "days" || name == "hours" || name == "minutes" || name == "seconds") {
    return Type::Of(TypeKind::kDuration);
  }
  if (name == "hash") return Type::Of(TypeKind::kString);
  if (name == "sum") {
    const Type& lambda = arg(1);
    if (lambda.kind == TypeKind::kLambda && !lambda.args.empty() && lambda.args[0].IsNumeric()) {
      return Plain(lambda.args[0]);
    }
    return Type::Of(TypeKind::kInt);
  }
  return {};
}

Type CallType(const Expr& expr, const Module& module) {
  const Expr& callee = expr.operands[0];
  if (callee.kind != ExprKind::kIdentifier) {
    return {};
  }
  switch (callee.ref) {
    case RefKind::kPredicate:
      return Type::Of(TypeKind::kBool);
    case RefKind::kFunction: {
      const Function* function = module.FindFunction(callee.text);
      return function != nullptr ? function->return_type : Type{};
    }
    case RefKind::kBuiltin:
      return BuiltinType(callee.text, expr);
    default:
      return {};
  }
}

// Set/Seq literal element type: the first element whose type is known.
Type LiteralOf(TypeKind kind, const Expr& expr) {
  for (const Expr& element : expr.operands) {
    if (element.type.IsKnown()) {
      return Type::Wrap(kind, element.type);
    }
  }
  return Type::Wrap(kind, {});
}

}  // namespace

const Type& Unwrapped(const Type& t) {
  return t.kind == TypeKind::kOption && !t.args.empty() ? t.args[0] : t;
}

Type ElementType(const Type& t_in) {
  const Type& t = Unwrapped(t_in);
  if (t.IsCollection() && !t.args.empty()) {
    return t.args[0];
  }
  return {};
}

Type InferType(const Expr& expr, const Module& module) {
  switch (expr.kind) {
    case ExprKind::kBinary: return BinaryType(expr);
    case ExprKind::kUnary: return UnaryType(expr);
    case ExprKind::kQuantifier: return Type::Of(TypeKind::kBool);
    case ExprKind::kSomeWrap: return Type::Wrap(TypeKind::kOption, expr.Operand().type);
    case ExprKind::kThe: return ElementType(expr.operands[0].type);
    case ExprKind::kFieldAccess: return FieldType(expr.Operand().type, expr.text, module);
    case ExprKind::kEnumAccess: return expr.type;
    case ExprKind::kIndex: return IndexType(expr.operands[0].type);
    case ExprKind::kCall: return CallType(expr, module);
    case ExprKind::kPrime: return expr.Operand().type;
    case ExprKind::kPre: return expr.Operand().type;
    case ExprKind::kWith: return expr.operands[0].type;
    case ExprKind::kIf:
      return expr.operands[1].type.IsKnown() ? expr.operands[1].type : expr.operands[2].type;
    case ExprKind::kLet: return expr.Body().type;
    case ExprKind::kLambda: return Type::Wrap(TypeKind::kLambda, expr.Body().type);
    case ExprKind::kConstructor:
      return module.FindEntity(expr.text) != nullptr ? Type::Named(TypeKind::kEntity, expr.text)
                                                     : Type{};
    case ExprKind::kSetLiteral: return LiteralOf(TypeKind::kSet, expr);
    case ExprKind::kSeqLiteral: return LiteralOf(TypeKind::kSeq, expr);
    case ExprKind::kMapLiteral:
      if (expr.operands.size() >= 2) {
        return Type::Pair(TypeKind::kMap, expr.operands[0].type, expr.operands[1].type);
      }
      return Type::Pair(TypeKind::kMap, {}, {});
    case ExprKind::kSetComprehension:
      return Type::Wrap(TypeKind::kSet, ElementType(expr.operands[0].type));
    case ExprKind::kMatches: return Type::Of(TypeKind::kBool);
    case ExprKind::kIntLit: return Type::Of(TypeKind::kInt);
    case ExprKind::kFloatLit: return Type::Of(TypeKind::kFloat);
    case ExprKind::kStringLit: return Type::Of(TypeKind::kString);
    case ExprKind::kBoolLit: return Type::Of(TypeKind::kBool);
    case ExprKind::kNoneLit: return Type::Of(TypeKind::kNone);
    case ExprKind::kIdentifier: return expr.type;
  }
  return {};
}

}  // namespace s2r::ir
