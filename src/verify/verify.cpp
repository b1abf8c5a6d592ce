// The verify phase: prepare, plan, run the units on a worker pool, build the report.
#include "verify/verify.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "verify/diagnose.h"
#include "verify/plan.h"
#include "verify/prepared.h"
#include "verify/runner.h"

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

VerifyReport Verify(const ir::Module& module, const VerifyOptions& options) {
  double start = options.clock ? options.clock() : 0.0;
  PreparedModule prepared = Prepare(module);
  Plan plan = PlanChecks(prepared);
  std::vector<Outcome> outcomes(plan.checks.size());

  unsigned workers = options.parallel == 0 ? std::thread::hardware_concurrency() : options.parallel;
  workers = std::clamp<unsigned>(workers, 1, static_cast<unsigned>(plan.units.size()));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> failures(workers);
  auto work = [&](unsigned worker) {
    try {
      for (std::size_t i = next++; i < plan.units.size(); i = next++) {
        // A fresh solver context per unit: Z3's search depends on the context's history
        // (term ids, caches), so sharing one across units would make results depend on
        // which worker solved what. A context costs about 3 ms.
        smt::SolverContext context;
        RunUnit(prepared, plan, plan.units[i], options, context, outcomes);
      }
    } catch (...) {
      failures[worker] = std::current_exception();
    }
  };
  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < workers; ++w) {
      threads.emplace_back(work, w);
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
  }
  for (const std::exception_ptr& failure : failures) {
    if (failure) {
      std::rethrow_exception(failure);
    }
  }

  VerifyReport report;
  for (std::size_t i = 0; i < plan.checks.size(); ++i) {
    report.checks.push_back(BuildResult(prepared, plan.checks[i], std::move(outcomes[i]), options));
    CheckStatus status = report.checks.back().status;
    report.ok = report.ok && (status == CheckStatus::kSat || status == CheckStatus::kSkipped);
  }
  report.total_ms = options.clock ? options.clock() - start : 0.0;
  return report;
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

GateResult RunGate(const ir::Module& module, std::function<double()> clock) {
  VerifyOptions options;
  options.timeout_ms = 30000;
  options.parallel = 0;
  options.clock = std::move(clock);
  GateResult gate;
  gate.report = Verify(module, options);
  gate.exit_code = ExitCode(gate.report);
  return gate;
}

}  // namespace s2r::verify
