// Best-effort bottom-up typing of IR expressions. Never reports: kUnknown means "not inferable".
#pragma once

#include "ir/module.h"

namespace s2r::ir {

// `t` without an outer Option.
[[nodiscard]] const Type& Unwrapped(const Type& t);

// What `x in t` binds x to: the element of a set or sequence, the key of a map or relation
// (looking through Option); kUnknown otherwise.
[[nodiscard]] Type ElementType(const Type& t);

// The type of `expr` from its operands' types, which must already be set. Identifiers and
// binders are typed by the resolver; this covers every other kind (and binders, given their
// operands: `the`, comprehension, let, lambda, quantifier).
[[nodiscard]] Type InferType(const Expr& expr, const Module& module);

}  // namespace s2r::ir
