// Small IR helpers the verifier needs: structural equality, free names, capture-avoiding
// substitution and shape tests. All functions take the IR by const reference and return copies.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "ir/expr.h"

namespace s2r::verify {

// Structural equality ignoring spans, inferred types and resolution data.
[[nodiscard]] bool SameExpr(const ir::Expr& a, const ir::Expr& b);

// Identifier names that occur free in `expr` (not bound by a quantifier, let, `the`,
// comprehension or lambda inside it).
[[nodiscard]] std::set<std::string> FreeNames(const ir::Expr& expr);

// Replaces free identifiers named in `bindings` by copies of the mapped expressions. Binders
// inside `expr` that would capture a free name of a replacement are renamed first.
[[nodiscard]] ir::Expr Substitute(const ir::Expr& expr,
                                  const std::map<std::string, const ir::Expr*>& bindings);

// A canonical text of the structure (no spans), usable as a map key.
[[nodiscard]] std::string StructuralKey(const ir::Expr& expr);

// An identifier expression with the given name (no span, unresolved).
[[nodiscard]] ir::Expr MakeIdentifier(std::string name);

// `name`, `name'` or `pre(name)`: the identifier at the root, or empty.
[[nodiscard]] std::string_view RootName(const ir::Expr& expr);
[[nodiscard]] bool IsIdentifier(const ir::Expr& expr, std::string_view name = {});
// `x'` where x is an identifier (optionally a given one).
[[nodiscard]] bool IsPrimedIdentifier(const ir::Expr& expr, std::string_view name = {});

// The variable names a binder node introduces (quantifier bindings, let, the, comprehension,
// lambda); empty for other nodes.
[[nodiscard]] std::vector<std::string> BoundNames(const ir::Expr& expr);

}  // namespace s2r::verify
