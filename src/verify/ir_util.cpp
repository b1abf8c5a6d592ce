// Structural helpers over ir::Expr used by inlining, classification and frame analysis.
#include "verify/ir_util.h"

#include <list>

#include <fmt/format.h>

namespace s2r::verify {
namespace {

using ir::Expr;
using ir::ExprKind;

// How many leading operands of a binder node are outside the scope of its variables.
// Quantifiers are handled separately (their domains are scoped sequentially).
std::size_t UnscopedOperands(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kThe:
    case ExprKind::kSetComprehension:
    case ExprKind::kLet:
      return 1;
    case ExprKind::kLambda:
      return 0;
    default:
      return expr.operands.size();
  }
}

void CollectFree(const Expr& expr, std::set<std::string>& bound, std::set<std::string>& out) {
  switch (expr.kind) {
    case ExprKind::kIdentifier:
      if (bound.count(expr.text) == 0) {
        out.insert(expr.text);
      }
      return;
    case ExprKind::kQuantifier: {
      std::set<std::string> inner = bound;
      for (std::size_t i = 0; i < expr.names.size(); ++i) {
        CollectFree(expr.operands[i], inner, out);
        inner.insert(expr.names[i].text);
      }
      CollectFree(expr.Body(), inner, out);
      return;
    }
    case ExprKind::kThe:
    case ExprKind::kSetComprehension:
    case ExprKind::kLet:
    case ExprKind::kLambda: {
      std::size_t unscoped = UnscopedOperands(expr);
      for (std::size_t i = 0; i < unscoped; ++i) {
        CollectFree(expr.operands[i], bound, out);
      }
      std::set<std::string> inner = bound;
      inner.insert(expr.text);
      for (std::size_t i = unscoped; i < expr.operands.size(); ++i) {
        CollectFree(expr.operands[i], inner, out);
      }
      return;
    }
    default:
      for (const Expr& child : expr.operands) {
        CollectFree(child, bound, out);
      }
      return;
  }
}

void CollectAllNames(const Expr& expr, std::set<std::string>& out) {
  if (expr.kind == ExprKind::kIdentifier) {
    out.insert(expr.text);
  }
  for (const std::string& name : BoundNames(expr)) {
    out.insert(name);
  }
  for (const Expr& child : expr.operands) {
    CollectAllNames(child, out);
  }
}

using Bindings = std::map<std::string, const Expr*>;

class Substituter {
 public:
  Expr Run(const Expr& expr, const Bindings& bindings) {
    if (bindings.empty()) {
      return expr;
    }
    switch (expr.kind) {
      case ExprKind::kIdentifier: {
        auto found = bindings.find(expr.text);
        return found == bindings.end() ? expr : *found->second;
      }
      case ExprKind::kQuantifier:
        return Quantifier(expr, bindings);
      case ExprKind::kThe:
      case ExprKind::kSetComprehension:
      case ExprKind::kLet:
      case ExprKind::kLambda:
        return SingleBinder(expr, bindings);
      default: {
        Expr out = expr;
        for (Expr& child : out.operands) {
          child = Run(child, bindings);
        }
        return out;
      }
    }
  }

 private:
  // Shadows `name` in `scope`; renames it when a replacement mentions it freely. Returns the
  // name the binder gets.
  std::string Bind(const std::string& name, const Expr& whole, Bindings& scope) {
    scope.erase(name);
    bool captured = false;
    for (const auto& [key, value] : scope) {
      if (FreeNames(*value).count(name) > 0) {
        captured = true;
        break;
      }
    }
    if (!captured) {
      return name;
    }
    std::set<std::string> avoid;
    CollectAllNames(whole, avoid);
    for (const auto& [key, value] : scope) {
      CollectAllNames(*value, avoid);
    }
    std::string fresh;
    for (int k = 1;; ++k) {
      fresh = fmt::format("{}#{}", name, k);
      if (avoid.count(fresh) == 0) {
        break;
      }
    }
    renames_.push_back(MakeIdentifier(fresh));
    scope[name] = &renames_.back();
    return fresh;
  }

  Expr Quantifier(const Expr& expr, const Bindings& bindings) {
    Expr out = expr;
    Bindings scope = bindings;
    for (std::size_t i = 0; i < expr.names.size(); ++i) {
      out.operands[i] = Run(expr.operands[i], scope);
      out.names[i].text = Bind(expr.names[i].text, expr, scope);
    }
    out.operands.back() = Run(expr.Body(), scope);
    return out;
  }

  Expr SingleBinder(const Expr& expr, const Bindings& bindings) {
    Expr out = expr;
    std::size_t unscoped = UnscopedOperands(expr);
    for (std::size_t i = 0; i < unscoped; ++i) {
      out.operands[i] = Run(expr.operands[i], bindings);
    }
    Bindings scope = bindings;
    out.text = Bind(expr.text, expr, scope);
    if (!out.names.empty()) {
      out.names[0].text = out.text;
    }
    for (std::size_t i = unscoped; i < expr.operands.size(); ++i) {
      out.operands[i] = Run(expr.operands[i], scope);
    }
    return out;
  }

  // Stable storage for rename targets (a deque would do; a list keeps addresses stable too).
  std::list<Expr> renames_;
};

}  // namespace

bool SameExpr(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.text != b.text || a.bool_value != b.bool_value ||
      a.operands.size() != b.operands.size() || a.names.size() != b.names.size()) {
    return false;
  }
  if (a.kind == ExprKind::kBinary && a.binary_op != b.binary_op) {
    return false;
  }
  if (a.kind == ExprKind::kUnary && a.unary_op != b.unary_op) {
    return false;
  }
  if (a.kind == ExprKind::kQuantifier &&
      (a.quantifier != b.quantifier || a.binding_kinds != b.binding_kinds)) {
    return false;
  }
  for (std::size_t i = 0; i < a.names.size(); ++i) {
    if (a.names[i].text != b.names[i].text) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.operands.size(); ++i) {
    if (!SameExpr(a.operands[i], b.operands[i])) {
      return false;
    }
  }
  return true;
}

std::string StructuralKey(const Expr& expr) {
  std::string out = fmt::format("({}", static_cast<int>(expr.kind));
  if (expr.kind == ExprKind::kBinary) {
    out += fmt::format(" b{}", static_cast<int>(expr.binary_op));
  } else if (expr.kind == ExprKind::kUnary) {
    out += fmt::format(" u{}", static_cast<int>(expr.unary_op));
  } else if (expr.kind == ExprKind::kQuantifier) {
    out += fmt::format(" q{}", static_cast<int>(expr.quantifier));
  }
  if (!expr.text.empty()) {
    out += fmt::format(" {:?}", expr.text);
  }
  if (expr.kind == ExprKind::kBoolLit) {
    out += expr.bool_value ? " true" : " false";
  }
  for (const ir::Name& name : expr.names) {
    out += " :" + name.text;
  }
  for (const Expr& child : expr.operands) {
    out += " " + StructuralKey(child);
  }
  return out + ")";
}

std::set<std::string> FreeNames(const Expr& expr) {
  std::set<std::string> bound;
  std::set<std::string> out;
  CollectFree(expr, bound, out);
  return out;
}

Expr Substitute(const Expr& expr, const std::map<std::string, const Expr*>& bindings) {
  Substituter substituter;
  return substituter.Run(expr, bindings);
}

Expr MakeIdentifier(std::string name) {
  Expr e;
  e.kind = ExprKind::kIdentifier;
  e.text = std::move(name);
  return e;
}

std::string_view RootName(const Expr& expr) {
  if (expr.kind == ExprKind::kIdentifier) {
    return expr.text;
  }
  if ((expr.kind == ExprKind::kPrime || expr.kind == ExprKind::kPre) &&
      expr.Operand().kind == ExprKind::kIdentifier) {
    return expr.Operand().text;
  }
  return {};
}

bool IsIdentifier(const Expr& expr, std::string_view name) {
  return expr.kind == ExprKind::kIdentifier && (name.empty() || expr.text == name);
}

bool IsPrimedIdentifier(const Expr& expr, std::string_view name) {
  return expr.kind == ExprKind::kPrime && IsIdentifier(expr.Operand(), name);
}

std::vector<std::string> BoundNames(const Expr& expr) {
  std::vector<std::string> out;
  switch (expr.kind) {
    case ExprKind::kQuantifier:
      for (const ir::Name& name : expr.names) {
        out.push_back(name.text);
      }
      break;
    case ExprKind::kThe:
    case ExprKind::kSetComprehension:
    case ExprKind::kLet:
    case ExprKind::kLambda:
      out.push_back(expr.text);
      break;
    default:
      break;
  }
  return out;
}

}  // namespace s2r::verify
