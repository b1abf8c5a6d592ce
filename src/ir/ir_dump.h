// Views of an ir::Module for `inspect` and tests: S-expressions, a typed text dump, JSON, summary.
#pragma once

#include <string>

#include "base/source_manager.h"
#include "ir/module.h"

namespace s2r::ir {

// One-line S-expression, the same shape as syntax::DumpExpr (`(+ a (* b c))`, `(call f x)`), no
// spans or types; an unresolved identifier prints as `?name`.
[[nodiscard]] std::string DumpExpr(const Expr& expr);

// `inspect --format ir`: every declaration with its resolved types (`store: ShortCode -> lone
// LongURL`), expressions as DumpExpr followed by their inferred type.
[[nodiscard]] std::string DumpIr(const Module& module);

// `inspect --format json`: the reference's IR JSON shape (language.md §6.1, §6.2) in its key
// order, 2-space indented, with spans as {file, line, column, end_line, end_column} (1-based
// lines and columns, end exclusive). Types carry no spans. Deterministic for a given input.
[[nodiscard]] std::string DumpJson(const Module& module, const SourceManager& sources);

// `inspect --format summary`: the service name and, per declaration kind, a count and the names.
[[nodiscard]] std::string DumpSummary(const Module& module);

}  // namespace s2r::ir
