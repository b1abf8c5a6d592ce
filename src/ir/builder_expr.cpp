// Syntax expressions -> IR expressions (a structural copy), plus the ASCII rule for strings.
#include <cstdint>
#include <string>

#include "ir/builder_internal.h"

namespace s2r::ir {
namespace {

ExprKind ConvertKind(syntax::ExprKind kind) {
  switch (kind) {
    case syntax::ExprKind::kBinary: return ExprKind::kBinary;
    case syntax::ExprKind::kUnary: return ExprKind::kUnary;
    case syntax::ExprKind::kQuantifier: return ExprKind::kQuantifier;
    case syntax::ExprKind::kSomeWrap: return ExprKind::kSomeWrap;
    case syntax::ExprKind::kThe: return ExprKind::kThe;
    case syntax::ExprKind::kFieldAccess: return ExprKind::kFieldAccess;
    case syntax::ExprKind::kEnumAccess: return ExprKind::kEnumAccess;
    case syntax::ExprKind::kIndex: return ExprKind::kIndex;
    case syntax::ExprKind::kCall: return ExprKind::kCall;
    case syntax::ExprKind::kPrime: return ExprKind::kPrime;
    case syntax::ExprKind::kPre: return ExprKind::kPre;
    case syntax::ExprKind::kWith: return ExprKind::kWith;
    case syntax::ExprKind::kIf: return ExprKind::kIf;
    case syntax::ExprKind::kLet: return ExprKind::kLet;
    case syntax::ExprKind::kLambda: return ExprKind::kLambda;
    case syntax::ExprKind::kConstructor: return ExprKind::kConstructor;
    case syntax::ExprKind::kSetLiteral: return ExprKind::kSetLiteral;
    case syntax::ExprKind::kMapLiteral: return ExprKind::kMapLiteral;
    case syntax::ExprKind::kSetComprehension: return ExprKind::kSetComprehension;
    case syntax::ExprKind::kSeqLiteral: return ExprKind::kSeqLiteral;
    case syntax::ExprKind::kMatches: return ExprKind::kMatches;
    case syntax::ExprKind::kIntLit: return ExprKind::kIntLit;
    case syntax::ExprKind::kFloatLit: return ExprKind::kFloatLit;
    case syntax::ExprKind::kStringLit: return ExprKind::kStringLit;
    case syntax::ExprKind::kBoolLit: return ExprKind::kBoolLit;
    case syntax::ExprKind::kNoneLit: return ExprKind::kNoneLit;
    case syntax::ExprKind::kIdentifier: return ExprKind::kIdentifier;
  }
  return ExprKind::kNoneLit;
}

// Decodes the UTF-8 sequence at `text[at]`; returns the code point and advances `at` past it.
std::uint32_t DecodeUtf8(std::string_view text, std::size_t& at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  std::uint32_t code_point =
      length == 4 ? lead & 0x07u : length == 3 ? lead & 0x0Fu : length == 2 ? lead & 0x1Fu : lead;
  std::size_t end = at + length;
  for (++at; at < end && at < text.size(); ++at) {
    code_point = (code_point << 6) | (byte(at) & 0x3Fu);
  }
  return code_point;
}

}  // namespace

void CheckAsciiString(std::string_view value, Span span, diag::DiagnosticSink& sink) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (static_cast<unsigned char>(value[i]) < 0x80) {
      continue;
    }
    std::size_t end = i;
    std::uint32_t code_point = DecodeUtf8(value, end);
    std::string character(value.substr(i, end - i));
    sink.Report(diag::NonAsciiString(span, character, code_point)
                    .WithHelp("spell the character with ASCII text, or move it out of the spec"));
    return;
  }
}

Expr ConvertExpr(const syntax::Expr& expr, diag::DiagnosticSink& sink) {
  Expr out;
  out.kind = ConvertKind(expr.kind);
  out.span = expr.span;
  out.binary_op = expr.binary_op;
  out.unary_op = expr.unary_op;
  out.quantifier = expr.quantifier;
  out.bool_value = expr.bool_value;
  out.text = expr.text;
  out.names.reserve(expr.names.size());
  for (const syntax::Name& name : expr.names) {
    out.names.push_back(Name{name.text, name.span});
  }
  out.binding_kinds = expr.binding_kinds;
  out.item_spans = expr.item_spans;
  out.height = expr.height;
  out.operands.reserve(expr.operands.size());
  for (const syntax::Expr& operand : expr.operands) {
    out.operands.push_back(ConvertExpr(operand, sink));
  }
  if (out.kind == ExprKind::kStringLit) {
    CheckAsciiString(out.text, out.span, sink);
  }
  return out;
}

}  // namespace s2r::ir
