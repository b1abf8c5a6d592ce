// The check plan: which checks exist, in which order, how they are routed and trusted, and how
// they group into units (one solver context each).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "verify/prepared.h"
#include "verify/verify.h"

namespace s2r::verify {

struct PlannedCheck {
  std::string id;
  CheckKind kind = CheckKind::kGlobal;
  int operation = -1;  // index into module.operations
  int invariant = -1;  // preservation: index into module.invariants
  int temporal = -1;   // index into module.temporals
  // Powerset and temporal checks: decided in Z3 through second-order (array) quantification or
  // a single-state approximation; always best-effort, never skipped for trust.
  bool bounded = false;
  Trust trust = Trust::kSound;
  // Set when an expression of a Z3-routed check is outside the verified subset: the check is
  // skipped as a soundness limitation.
  std::optional<std::string> outside_subset;
};

// A unit is solved in one context: the global unit holds `global` and the temporal checks, each
// operation unit holds that operation's checks in plan order.
struct Unit {
  int operation = -1;
  std::vector<std::size_t> checks;
};

struct Plan {
  std::vector<PlannedCheck> checks;  // report order
  std::vector<Unit> units;
};

// global; then per operation (sorted by lower-cased name): requires, enabled, ensures,
// preserves.<Inv> per invariant in declaration order; then temporal.<name> per declaration.
[[nodiscard]] Plan PlanChecks(const PreparedModule& prepared);

}  // namespace s2r::verify
