// IR expressions: the syntax tree's uniform node, plus resolved names and inferred types.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/operators.h"
#include "base/span.h"
#include "ir/types.h"

namespace s2r::ir {

enum class ExprKind {
  kBinary, kUnary, kQuantifier, kSomeWrap, kThe, kFieldAccess, kEnumAccess, kIndex, kCall,
  kPrime, kPre, kWith, kIf, kLet, kLambda, kConstructor, kSetLiteral, kMapLiteral,
  kSetComprehension, kSeqLiteral, kMatches, kIntLit, kFloatLit, kStringLit, kBoolLit, kNoneLit,
  kIdentifier,
};

// What an identifier names, decided by the IR builder.
enum class RefKind {
  kUnresolved,   // not in scope (reported as L02 by `check`)
  kStateField,   // a field of the `state` block
  kInput,        // an operation input
  kOutput,       // an operation output
  kLocal,        // a let, quantifier, comprehension, `the` or lambda variable
  kParam,        // a function or predicate parameter
  kSelf,         // `self`
  kValue,        // `value` inside a refinement
  kEntityField,  // a field of the enclosing entity, named bare inside it
  kEntity, kEnum, kEnumValue, kAlias,
  kFunction, kPredicate, kBuiltin,
};

// Same layout as syntax::Expr (see syntax/ast.h for which members each kind uses), plus:
//   type  - the inferred type (TypeKind::kUnknown when it cannot be inferred)
//   ref   - for kIdentifier, what the name resolved to; for kEnumValue `enum_name` is its enum
// The whole Module is immutable once built.
struct Name {
  std::string text;
  Span span;
};

struct Expr {
  ExprKind kind = ExprKind::kNoneLit;
  Span span;
  BinaryOp binary_op = BinaryOp::kAnd;
  UnaryOp unary_op = UnaryOp::kNot;
  QuantifierKind quantifier = QuantifierKind::kAll;
  bool bool_value = false;
  std::string text;
  std::vector<Name> names;
  std::vector<BindingKind> binding_kinds;
  std::vector<Span> item_spans;
  std::vector<Expr> operands;
  std::uint32_t height = 1;

  Type type;
  RefKind ref = RefKind::kUnresolved;
  // For kIdentifier with ref kEnumValue, and kEnumAccess: the enum that declares the value.
  std::string enum_name;

  // Readable accessors for the fixed operand positions.
  [[nodiscard]] const Expr& Left() const { return operands[0]; }
  [[nodiscard]] const Expr& Right() const { return operands[1]; }
  [[nodiscard]] const Expr& Operand() const { return operands[0]; }
  [[nodiscard]] const Expr& Body() const { return operands.back(); }
};

// Calls `visit(expr)` on `root` and every sub-expression, parents before children.
template <typename Visit>
void ForEachSubexpression(const Expr& root, Visit&& visit) {
  visit(root);
  for (const Expr& child : root.operands) {
    ForEachSubexpression(child, visit);
  }
}

}  // namespace s2r::ir
