// Fully parenthesised expression printing.
#include "verify/pretty.h"

#include <vector>

#include <fmt/format.h>

namespace s2r::verify {
namespace {

using ir::Expr;
using ir::ExprKind;

std::string_view BinarySpelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kImplies:
      return "=>";
    case BinaryOp::kIff:
      return "<=>";
    case BinaryOp::kUnion:
      return "++";
    case BinaryOp::kIntersect:
      return "&";
    case BinaryOp::kMinus:
      return "--";
    default:
      return Spelling(op);
  }
}

std::string_view UnarySpelling(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNot:
      return "not";
    case UnaryOp::kNegate:
      return "-";
    case UnaryOp::kCardinality:
      return "#";
    case UnaryOp::kPowerset:
      return "^";
  }
  return "?";
}

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string Pretty(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary:
      return fmt::format("({} {} {})", Pretty(e.Left()), BinarySpelling(e.binary_op),
                         Pretty(e.Right()));
    case ExprKind::kUnary:
      if (e.unary_op == UnaryOp::kNot) {
        return fmt::format("(not {})", Pretty(e.Operand()));
      }
      return fmt::format("({} {})", UnarySpelling(e.unary_op), Pretty(e.Operand()));
    case ExprKind::kQuantifier: {
      std::vector<std::string> bindings;
      for (std::size_t i = 0; i < e.names.size(); ++i) {
        bool colon = i < e.binding_kinds.size() && e.binding_kinds[i] == BindingKind::kColon;
        bindings.push_back(fmt::format("{}{}{}", e.names[i].text, colon ? ": " : " in ",
                                       Pretty(e.operands[i])));
      }
      return fmt::format("({} {} | {})", Spelling(e.quantifier), Join(bindings),
                         Pretty(e.Body()));
    }
    case ExprKind::kSomeWrap:
      return fmt::format("some({})", Pretty(e.Operand()));
    case ExprKind::kThe:
      return fmt::format("(the {} in {} | {})", e.text, Pretty(e.operands[0]),
                         Pretty(e.operands[1]));
    case ExprKind::kFieldAccess:
    case ExprKind::kEnumAccess:
      return fmt::format("{}.{}", Pretty(e.Operand()), e.text);
    case ExprKind::kIndex:
      return fmt::format("{}[{}]", Pretty(e.operands[0]), Pretty(e.operands[1]));
    case ExprKind::kCall: {
      std::vector<std::string> args;
      for (std::size_t i = 1; i < e.operands.size(); ++i) {
        args.push_back(Pretty(e.operands[i]));
      }
      return fmt::format("{}({})", Pretty(e.operands[0]), Join(args));
    }
    case ExprKind::kPrime:
      return Pretty(e.Operand()) + "'";
    case ExprKind::kPre:
      return fmt::format("pre({})", Pretty(e.Operand()));
    case ExprKind::kWith: {
      std::vector<std::string> updates;
      for (std::size_t i = 0; i < e.names.size(); ++i) {
        updates.push_back(fmt::format("{} = {}", e.names[i].text, Pretty(e.operands[i + 1])));
      }
      return fmt::format("({} with {{ {} }})", Pretty(e.operands[0]), Join(updates));
    }
    case ExprKind::kIf:
      return fmt::format("(if {} then {} else {})", Pretty(e.operands[0]), Pretty(e.operands[1]),
                         Pretty(e.operands[2]));
    case ExprKind::kLet:
      return fmt::format("(let {} = {} in {})", e.text, Pretty(e.operands[0]), Pretty(e.Body()));
    case ExprKind::kLambda:
      return fmt::format("(\\{} -> {})", e.text, Pretty(e.Body()));
    case ExprKind::kConstructor: {
      std::vector<std::string> fields;
      for (std::size_t i = 0; i < e.names.size(); ++i) {
        fields.push_back(fmt::format("{} = {}", e.names[i].text, Pretty(e.operands[i])));
      }
      return fmt::format("{} {{ {} }}", e.text, Join(fields));
    }
    case ExprKind::kSetLiteral:
    case ExprKind::kSeqLiteral: {
      std::vector<std::string> items;
      for (const Expr& item : e.operands) {
        items.push_back(Pretty(item));
      }
      return e.kind == ExprKind::kSetLiteral ? "{" + Join(items) + "}" : "[" + Join(items) + "]";
    }
    case ExprKind::kMapLiteral: {
      std::vector<std::string> entries;
      for (std::size_t i = 0; i + 1 < e.operands.size(); i += 2) {
        entries.push_back(fmt::format("{} -> {}", Pretty(e.operands[i]), Pretty(e.operands[i + 1])));
      }
      return "{" + Join(entries) + "}";
    }
    case ExprKind::kSetComprehension:
      return fmt::format("{{ {} in {} | {} }}", e.text, Pretty(e.operands[0]),
                         Pretty(e.operands[1]));
    case ExprKind::kMatches:
      return fmt::format("({} matches /{}/)", Pretty(e.Operand()), e.text);
    case ExprKind::kIntLit:
    case ExprKind::kFloatLit:
    case ExprKind::kIdentifier:
      return e.text;
    case ExprKind::kStringLit:
      return "\"" + Escape(e.text) + "\"";
    case ExprKind::kBoolLit:
      return e.bool_value ? "true" : "false";
    case ExprKind::kNoneLit:
      return "none";
  }
  return "?";
}

}  // namespace s2r::verify
