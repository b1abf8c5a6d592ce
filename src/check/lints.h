// Declarations of the individual lints; each lives in its own file (lNN_*.cpp).
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "diag/sink.h"
#include "ir/module.h"

namespace s2r::check {

struct Lint {
  std::string_view code;
  void (*run)(const ir::Module& module, diag::DiagnosticSink& sink);
};

// In the order they run.
[[nodiscard]] const std::vector<Lint>& AllLints();

// L01: literal operands of the wrong class (`flag and 5`, `count + true`).
void CheckLiteralTypes(const ir::Module& module, diag::DiagnosticSink& sink);
// L02: identifiers that name nothing in scope, with a "did you mean" help.
void CheckUndefinedIdentifiers(const ir::Module& module, diag::DiagnosticSink& sink);
// L03: operations with outputs but no `ensures`.
void CheckMissingEnsures(const ir::Module& module, diag::DiagnosticSink& sink);
// L04: operations with the same signature and the same preconditions.
void CheckAmbiguousDispatch(const ir::Module& module, diag::DiagnosticSink& sink);
// L05: entities nothing refers to.
void CheckUnusedEntities(const ir::Module& module, diag::DiagnosticSink& sink);
// L06: cycles in the predicate/function call graph.
void CheckCircularPredicates(const ir::Module& module, diag::DiagnosticSink& sink);
// L07: outputs declared by an operation whose resolved success status is 204 No Content (the
// status comes from the convention engine, convention::ResolveSuccessStatuses).
void CheckOutputsDroppedBy204(const ir::Module& module, diag::DiagnosticSink& sink);

// The lints' "all expressions" set (language.md §7): every requires and ensures expression,
// service invariant, temporal argument, fact, function and predicate body (preamble included),
// entity field constraint and entity invariant, and alias constraint, in that order; transition
// guards last when `include_transition_guards`. Calls `visit` on each root (not on sub-nodes).
void ForEachLintedExpr(const ir::Module& module, bool include_transition_guards,
                       const std::function<void(const ir::Expr&)>& visit);

}  // namespace s2r::check
