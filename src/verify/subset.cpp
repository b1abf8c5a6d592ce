// The verified-subset classifier (trust) and the powerset detector (routing).
#include "verify/subset.h"

#include <array>

#include <fmt/format.h>

#include "verify/inline.h"
#include "verify/ir_util.h"

namespace s2r::verify {
namespace {

using ir::Expr;
using ir::ExprKind;

// Builtins inside the reference translator's coverage.
constexpr std::array<std::string_view, 11> kSubsetBuiltins = {
    "len", "isValidURI", "isValidEmail", "hash", "seconds", "minutes",
    "hours", "days", "weeks", "now", "sum"};

constexpr std::array<std::string_view, 17> kAllBuiltins = {
    "len",  "isValidURI", "isValidEmail", "hash", "seconds", "minutes", "hours", "days", "weeks",
    "now",  "sum",        "dom",          "ran",  "range",   "max",     "min",   "abs"};

bool IsRelationRef(const Expr& e) { return !RootName(e).empty(); }

bool IsCallTo(const Expr& e, std::string_view name) {
  return e.kind == ExprKind::kCall && CalleeName(e) == name;
}

class Classifier {
 public:
  explicit Classifier(const ir::Module& module) : module_(module) {}

  std::optional<std::string> Visit(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kLambda:
        return std::string("lambda outside `sum`");
      case ExprKind::kCall:
        return Call(e);
      case ExprKind::kSetComprehension:
        return std::string("standalone set comprehension");
      case ExprKind::kUnary:
        if (e.unary_op == UnaryOp::kPowerset) {
          return std::string("powerset `^`");
        }
        break;
      case ExprKind::kThe:
        if (IsIdentifier(e.operands[0]) && module_.FindEnum(e.operands[0].text) != nullptr) {
          return std::string("`the` over an enum");
        }
        break;
      case ExprKind::kEnumAccess:
        if (!IsIdentifier(e.Operand())) {
          return std::string("enum access on a non-identifier");
        }
        break;
      case ExprKind::kIndex:
        if (!IsRelationRef(e.operands[0])) {
          return std::string("indexing a non-relation");
        }
        break;
      case ExprKind::kQuantifier:
        if (e.names.size() > 1) {
          for (std::size_t i = 0; i < e.names.size(); ++i) {
            if (!IsRelationRef(e.operands[i])) {
              return std::string("multi-binding quantifier over a non-identifier domain");
            }
          }
        }
        break;
      case ExprKind::kBinary:
        return Binary(e);
      default:
        break;
    }
    return Children(e);
  }

 private:
  std::optional<std::string> Children(const Expr& e) {
    for (const Expr& child : e.operands) {
      if (auto reason = Visit(child)) {
        return reason;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> Call(const Expr& e) {
    std::string_view name = CalleeName(e);
    if (name.empty()) {
      return std::string("call with a non-identifier callee");
    }
    bool known = false;
    for (std::string_view builtin : kSubsetBuiltins) {
      known = known || builtin == name;
    }
    if (!known) {
      return fmt::format("call to `{}` outside the builtin set", name);
    }
    if (name == "sum" && e.operands.size() == 3 && e.operands[2].kind == ExprKind::kLambda) {
      if (auto reason = Visit(e.operands[1])) {
        return reason;
      }
      return Visit(e.operands[2].Body());
    }
    for (std::size_t i = 1; i < e.operands.size(); ++i) {
      if (auto reason = Visit(e.operands[i])) {
        return reason;
      }
    }
    return std::nullopt;
  }

  // Special binary shapes the reference translator accepts although their parts alone are
  // outside: `x in {v in D | P}`, `x in ran(r)`, `S = {v in D | P}`, `dom(X) = dom(Y)`,
  // `S = ran(r)`.
  std::optional<std::string> Binary(const Expr& e) {
    const Expr& left = e.Left();
    const Expr& right = e.Right();
    auto allowed_operand = [&](const Expr& side) -> std::optional<std::string> {
      if (side.kind == ExprKind::kSetComprehension) {
        if (auto reason = Visit(side.operands[0])) {
          return reason;
        }
        return Visit(side.operands[1]);
      }
      if ((IsCallTo(side, "ran") || IsCallTo(side, "range") || IsCallTo(side, "dom")) &&
          side.operands.size() == 2 && IsRelationRef(side.operands[1])) {
        return std::nullopt;
      }
      return Visit(side);
    };
    switch (e.binary_op) {
      case BinaryOp::kIn:
      case BinaryOp::kNotIn:
        if (right.kind == ExprKind::kSetComprehension || IsCallTo(right, "ran") ||
            IsCallTo(right, "range")) {
          if (auto reason = Visit(left)) {
            return reason;
          }
          return allowed_operand(right);
        }
        break;
      case BinaryOp::kEq:
        if (left.kind == ExprKind::kSetComprehension || right.kind == ExprKind::kSetComprehension ||
            IsCallTo(left, "dom") || IsCallTo(right, "ran") || IsCallTo(left, "ran")) {
          if (auto reason = allowed_operand(left)) {
            return reason;
          }
          return allowed_operand(right);
        }
        break;
      default:
        break;
    }
    return Children(e);
  }

  const ir::Module& module_;
};

}  // namespace

std::optional<std::string> OutsideSubset(const Expr& expr, const ir::Module& module) {
  Classifier classifier(module);
  return classifier.Visit(expr);
}

bool UsesPowerset(const Expr& expr) {
  bool found = false;
  ir::ForEachSubexpression(expr, [&](const Expr& e) {
    found = found || (e.kind == ExprKind::kUnary && e.unary_op == UnaryOp::kPowerset);
  });
  return found;
}

bool IsBuiltinName(std::string_view name) {
  for (std::string_view builtin : kAllBuiltins) {
    if (builtin == name) {
      return true;
    }
  }
  return false;
}

}  // namespace s2r::verify
