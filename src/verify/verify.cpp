// The verify phase: prepare, plan, run the units on a worker pool, build the report. (The
// tokens and exit codes, which need no solver, are in verdict.cpp.)
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
