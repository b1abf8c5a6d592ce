// Tokens produced by the lexer.
#pragma once

#include <string>
#include <string_view>

#include "base/span.h"

namespace s2r::syntax {

enum class TokenKind {
#define S2R_TOKEN(name, spelling) k##name,
#include "syntax/token_kinds.def"
};

struct Token {
  TokenKind kind = TokenKind::kEndOfFile;
  Span span;
  // The token's source text (a view into the SourceManager's buffer).
  std::string_view text;
};

// How a kind is described in messages: `entity` for keywords and punctuation (with backticks),
// a phrase for classes ("an upper-case name").
[[nodiscard]] std::string Describe(TokenKind kind);
// How a concrete token is described: `foo`, or "end of file".
[[nodiscard]] std::string Describe(const Token& token);
[[nodiscard]] bool IsKeyword(TokenKind kind);
// Keywords that may also serve as lower-case names (29 of them).
[[nodiscard]] bool IsSoftKeyword(TokenKind kind);
// The keyword kind for a word, or kLowerIdent / kUpperIdent when it is not a keyword.
[[nodiscard]] TokenKind ClassifyWord(std::string_view word);

}  // namespace s2r::syntax
