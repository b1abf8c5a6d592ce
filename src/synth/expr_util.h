// Small queries and constructors over IR expressions used by plan derivation.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ir/expr.h"
#include "ir/module.h"

namespace s2r::synth {

// `S` or `pre(S)` for a state field S: its name.
[[nodiscard]] std::optional<std::string> PreStateName(const ir::Expr& expr);
// `S'`: the state field's name.
[[nodiscard]] std::optional<std::string> PostStateName(const ir::Expr& expr);
// An identifier naming an operation output: its name.
[[nodiscard]] std::optional<std::string> OutputName(const ir::Expr& expr);
[[nodiscard]] bool IsTrueLiteral(const ir::Expr& expr);
// Splits nested `and` into its conjuncts, left to right.
void FlattenConjunction(const ir::Expr& expr, std::vector<const ir::Expr*>& out);
// True when any sub-expression mentions post-state (`S'`).
[[nodiscard]] bool MentionsPostState(const ir::Expr& expr);
// True when any sub-expression reads state (bare, `pre(...)` or primed).
[[nodiscard]] bool MentionsState(const ir::Expr& expr);
// Names of outputs and let-locals an expression reads (quantifier variables excluded).
[[nodiscard]] std::set<std::string> ReferencedLocals(const ir::Expr& expr);

// Synthetic nodes (no span).
[[nodiscard]] ir::Expr MakeIdentifier(std::string name, ir::RefKind ref, ir::Type type);
[[nodiscard]] ir::Expr MakeIndex(ir::Expr base, ir::Expr key, ir::Type type);
[[nodiscard]] ir::Expr MakeField(ir::Expr base, std::string field, ir::Type type);
[[nodiscard]] ir::Expr MakeBinary(BinaryOp op, ir::Expr left, ir::Expr right, ir::Type type);
[[nodiscard]] ir::Expr MakeSet(std::vector<ir::Expr> elements, ir::Type type);
[[nodiscard]] ir::Expr MakeNot(ir::Expr operand);

// Replaces identifiers resolved as fields of the enclosing entity (RefKind::kEntityField, as in
// transition guards) by `row.field`.
[[nodiscard]] ir::Expr SubstituteEntityFields(const ir::Expr& expr, const ir::Expr& row,
                                              const ir::Entity& entity);

}  // namespace s2r::synth
