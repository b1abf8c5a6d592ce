// The operator and quantifier vocabulary shared by the syntax tree and the IR.
#pragma once

#include <string_view>

namespace s2r {

enum class BinaryOp {
  kAnd, kOr, kImplies, kIff,
  kEq, kNeq, kLt, kGt, kLe, kGe,
  kIn, kNotIn, kSubset,
  kUnion, kIntersect, kMinus,
  kAdd, kSub, kMul, kDiv,
};

enum class UnaryOp { kNot, kNegate, kCardinality, kPowerset };

enum class QuantifierKind { kAll, kSome, kNo, kExists };

// `x in S` ranges over elements (or map keys); `x: T` ranges over every instance of type T.
enum class BindingKind { kIn, kColon };

enum class Multiplicity { kOne, kLone, kSome, kSet };

// Source spelling (`and`, `not in`, `+`).
[[nodiscard]] std::string_view Spelling(BinaryOp op);
[[nodiscard]] std::string_view Spelling(UnaryOp op);
[[nodiscard]] std::string_view Spelling(QuantifierKind kind);
[[nodiscard]] std::string_view Spelling(Multiplicity multiplicity);
// The reference IR's JSON names (`not_in`, `negate`, `cardinality`, `power`).
[[nodiscard]] std::string_view JsonName(BinaryOp op);
[[nodiscard]] std::string_view JsonName(UnaryOp op);

[[nodiscard]] bool IsComparison(BinaryOp op);
[[nodiscard]] bool IsArithmetic(BinaryOp op);
[[nodiscard]] bool IsLogical(BinaryOp op);

}  // namespace s2r
