// Spellings of the shared operator enums.
#include "base/operators.h"

namespace s2r {

std::string_view Spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kOr: return "or";
    case BinaryOp::kImplies: return "implies";
    case BinaryOp::kIff: return "iff";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNeq: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kIn: return "in";
    case BinaryOp::kNotIn: return "not in";
    case BinaryOp::kSubset: return "subset";
    case BinaryOp::kUnion: return "union";
    case BinaryOp::kIntersect: return "intersect";
    case BinaryOp::kMinus: return "minus";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
  }
  return "?";
}

std::string_view JsonName(BinaryOp op) {
  return op == BinaryOp::kNotIn ? std::string_view("not_in") : Spelling(op);
}

std::string_view Spelling(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNot: return "not";
    case UnaryOp::kNegate: return "-";
    case UnaryOp::kCardinality: return "#";
    case UnaryOp::kPowerset: return "^";
  }
  return "?";
}

std::string_view JsonName(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNot: return "not";
    case UnaryOp::kNegate: return "negate";
    case UnaryOp::kCardinality: return "cardinality";
    case UnaryOp::kPowerset: return "power";
  }
  return "?";
}

std::string_view Spelling(QuantifierKind kind) {
  switch (kind) {
    case QuantifierKind::kAll: return "all";
    case QuantifierKind::kSome: return "some";
    case QuantifierKind::kNo: return "no";
    case QuantifierKind::kExists: return "exists";
  }
  return "?";
}

std::string_view Spelling(Multiplicity multiplicity) {
  switch (multiplicity) {
    case Multiplicity::kOne: return "one";
    case Multiplicity::kLone: return "lone";
    case Multiplicity::kSome: return "some";
    case Multiplicity::kSet: return "set";
  }
  return "?";
}

bool IsComparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq: case BinaryOp::kNeq: case BinaryOp::kLt: case BinaryOp::kGt:
    case BinaryOp::kLe: case BinaryOp::kGe: case BinaryOp::kIn: case BinaryOp::kNotIn:
    case BinaryOp::kSubset:
      return true;
    default:
      return false;
  }
}

bool IsArithmetic(BinaryOp op) {
  return op == BinaryOp::kAdd || op == BinaryOp::kSub || op == BinaryOp::kMul ||
         op == BinaryOp::kDiv;
}

bool IsLogical(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kImplies ||
         op == BinaryOp::kIff;
}

}  // namespace s2r
