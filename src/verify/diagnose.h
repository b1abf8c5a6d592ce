// Turns a planned check and its raw outcome into a reported CheckResult: spans, message,
// detail, suggestion and narration.
#pragma once

#include "verify/plan.h"
#include "verify/prepared.h"
#include "verify/runner.h"
#include "verify/verify.h"

namespace s2r::verify {

[[nodiscard]] CheckResult BuildResult(const PreparedModule& prepared, const PlannedCheck& check,
                                      Outcome outcome, const VerifyOptions& options);

}  // namespace s2r::verify
