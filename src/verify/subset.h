// Classification of expressions: the reference's "verified subset" (which decides the `sound`
// trust label) and the constructs that need the bounded/second-order route (powerset).
#pragma once

#include <optional>
#include <string>

#include "ir/expr.h"
#include "ir/module.h"

namespace s2r::verify {

// Why an expression is outside the verified subset, or nullopt when it is inside. The subset is
// what this encoder translates exactly (docs/verify-json.md, "Trust"): a lambda outside `sum`,
// a call that is neither an exact builtin nor inlinable (recursive definitions, unknown names,
// `max`/`min`, which are uninterpreted) and powerset `^` are outside. The reference drew the
// line at its proved translator, which also excluded standalone comprehensions, `ran`/`abs`
// calls, indexing sequences and multi-binding quantifiers over expressions; those have exact
// encodings here.
[[nodiscard]] std::optional<std::string> OutsideSubset(const ir::Expr& expr,
                                                       const ir::Module& module);

// True when the powerset operator `^` occurs anywhere in `expr` (binder domains included).
[[nodiscard]] bool UsesPowerset(const ir::Expr& expr);

// Builtin function names the encoder knows (len, now, hash, sum, dom, ...).
[[nodiscard]] bool IsBuiltinName(std::string_view name);

}  // namespace s2r::verify
