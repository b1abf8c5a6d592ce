// Entry point of the syntax phase: source buffer -> syntax tree.
#pragma once

#include "base/source_manager.h"
#include "diag/sink.h"
#include "syntax/ast.h"

namespace s2r::syntax {

struct ParseOptions {
  // Deepest expression nesting accepted; deeper input gets E0205 instead of exhausting the stack.
  int max_depth = 128;
};

// Lexes and parses one `.spec` buffer. Always returns a tree (possibly partial); every syntax
// error is reported to `sink`, several per run where recovery allows. Never throws for any input.
[[nodiscard]] Service Parse(const SourceManager& sources, SourceId source,
                            diag::DiagnosticSink& sink, const ParseOptions& options = {});

}  // namespace s2r::syntax
