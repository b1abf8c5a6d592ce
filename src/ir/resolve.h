// Name resolution and type inference over a built (flattened, folded) module. Private to src/ir.
#pragma once

#include <vector>

#include "ir/module.h"
#include "ir/scope.h"

namespace s2r::ir {

// Resolves one expression tree in place under `context` (the names the enclosing declaration
// adds: inputs, `self`, entity fields, ...) on top of `globals`. Binders scope as in
// language.md §7 L02: let/the/comprehension/lambda variables scope their body only, quantifier
// bindings sequentially. Lookup order: innermost local, then `context` in order, then globals.
// Unknown names keep RefKind::kUnresolved (L02 reports them); nothing is reported here.
void ResolveExpr(Expr& expr, const Module& module, const GlobalScope& globals,
                 const std::vector<ScopeEntry>& context);

// Resolves every expression of `module` in its declaration's context.
void ResolveModule(Module& module);

}  // namespace s2r::ir
