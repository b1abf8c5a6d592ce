// Warnings about mistakes the reference accepts (language.md §2.1 checks nothing else at build
// time): duplicate names, bad `extends`, unknown transition entities, unknown fields and enum
// members, call arity. Private to src/ir; Build runs these.
#pragma once

#include "diag/sink.h"
#include "ir/module.h"

namespace s2r::ir {

// E0311 duplicates (per namespace: type names, enum values within an enum, state fields,
// operations, user functions and predicates, transitions, named invariants, temporals, an
// entity's own fields, a declaration's parameters). Run before inheritance is flattened.
void ReportDuplicateDeclarations(const Module& module, diag::DiagnosticSink& sink);

// E0312 unknown parents, E0313 inheritance cycles, E0319 unknown transition entities, E0314 a
// transition field the entity lacks.
void ReportBadReferences(const Module& module, diag::DiagnosticSink& sink);

// E0314 unknown fields (`.f`, `with { f = .. }`, `T { f = .. }` on a known entity), E0316
// unknown enum members (`Status.X`), E0315 call arity (built-ins, predicates, functions), over
// every resolved expression.
void ReportExpressionMistakes(const Module& module, diag::DiagnosticSink& sink);

}  // namespace s2r::ir
