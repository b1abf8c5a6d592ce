// One reduction of refinements into Constraints (DECISIONS item 4). Used for entity fields,
// operation parameters and outputs; the API layer, OpenAPI and SQL CHECKs all read the result.
#pragma once

#include <string_view>

#include "convention/service_model.h"
#include "ir/module.h"

namespace s2r::convention {

class ValidationReducer {
 public:
  // Keeps a reference to `module` (for predicates and alias chains).
  explicit ValidationReducer(const ir::Module& module) : module_(module) {}

  // Validation of a value declared with `type` and an optional inline `where` (subject `value`):
  // enum members, then the inline refinement, then every alias refinement (outermost first).
  // Option is looked through; for Set/Seq the element type's own validation goes to `element`.
  [[nodiscard]] Validation ForType(const ir::Type& type, const ir::Expr* inline_where) const;

  // Reduces one entity-invariant conjunct if it constrains field `field` alone (the field named
  // bare or as `self.field`, compared with literals). Returns false, leaving `out` unchanged,
  // when the atom involves anything else.
  bool ReduceInvariantAtom(const ir::Expr& atom, std::string_view field, Constraints& out) const;

  // The same for any named subject (an operation input in a `requires` atom), with `origin`.
  bool ReduceSubjectAtom(const ir::Expr& atom, std::string_view subject, ConstraintOrigin origin,
                         Constraints& out) const;

  // The single field a conjunct constrains (bare `f`, `self.f`, `len(f)`, `#f`, `f matches`,
  // `P(f)`), or empty when it mentions none or several.
  [[nodiscard]] std::string_view InvariantSubject(const ir::Expr& atom) const;

 private:
  const ir::Module& module_;
};

// Adds the inclusive range of an integer SQL column (INTEGER: int32, BIGINT: int64) as
// kColumnWidth bounds where the refinements leave the range open.
void AddIntegerRange(Constraints& constraints, SqlTypeKind column_kind);

// Merges `extra` into `into` keeping the tighter bound of each kind; patterns are unioned,
// allowed values intersected, runtime checks appended. Recomputes `unsatisfiable`.
void MergeConstraints(Constraints& into, const Constraints& extra);

// A short human description of the constraint set (`len >= 6, pattern /^[a-z]+$/`).
[[nodiscard]] std::string DescribeConstraints(const Constraints& constraints);

}  // namespace s2r::convention
