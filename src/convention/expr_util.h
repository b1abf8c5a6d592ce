// Small read-only helpers over IR expressions used by the convention rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/expr.h"

namespace s2r::convention {

// Splits `e` on top-level `and` (recursively) and descends into `let x = v in b`, yielding the
// pieces of `v` and of `b` (the reference's flattenEnsures). Appends to `out` in source order.
void FlattenConjuncts(const ir::Expr& e, std::vector<const ir::Expr*>& out);
[[nodiscard]] std::vector<const ir::Expr*> FlattenAll(const std::vector<ir::Expr>& clauses);

// Splits on top-level `and` only (no `let`), for refinement predicates.
void SplitAnd(const ir::Expr& e, std::vector<const ir::Expr*>& out);

// The root identifier of `x`, `x[i]`, `x.f`, `x[i].f` (and through `pre(...)`); nullptr if the
// expression is not such a chain.
[[nodiscard]] const ir::Expr* RootIdentifier(const ir::Expr& e);

// Is `e` the bare identifier `name`?
[[nodiscard]] bool IsIdentifier(const ir::Expr& e, std::string_view name);
[[nodiscard]] bool IsIdentifier(const ir::Expr& e);

// `42`, `-42` (unary minus on a literal). nullopt otherwise or on overflow.
[[nodiscard]] std::optional<std::int64_t> IntLiteral(const ir::Expr& e);
// An int or float literal (possibly negated), as decimal text; `integer` tells which.
[[nodiscard]] std::optional<std::string> NumberLiteral(const ir::Expr& e, bool* integer);

// The called name of `f(args)` when the callee is an identifier; empty otherwise.
[[nodiscard]] std::string_view CalleeName(const ir::Expr& e);
// Number of arguments of a call (operands minus the callee).
[[nodiscard]] std::size_t CallArity(const ir::Expr& e);
[[nodiscard]] const ir::Expr& CallArg(const ir::Expr& e, std::size_t i);

// True if identifier `name` occurs free anywhere in `e` (binders are respected for quantifiers,
// comprehensions, `the`, `let` and lambdas).
[[nodiscard]] bool MentionsFree(const ir::Expr& e, std::string_view name);

// A compact, readable rendering in spec syntax (parenthesised where nesting needs it).
[[nodiscard]] std::string ExprText(const ir::Expr& e);

// Mirrors a comparison so the literal side moves right: `3 < x` becomes `x > 3`.
[[nodiscard]] BinaryOp FlipComparison(BinaryOp op);

}  // namespace s2r::convention
