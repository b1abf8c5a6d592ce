// The report's tokens and the exit code a report gives: what the binary needs of the verifier
// without loading it (driver/verifier.h), such as to render a report or a gate's verdict.
#include <optional>

#include "verify/verify.h"

namespace s2r::verify {

std::string_view KindToken(CheckKind kind) {
  switch (kind) {
    case CheckKind::kGlobal:
      return "global";
    case CheckKind::kRequires:
      return "requires";
    case CheckKind::kEnabled:
      return "enabled";
    case CheckKind::kEnsures:
      return "ensures";
    case CheckKind::kPreservation:
      return "preservation";
    case CheckKind::kTemporal:
      return "temporal";
  }
  return "global";
}

std::string_view StatusToken(CheckStatus status) {
  switch (status) {
    case CheckStatus::kSat:
      return "sat";
    case CheckStatus::kUnsat:
      return "unsat";
    case CheckStatus::kUnknown:
      return "unknown";
    case CheckStatus::kSkipped:
      return "skipped";
  }
  return "unknown";
}

std::string_view TrustToken(Trust trust) {
  switch (trust) {
    case Trust::kSound:
      return "sound";
    case Trust::kBestEffort:
      return "best-effort";
  }
  return "best-effort";
}

std::string_view CategoryToken(Category category) {
  switch (category) {
    case Category::kContradictoryInvariants:
      return "contradictory_invariants";
    case Category::kUnsatisfiablePrecondition:
      return "unsatisfiable_precondition";
    case Category::kUnreachableOperation:
      return "unreachable_operation";
    case Category::kContradictoryEnsures:
      return "contradictory_ensures";
    case Category::kInvariantViolation:
      return "invariant_violation_by_operation";
    case Category::kTemporalViolation:
      return "temporal_violation";
    case Category::kSolverTimeout:
      return "solver_timeout";
    case Category::kTranslatorLimitation:
      return "translator_limitation";
    case Category::kSoundnessLimitation:
      return "soundness_limitation";
    case Category::kBackendError:
      return "backend_error";
    case Category::kNotApplicable:
      return "not_applicable";
  }
  return "backend_error";
}

int ExitCode(const VerifyReport& report) {
  bool backend = false;
  bool violation = false;
  bool translator = false;
  bool soundness = false;
  for (const CheckResult& check : report.checks) {
    std::optional<Category> category;
    if (check.diagnostic) {
      category = check.diagnostic->category;
    }
    backend = backend || category == Category::kBackendError;
    violation = violation || (category != Category::kBackendError &&
                              (check.status == CheckStatus::kUnsat ||
                               check.status == CheckStatus::kUnknown));
    translator = translator || category == Category::kTranslatorLimitation;
    soundness = soundness || category == Category::kSoundnessLimitation;
  }
  if (backend) {
    return 3;
  }
  if (violation) {
    return 1;
  }
  if (translator) {
    return 2;
  }
  if (soundness) {
    return 4;
  }
  return 0;
}

std::string_view ExitLabel(int exit_code) {
  switch (exit_code) {
    case 0:
      return "ok";
    case 1:
      return "violations";
    case 2:
      return "translator-limit";
    case 3:
      return "backend-error";
    case 4:
      return "trust-limit";
    default:
      return "error";
  }
}

std::string_view ExitMeaning(int exit_code) {
  switch (exit_code) {
    case 0:
      return "every check passed";
    case 1:
      return "the spec has a violation, or a check could not be decided";
    case 2:
      return "some checks were skipped because the translator cannot encode them";
    case 3:
      return "the solver backend failed on some checks";
    case 4:
      return "some checks were skipped because they are outside the verified subset";
    default:
      return "unexpected error";
  }
}

}  // namespace s2r::verify
