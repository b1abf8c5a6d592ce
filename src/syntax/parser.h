// The recursive-descent parser behind Parse(). Private to the syntax folder.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "diag/sink.h"
#include "syntax/ast.h"
#include "syntax/parse.h"
#include "syntax/token.h"

namespace s2r::syntax {

// Thrown after a syntax error has been reported (or, while speculating, instead of reporting);
// caught at the nearest recovery point. Never escapes Parser.
struct SyntaxErrorUnwind {};

class Parser {
 public:
  Parser(std::vector<Token> tokens, diag::DiagnosticSink& sink, const ParseOptions& options);

  Service ParseFile();

  // ---- expressions (parse_expr.cpp) ----
  Expr ParseExpr();
  // One `requires:`/`ensures:` clause body: one or more juxtaposed expressions.
  Clause ParseClause();

 private:
  // ---- tokens ----
  [[nodiscard]] const Token& Peek(std::size_t ahead = 0) const;
  [[nodiscard]] TokenKind PeekKind(std::size_t ahead = 0) const { return Peek(ahead).kind; }
  [[nodiscard]] bool At(TokenKind kind) const { return PeekKind() == kind; }
  // A lower-case name: kLowerIdent or any soft keyword.
  [[nodiscard]] bool AtName(std::size_t ahead = 0) const;
  const Token& Advance();
  bool Accept(TokenKind kind);
  const Token& Expect(TokenKind kind);
  Name ExpectName(std::string_view what);
  Name ExpectUpper(std::string_view what);
  StringLiteral ExpectString();
  // Span from `begin` (a byte offset) to the end of the last consumed token.
  [[nodiscard]] Span SpanFrom(std::uint32_t begin) const;
  [[nodiscard]] std::uint32_t StartOffset() const { return Peek().span.begin; }

  // ---- errors and recovery ----
  [[noreturn]] void Fail(diag::Diagnostic diagnostic);
  [[noreturn]] void FailExpected(std::string_view what);
  // Runs `attempt` speculatively: on failure restores the position and returns false; no
  // diagnostic escapes a failed attempt.
  template <typename Attempt>
  bool Try(Attempt&& attempt);
  void SkipToNextMember(std::size_t member_start);

  // ---- declarations (parse_decl.cpp) ----
  void ParseMember(Service& service);
  Entity ParseEntity();
  bool ParseEntityFieldSpeculatively(Entity& entity);
  Enum ParseEnum();
  TypeAlias ParseTypeAlias();
  State ParseState();
  Operation ParseOperation();
  Transition ParseTransition();
  Invariant ParseInvariantLike(TokenKind keyword);
  Temporal ParseTemporal();
  Function ParseFunction();
  Predicate ParsePredicate();
  Conventions ParseConventions();
  std::vector<SecurityScheme> ParseSecurity();
  std::vector<Param> ParseParamList(TokenKind terminator_hint);
  Param ParseParam();
  TypeExpr ParseType();
  TypeExpr ParseBaseType();

  // ---- expression internals (parse_expr.cpp) ----
  Expr ParseBinary(int min_level);
  Expr ParseUnary();
  Expr ParsePostfix(Expr base, std::uint32_t begin);
  Expr ParsePrimary();
  Expr ParseParenthesized();
  Expr ParseQuantifier();
  Expr ParseThe();
  Expr ParseIf();
  Expr ParseLet();
  Expr ParseBrace();
  Expr ParseSequence();
  Expr ParseConstructor();
  Expr ParseWith(Expr base, std::uint32_t begin);
  struct Assignments {
    std::vector<Name> names;
    std::vector<Expr> values;
    std::vector<Span> spans;
  };
  Assignments ParseAssignments();
  bool TryParseIndex(Expr& base, std::uint32_t begin);
  std::vector<std::size_t> LetInCandidates() const;
  [[nodiscard]] bool CanStartElement() const;
  Expr Node(ExprKind kind, Span span, std::vector<Expr> operands);
  void EnterNesting();

  std::vector<Token> tokens_;
  diag::DiagnosticSink& sink_;
  ParseOptions options_;
  std::size_t pos_ = 0;
  // Tokens at or past limit_ read as end of file (used to parse a `let` value exactly).
  std::size_t limit_;
  Token limit_token_;
  void SetLimit(std::size_t limit);
  int speculation_depth_ = 0;
  int nesting_ = 0;
};

template <typename Attempt>
bool Parser::Try(Attempt&& attempt) {
  std::size_t saved_pos = pos_;
  std::size_t saved_limit = limit_;
  int saved_nesting = nesting_;
  ++speculation_depth_;
  try {
    attempt();
    --speculation_depth_;
    return true;
  } catch (const SyntaxErrorUnwind&) {
    --speculation_depth_;
    pos_ = saved_pos;
    SetLimit(saved_limit);
    nesting_ = saved_nesting;
    return false;
  }
}

}  // namespace s2r::syntax
