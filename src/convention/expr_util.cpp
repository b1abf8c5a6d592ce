// Read-only expression helpers.
#include "convention/expr_util.h"

#include <charconv>

#include <fmt/format.h>

namespace s2r::convention {

using ir::Expr;
using ir::ExprKind;

void FlattenConjuncts(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::kBinary && e.binary_op == BinaryOp::kAnd) {
    FlattenConjuncts(e.Left(), out);
    FlattenConjuncts(e.Right(), out);
    return;
  }
  if (e.kind == ExprKind::kLet && e.operands.size() == 2) {
    FlattenConjuncts(e.operands[0], out);
    FlattenConjuncts(e.operands[1], out);
    return;
  }
  out.push_back(&e);
}

std::vector<const Expr*> FlattenAll(const std::vector<Expr>& clauses) {
  std::vector<const Expr*> out;
  for (const Expr& clause : clauses) {
    FlattenConjuncts(clause, out);
  }
  return out;
}

void SplitAnd(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::kBinary && e.binary_op == BinaryOp::kAnd) {
    SplitAnd(e.Left(), out);
    SplitAnd(e.Right(), out);
    return;
  }
  out.push_back(&e);
}

const Expr* RootIdentifier(const Expr& e) {
  const Expr* current = &e;
  while (true) {
    switch (current->kind) {
      case ExprKind::kIdentifier:
        return current;
      case ExprKind::kIndex:
      case ExprKind::kFieldAccess:
      case ExprKind::kPre:
      case ExprKind::kPrime:
        if (current->operands.empty()) {
          return nullptr;
        }
        current = &current->operands[0];
        break;
      default:
        return nullptr;
    }
  }
}

bool IsIdentifier(const Expr& e, std::string_view name) {
  return e.kind == ExprKind::kIdentifier && e.text == name;
}

bool IsIdentifier(const Expr& e) { return e.kind == ExprKind::kIdentifier; }

std::optional<std::int64_t> IntLiteral(const Expr& e) {
  if (e.kind == ExprKind::kUnary && e.unary_op == UnaryOp::kNegate && !e.operands.empty()) {
    std::optional<std::int64_t> inner = IntLiteral(e.Operand());
    if (!inner) {
      return std::nullopt;
    }
    return -*inner;
  }
  if (e.kind != ExprKind::kIntLit) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const char* begin = e.text.data();
  const char* end = begin + e.text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> NumberLiteral(const Expr& e, bool* integer) {
  if (e.kind == ExprKind::kUnary && e.unary_op == UnaryOp::kNegate && !e.operands.empty()) {
    std::optional<std::string> inner = NumberLiteral(e.Operand(), integer);
    if (!inner) {
      return std::nullopt;
    }
    return "-" + *inner;
  }
  if (e.kind == ExprKind::kIntLit) {
    if (integer != nullptr) {
      *integer = true;
    }
    std::optional<std::int64_t> value = IntLiteral(e);
    return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
  }
  if (e.kind == ExprKind::kFloatLit) {
    if (integer != nullptr) {
      *integer = false;
    }
    return e.text;
  }
  return std::nullopt;
}

std::string_view CalleeName(const Expr& e) {
  if (e.kind != ExprKind::kCall || e.operands.empty() ||
      e.operands[0].kind != ExprKind::kIdentifier) {
    return {};
  }
  return e.operands[0].text;
}

std::size_t CallArity(const Expr& e) { return e.operands.empty() ? 0 : e.operands.size() - 1; }

const Expr& CallArg(const Expr& e, std::size_t i) { return e.operands[i + 1]; }

bool MentionsFree(const Expr& e, std::string_view name) {
  switch (e.kind) {
    case ExprKind::kIdentifier:
      return e.text == name;
    case ExprKind::kQuantifier: {
      std::size_t bindings = e.names.size();
      for (std::size_t i = 0; i < bindings && i < e.operands.size(); ++i) {
        // Domain i sees the earlier variables only.
        bool shadowed = false;
        for (std::size_t j = 0; j < i; ++j) {
          shadowed = shadowed || e.names[j].text == name;
        }
        if (!shadowed && MentionsFree(e.operands[i], name)) {
          return true;
        }
      }
      for (const ir::Name& binding : e.names) {
        if (binding.text == name) {
          return false;
        }
      }
      return !e.operands.empty() && MentionsFree(e.Body(), name);
    }
    case ExprKind::kThe:
    case ExprKind::kSetComprehension:
    case ExprKind::kLet:
      if (e.operands.size() != 2) {
        return false;
      }
      if (MentionsFree(e.operands[0], name)) {
        return true;
      }
      return e.text != name && MentionsFree(e.operands[1], name);
    case ExprKind::kLambda:
      return e.text != name && !e.operands.empty() && MentionsFree(e.operands[0], name);
    default:
      for (const Expr& child : e.operands) {
        if (MentionsFree(child, name)) {
          return true;
        }
      }
      return false;
  }
}

namespace {

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

// Binding strength of binary operators (higher binds tighter), as in the language's table.
int Precedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::kImplies:
    case BinaryOp::kIff: return 1;
    case BinaryOp::kOr: return 2;
    case BinaryOp::kAnd: return 3;
    case BinaryOp::kEq: case BinaryOp::kNeq: case BinaryOp::kLt: case BinaryOp::kGt:
    case BinaryOp::kLe: case BinaryOp::kGe: case BinaryOp::kIn: case BinaryOp::kNotIn:
    case BinaryOp::kSubset: return 4;
    case BinaryOp::kUnion: case BinaryOp::kIntersect: case BinaryOp::kMinus: return 5;
    case BinaryOp::kAdd: case BinaryOp::kSub: return 6;
    case BinaryOp::kMul: case BinaryOp::kDiv: return 7;
  }
  return 0;
}

std::string Operand(const Expr& e);

// The operand of a binary operator: parenthesised when it binds looser than its parent (or
// equally, on the right of a left-associative operator).
std::string BinaryOperand(const Expr& child, BinaryOp parent, bool right) {
  if (child.kind != ExprKind::kBinary) {
    return Operand(child);
  }
  int inner = Precedence(child.binary_op);
  int outer = Precedence(parent);
  bool wrap = inner < outer || (inner == outer && right);
  std::string text = ExprText(child);
  return wrap ? "(" + text + ")" : text;
}

// Operands that are themselves operators get parentheses.
std::string Operand(const Expr& e) {
  bool wrap = e.kind == ExprKind::kBinary || e.kind == ExprKind::kQuantifier ||
              e.kind == ExprKind::kLet || e.kind == ExprKind::kIf || e.kind == ExprKind::kLambda ||
              e.kind == ExprKind::kThe || e.kind == ExprKind::kWith;
  std::string text = ExprText(e);
  return wrap ? "(" + text + ")" : text;
}

std::string List(const std::vector<Expr>& items, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < items.size(); ++i) {
    if (i > from) {
      out += ", ";
    }
    out += ExprText(items[i]);
  }
  return out;
}

}  // namespace

std::string ExprText(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary:
      if (e.operands.size() < 2) {
        return "?";
      }
      return fmt::format("{} {} {}", BinaryOperand(e.Left(), e.binary_op, false),
                         Spelling(e.binary_op), BinaryOperand(e.Right(), e.binary_op, true));
    case ExprKind::kUnary: {
      if (e.operands.empty()) {
        return "?";
      }
      std::string_view op = Spelling(e.unary_op);
      return e.unary_op == UnaryOp::kNot ? fmt::format("not {}", Operand(e.Operand()))
                                         : fmt::format("{}{}", op, Operand(e.Operand()));
    }
    case ExprKind::kQuantifier: {
      std::string bindings;
      for (std::size_t i = 0; i < e.names.size() && i < e.operands.size(); ++i) {
        if (i > 0) {
          bindings += ", ";
        }
        bool colon = i < e.binding_kinds.size() && e.binding_kinds[i] == BindingKind::kColon;
        bindings += fmt::format("{}{}{}", e.names[i].text, colon ? ": " : " in ",
                                ExprText(e.operands[i]));
      }
      return fmt::format("{} {} | {}", Spelling(e.quantifier), bindings,
                         e.operands.empty() ? "?" : ExprText(e.Body()));
    }
    case ExprKind::kSomeWrap:
      return e.operands.empty() ? "some(?)" : fmt::format("some({})", ExprText(e.Operand()));
    case ExprKind::kThe:
      return e.operands.size() < 2 ? "the ?"
                                   : fmt::format("the {} in {} | {}", e.text,
                                                 ExprText(e.operands[0]), ExprText(e.operands[1]));
    case ExprKind::kFieldAccess:
      return e.operands.empty() ? e.text : fmt::format("{}.{}", Operand(e.Operand()), e.text);
    case ExprKind::kEnumAccess:
      return e.operands.empty() ? e.text : fmt::format("{}.{}", Operand(e.Operand()), e.text);
    case ExprKind::kIndex:
      return e.operands.size() < 2 ? "?"
                                   : fmt::format("{}[{}]", Operand(e.operands[0]),
                                                 ExprText(e.operands[1]));
    case ExprKind::kCall:
      return e.operands.empty() ? "?()"
                                : fmt::format("{}({})", Operand(e.operands[0]),
                                              List(e.operands, 1, e.operands.size()));
    case ExprKind::kPrime:
      return e.operands.empty() ? "?'" : Operand(e.Operand()) + "'";
    case ExprKind::kPre:
      return e.operands.empty() ? "pre(?)" : fmt::format("pre({})", ExprText(e.Operand()));
    case ExprKind::kWith: {
      std::string updates;
      for (std::size_t i = 0; i < e.names.size() && i + 1 < e.operands.size(); ++i) {
        if (i > 0) {
          updates += ", ";
        }
        updates += fmt::format("{} = {}", e.names[i].text, ExprText(e.operands[i + 1]));
      }
      return e.operands.empty() ? "?"
                                : fmt::format("{} with {{ {} }}", Operand(e.operands[0]), updates);
    }
    case ExprKind::kIf:
      return e.operands.size() < 3 ? "if ?"
                                   : fmt::format("if {} then {} else {}", ExprText(e.operands[0]),
                                                 ExprText(e.operands[1]), ExprText(e.operands[2]));
    case ExprKind::kLet:
      return e.operands.size() < 2 ? "let ?"
                                   : fmt::format("let {} = {} in {}", e.text,
                                                 ExprText(e.operands[0]), ExprText(e.operands[1]));
    case ExprKind::kLambda:
      return e.operands.empty() ? "?" : fmt::format("{} => {}", e.text, ExprText(e.operands[0]));
    case ExprKind::kConstructor: {
      std::string fields;
      for (std::size_t i = 0; i < e.names.size() && i < e.operands.size(); ++i) {
        if (i > 0) {
          fields += ", ";
        }
        fields += fmt::format("{} = {}", e.names[i].text, ExprText(e.operands[i]));
      }
      return fmt::format("{} {{ {} }}", e.text, fields);
    }
    case ExprKind::kSetLiteral:
      return "{" + List(e.operands, 0, e.operands.size()) + "}";
    case ExprKind::kSeqLiteral:
      return "[" + List(e.operands, 0, e.operands.size()) + "]";
    case ExprKind::kMapLiteral: {
      std::string entries;
      for (std::size_t i = 0; i + 1 < e.operands.size(); i += 2) {
        if (i > 0) {
          entries += ", ";
        }
        entries += fmt::format("{} -> {}", ExprText(e.operands[i]), ExprText(e.operands[i + 1]));
      }
      return "{" + entries + "}";
    }
    case ExprKind::kSetComprehension:
      return e.operands.size() < 2 ? "{?}"
                                   : fmt::format("{{ {} in {} | {} }}", e.text,
                                                 ExprText(e.operands[0]), ExprText(e.operands[1]));
    case ExprKind::kMatches:
      return e.operands.empty() ? "?"
                                : fmt::format("{} matches /{}/", Operand(e.Operand()), e.text);
    case ExprKind::kIntLit:
    case ExprKind::kFloatLit:
    case ExprKind::kIdentifier:
      return e.text;
    case ExprKind::kStringLit:
      return Quote(e.text);
    case ExprKind::kBoolLit:
      return e.bool_value ? "true" : "false";
    case ExprKind::kNoneLit:
      return "none";
  }
  return "?";
}

BinaryOp FlipComparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::kLt: return BinaryOp::kGt;
    case BinaryOp::kGt: return BinaryOp::kLt;
    case BinaryOp::kLe: return BinaryOp::kGe;
    case BinaryOp::kGe: return BinaryOp::kLe;
    default: return op;
  }
}

}  // namespace s2r::convention
