// Runs the checks of one unit in one solver session and records raw outcomes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "verify/plan.h"
#include "verify/prepared.h"
#include "verify/smt/session.h"
#include "verify/verify.h"

namespace s2r::verify {

// What running a check produced, before messages and spans are attached.
struct Outcome {
  CheckStatus status = CheckStatus::kSkipped;
  std::string raw_status = "none";
  // Set for every non-sat status.
  std::optional<Category> category;
  // Skip reason, translator message, unknown reason or backend message.
  std::string reason;
  std::optional<Counterexample> counterexample;
  std::vector<SpanNote> core;
  double duration_ms = 0.0;
};

// Fills outcomes[i] for every check index i of `unit`. Never throws for spec content; solver
// failures become backend_error outcomes.
// `context` is the calling worker's solver context; units share it sequentially.
void RunUnit(const PreparedModule& prepared, const Plan& plan, const Unit& unit,
             const VerifyOptions& options, smt::SolverContext& context,
             std::vector<Outcome>& outcomes);

}  // namespace s2r::verify
