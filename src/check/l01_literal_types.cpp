// L01: an operator applied to a literal of the wrong class (language.md §7).
#include <initializer_list>
#include <optional>

#include <fmt/format.h>

#include "check/lints.h"

namespace s2r::check {
namespace {

enum class LiteralClass { kNumeric, kBoolean, kString, kCollection, kNone };

std::optional<LiteralClass> ClassOf(const ir::Expr& expr) {
  switch (expr.kind) {
    case ir::ExprKind::kIntLit: case ir::ExprKind::kFloatLit: return LiteralClass::kNumeric;
    case ir::ExprKind::kBoolLit: return LiteralClass::kBoolean;
    case ir::ExprKind::kStringLit: return LiteralClass::kString;
    case ir::ExprKind::kSetLiteral: case ir::ExprKind::kMapLiteral:
    case ir::ExprKind::kSeqLiteral:
      return LiteralClass::kCollection;
    case ir::ExprKind::kNoneLit: return LiteralClass::kNone;
    default: return std::nullopt;
  }
}

std::string_view Describe(LiteralClass literal) {
  switch (literal) {
    case LiteralClass::kNumeric: return "numeric";
    case LiteralClass::kBoolean: return "boolean";
    case LiteralClass::kString: return "string";
    case LiteralClass::kCollection: return "collection";
    case LiteralClass::kNone: return "none";
  }
  return "?";
}

using ClassSet = std::initializer_list<LiteralClass>;

// The class of `expr` when it is a literal of one of `classes`.
std::optional<LiteralClass> Matching(const ir::Expr& expr, ClassSet classes) {
  std::optional<LiteralClass> literal = ClassOf(expr);
  if (!literal) {
    return std::nullopt;
  }
  for (LiteralClass c : classes) {
    if (c == *literal) {
      return literal;
    }
  }
  return std::nullopt;
}

// Left operand first, so the left one's class is reported when both qualify.
std::optional<LiteralClass> EitherOperand(const ir::Expr& expr, ClassSet classes) {
  if (std::optional<LiteralClass> left = Matching(expr.Left(), classes)) {
    return left;
  }
  return Matching(expr.Right(), classes);
}

constexpr ClassSet kNotBoolean = {LiteralClass::kNumeric, LiteralClass::kString,
                                  LiteralClass::kCollection, LiteralClass::kNone};

std::optional<std::string> BinaryProblem(const ir::Expr& expr) {
  BinaryOp op = expr.binary_op;
  std::string_view spelling = Spelling(op);
  if (IsArithmetic(op)) {
    if (auto c = EitherOperand(expr, {LiteralClass::kBoolean, LiteralClass::kNone})) {
      return fmt::format("arithmetic `{}` has a {} literal operand", spelling, Describe(*c));
    }
  } else if (op == BinaryOp::kLt || op == BinaryOp::kGt || op == BinaryOp::kLe ||
             op == BinaryOp::kGe) {
    if (auto c = EitherOperand(expr, {LiteralClass::kBoolean, LiteralClass::kNone})) {
      return fmt::format("comparison `{}` has a {} literal operand", spelling, Describe(*c));
    }
  } else if (IsLogical(op)) {
    if (auto c = EitherOperand(expr, kNotBoolean)) {
      return fmt::format("logical `{}` applied to a {} literal", spelling, Describe(*c));
    }
  } else if (op == BinaryOp::kIn || op == BinaryOp::kNotIn) {
    if (auto c = Matching(expr.Right(), {LiteralClass::kNumeric, LiteralClass::kBoolean,
                                         LiteralClass::kString, LiteralClass::kNone})) {
      return fmt::format("`{}` right operand is a {} literal, not a collection", spelling,
                         Describe(*c));
    }
  }
  return std::nullopt;
}

std::optional<std::string> UnaryProblem(const ir::Expr& expr) {
  if (expr.unary_op == UnaryOp::kNot) {
    if (auto c = Matching(expr.Operand(), kNotBoolean)) {
      return fmt::format("logical `not` applied to a {} literal", Describe(*c));
    }
  } else if (expr.unary_op == UnaryOp::kNegate) {
    if (auto c = Matching(expr.Operand(), {LiteralClass::kBoolean, LiteralClass::kString,
                                           LiteralClass::kCollection, LiteralClass::kNone})) {
      return fmt::format("arithmetic `-` applied to a {} literal", Describe(*c));
    }
  }
  return std::nullopt;
}

}  // namespace

void CheckLiteralTypes(const ir::Module& module, diag::DiagnosticSink& sink) {
  ForEachLintedExpr(module, /*include_transition_guards=*/false, [&](const ir::Expr& root) {
    ir::ForEachSubexpression(root, [&](const ir::Expr& expr) {
      std::optional<std::string> problem;
      if (expr.kind == ir::ExprKind::kBinary) {
        problem = BinaryProblem(expr);
      } else if (expr.kind == ir::ExprKind::kUnary) {
        problem = UnaryProblem(expr);
      }
      if (problem) {
        sink.Report(diag::LiteralTypeMismatch(expr.span, *problem));
      }
    });
  });
}

}  // namespace s2r::check
