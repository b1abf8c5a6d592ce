// Compact S-expression dump of syntax trees, for tests and `inspect --format ast`.
#pragma once

#include <string>

#include "syntax/ast.h"

namespace s2r::syntax {

// `(+ a (* b c))`, `(all (x in S) body)`, `(call f a b)`: one line, no spans.
[[nodiscard]] std::string DumpExpr(const Expr& expr);
// Every declaration of the service, one per line, with expressions as DumpExpr.
[[nodiscard]] std::string DumpService(const Service& service);

}  // namespace s2r::syntax
