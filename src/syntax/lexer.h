// Lexer: source text -> tokens. Reports lexical errors and always returns a usable token list
// ending in kEndOfFile, so the parser can keep looking for more errors.
#pragma once

#include <vector>

#include "base/source_manager.h"
#include "diag/sink.h"
#include "syntax/token.h"

namespace s2r::syntax {

[[nodiscard]] std::vector<Token> Lex(const SourceManager& sources, SourceId source,
                                     diag::DiagnosticSink& sink);

}  // namespace s2r::syntax
