// Narrations: a few deterministic lines explaining a failed check in terms of the spec (which
// clause breaks which invariant, with the values the solver picked).
#pragma once

#include <string>
#include <vector>

#include "verify/plan.h"
#include "verify/prepared.h"
#include "verify/verify.h"

namespace s2r::verify {

// At most 12 lines; empty when the category has no narration. For invariant violations the
// first line is a one-line summary: `Decrement` breaks `clicksNonNegative`: ...
[[nodiscard]] std::vector<std::string> Narrate(const PreparedModule& prepared,
                                               const PlannedCheck& check,
                                               const CheckDiagnostic& diagnostic);

}  // namespace s2r::verify
