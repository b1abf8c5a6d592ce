// End-to-end verdicts over the shared fixture specs (verify.md section 5.1), plus this repo's
// own examples. Skipped with a message when the shared fixtures are not checked out.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "unit/verify/verify_support.h"
#include "verify/verify.h"

namespace s2r::verify {
namespace {

const std::string kFixtureDir = testing::FixtureSpecDir().string();

struct Expectation {
  std::string fixture;
  std::size_t checks;
  // Check ids expected to end unsat (violations); every other check must be sat, unless it is
  // listed in `not_applicable` (skipped because an earlier check of the operation failed).
  std::set<std::string> failing;
  std::set<std::string> not_applicable;
  int exit_code;
};

VerifyReport RunFixture(const std::string& path, unsigned parallel) {
  auto built = testing::BuildFile(path);
  EXPECT_EQ(built->errors, "") << path;
  VerifyOptions options;
  options.parallel = parallel;
  options.timeout_ms = 30000;
  options.clock = testing::MonotonicMs;
  return Verify(built->module, options);
}

std::string Summary(const VerifyReport& report) {
  std::string out;
  for (const CheckResult& check : report.checks) {
    out += check.id + ": " + std::string(StatusToken(check.status)) +
           fmt::format(" [{:.1f} ms]", check.duration_ms);
    if (!check.detail.empty()) {
      out += " (" + check.detail + ")";
    }
    out += "\n";
  }
  return out;
}

class FixtureTest : public ::testing::TestWithParam<Expectation> {};

TEST_P(FixtureTest, MatchesReferenceVerdicts) {
  const Expectation& expected = GetParam();
  std::string path = kFixtureDir + "/" + expected.fixture + ".spec";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "shared fixtures not found at " << kFixtureDir;
  }
  VerifyReport report = RunFixture(path, 2);
  std::string summary = Summary(report);
  EXPECT_EQ(report.checks.size(), expected.checks) << summary;
  std::string mismatches;
  for (const CheckResult& check : report.checks) {
    CheckStatus wanted = expected.failing.count(check.id) > 0          ? CheckStatus::kUnsat
                         : expected.not_applicable.count(check.id) > 0 ? CheckStatus::kSkipped
                                                                       : CheckStatus::kSat;
    if (check.status != wanted) {
      mismatches += check.id + " expected " + std::string(StatusToken(wanted)) + "\n";
    }
  }
  EXPECT_EQ(mismatches, "") << summary;
  EXPECT_EQ(ExitCode(report), expected.exit_code) << summary;
  if (std::getenv("S2R_TEST_VERBOSE") != nullptr) {
    std::cout << summary << fmt::format("total {:.1f} ms\n", report.total_ms);
  }
}

// Counts are the reference's 1 + 2N + N*M + T plus one `<Op>.ensures` check per operation.
INSTANTIATE_TEST_SUITE_P(
    Fixtures, FixtureTest,
    ::testing::Values(
        Expectation{"safe_counter", 9, {}, {}, 0},
        Expectation{"url_shortener", 25, {}, {}, 0},
        Expectation{"todo_list", 64, {}, {}, 0},
        Expectation{"set_ops", 36, {}, {}, 0},
        Expectation{"secret_create", 4, {}, {}, 0},
        Expectation{"powerset_demo", 1, {}, {}, 0},
        Expectation{"powerset_ops", 5, {}, {}, 0},
        Expectation{"temporal_demo", 3, {}, {}, 0},
        Expectation{"set_comp_demo", 1, {}, {}, 0},
        Expectation{"broken_decrement", 5, {"Decrement.preserves.clicksNonNegative"}, {}, 1},
        Expectation{"broken_url_shortener",
                    11,
                    {"Drain.preserves.totalClicksNonNegative",
                     "Tamper.preserves.clickCountNonNegative"},
                    {},
                    1},
        Expectation{"dead_op", 4, {"DeadOp.requires", "DeadOp.enabled"}, {"DeadOp.ensures"}, 1},
        Expectation{"unreachable_op", 5, {"UnreachableOp.enabled"}, {"UnreachableOp.ensures"}, 1},
        Expectation{"unsat_invariants", 1, {"global"}, {}, 1},
        Expectation{"contradictory_powerset", 1, {"global"}, {}, 1}),
    [](const ::testing::TestParamInfo<Expectation>& info) { return info.param.fixture; });

// This repository's own example: a self-contradictory `ensures` fails `<Op>.ensures`.
TEST(Examples, ContradictoryEnsuresFailsTheEnsuresCheck) {
  auto built = testing::BuildFile(S2R_SOURCE_DIR "/examples/verify_contradictory_ensures.spec");
  ASSERT_EQ(built->errors, "");
  VerifyOptions options;
  options.parallel = 1;
  options.explain = true;
  VerifyReport report = Verify(built->module, options);
  std::string summary = Summary(report);
  const CheckResult* ensures = testing::FindCheck(report, "Deposit.ensures");
  ASSERT_NE(ensures, nullptr) << summary;
  EXPECT_EQ(ensures->status, CheckStatus::kUnsat) << summary;
  ASSERT_TRUE(ensures->diagnostic);
  EXPECT_EQ(ensures->diagnostic->category, Category::kContradictoryEnsures);
  EXPECT_FALSE(ensures->diagnostic->core.empty());
  EXPECT_EQ(testing::FindCheck(report, "Deposit.preserves.balanceNonNegative")->status,
            CheckStatus::kSkipped);
  EXPECT_EQ(testing::FindCheck(report, "Withdraw.ensures")->status, CheckStatus::kSat);
  EXPECT_EQ(testing::FindCheck(report, "Withdraw.preserves.balanceNonNegative")->status,
            CheckStatus::kSat);
  EXPECT_EQ(ExitCode(report), 1);
}

// The remaining fixtures of the shared corpus (verify.md section 5.1 rows beyond the required
// list): same statuses as the reference except where this implementation deliberately differs.
TEST(Fixtures, RestOfTheCorpus) {
  struct Row {
    const char* fixture;
    std::size_t checks;
    int exit_code;
  };
  // edge_cases: `.length` on a String is a translator limitation (the reference too: 56 of its
  // 67 checks skipped). strict_strategies_*: the alias refinement calls an unknown predicate.
  for (const Row& row : {Row{"auth_service", 113, 0}, Row{"ecommerce", 221, 0},
                         Row{"edge_cases", 78, 2}, Row{"convention_errors", 10, 0},
                         Row{"strict_strategies_negative", 5, 2},
                         Row{"strict_strategies_positive", 5, 2}}) {
    std::string path = kFixtureDir + "/" + row.fixture + ".spec";
    if (!std::filesystem::exists(path)) {
      GTEST_SKIP() << "shared fixtures not found at " << kFixtureDir;
    }
    VerifyReport report = RunFixture(path, 2);
    EXPECT_EQ(report.checks.size(), row.checks) << row.fixture;
    EXPECT_EQ(ExitCode(report), row.exit_code) << row.fixture << "\n" << Summary(report);
  }
}

}  // namespace
}  // namespace s2r::verify
