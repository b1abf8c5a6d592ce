// Inlining of user functions and predicates (including the preamble's isValidURI and
// isValidEmail) by capture-avoiding beta-reduction.
#pragma once

#include "ir/expr.h"
#include "ir/module.h"

namespace s2r::verify {

// Rounds of inlining before giving up; calls left after that (recursion) stay in place.
inline constexpr int kInlineFuel = 16;

// Replaces every call `f(a1..an)` whose callee names a user function or predicate of matching
// arity with the body, parameters replaced by the arguments. Repeats until no such call
// remains or the fuel runs out.
[[nodiscard]] ir::Expr InlineCalls(const ir::Expr& expr, const ir::Module& module,
                                   int fuel = kInlineFuel);

// True when `expr` still calls a user function or predicate.
[[nodiscard]] bool HasUserCalls(const ir::Expr& expr, const ir::Module& module);

// The name of a call's callee when it is a plain identifier, else empty.
[[nodiscard]] std::string_view CalleeName(const ir::Expr& call);

}  // namespace s2r::verify
