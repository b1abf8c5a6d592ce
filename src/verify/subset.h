// Classification of expressions: the reference's "verified subset" (which decides the `sound`
// trust label) and the constructs that need the bounded/second-order route (powerset).
#pragma once

#include <optional>
#include <string>

#include "ir/expr.h"
#include "ir/module.h"

namespace s2r::verify {

// Why an expression is outside the verified subset, or nullopt when it is inside. The rules
// mirror the reference translator's coverage (verify.md section 1.4): lambdas outside `sum`,
// calls that are not builtins (after inlining), standalone comprehensions, powerset, `the`
// over an enum, enum access on a non-identifier, indexing a non-relation and multi-binding
// quantifiers over non-identifier domains are outside.
[[nodiscard]] std::optional<std::string> OutsideSubset(const ir::Expr& expr,
                                                       const ir::Module& module);

// True when the powerset operator `^` occurs anywhere in `expr` (binder domains included).
[[nodiscard]] bool UsesPowerset(const ir::Expr& expr);

// Builtin function names the encoder knows (len, now, hash, sum, dom, ...).
[[nodiscard]] bool IsBuiltinName(std::string_view name);

}  // namespace s2r::verify
