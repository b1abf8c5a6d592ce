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

// Builtins with an exact encoding. `max` and `min` are uninterpreted (an over-approximation),
// so checks using them are outside the subset, except over a set literal (`max({a, b})`).
constexpr std::array<std::string_view, 15> kSubsetBuiltins = {
    "len",  "isValidURI", "isValidEmail", "hash", "seconds", "minutes", "hours", "days",
    "weeks", "now",       "sum",          "dom",  "ran",     "range",   "abs"};

constexpr std::array<std::string_view, 17> kAllBuiltins = {
    "len",  "isValidURI", "isValidEmail", "hash", "seconds", "minutes", "hours", "days", "weeks",
    "now",  "sum",        "dom",          "ran",  "range",   "max",     "min",   "abs"};

class Classifier {
 public:
  std::optional<std::string> Visit(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kLambda:
        return std::string("lambda outside `sum`");
      case ExprKind::kCall:
        return Call(e);
      case ExprKind::kUnary:
        if (e.unary_op == UnaryOp::kPowerset) {
          return std::string("powerset `^`");
        }
        break;
      default:
        break;
    }
    for (const Expr& child : e.operands) {
      if (auto reason = Visit(child)) {
        return reason;
      }
    }
    return std::nullopt;
  }

 private:
  std::optional<std::string> Call(const Expr& e) {
    std::string_view name = CalleeName(e);
    if (name.empty()) {
      return std::string("call with a non-identifier callee");
    }
    bool known = false;
    for (std::string_view builtin : kSubsetBuiltins) {
      known = known || builtin == name;
    }
    known = known || ((name == "max" || name == "min") && e.operands.size() == 2 &&
                      e.operands[1].kind == ExprKind::kSetLiteral &&
                      !e.operands[1].operands.empty());
    if (!known) {
      return fmt::format("call to `{}`, which has no exact encoding", name);
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
};

}  // namespace

std::optional<std::string> OutsideSubset(const Expr& expr, const ir::Module& module) {
  (void)module;
  Classifier classifier;
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
