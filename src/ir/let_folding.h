// The reference's let-folding across juxtaposed clause elements (language.md §5.3).
#pragma once

#include <vector>

#include "ir/expr.h"

namespace s2r::ir {

// Folds one `requires:`/`ensures:` clause: elements before the first `let` that has followers stay
// siblings; the followers (themselves folded) become a right-nested `and` conjoined to the body of
// the innermost `let` of that chain. Synthetic `and` nodes span their operands; every `let` on the
// path is extended to the end of its new body. Never crosses clause boundaries (call per clause).
[[nodiscard]] std::vector<Expr> FoldLets(std::vector<Expr> clause);

// Recomputes `height` of `expr` from its direct operands.
void UpdateHeight(Expr& expr);

}  // namespace s2r::ir
