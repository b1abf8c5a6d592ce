// `check` over the shared acceptance corpus: every fixture parses and builds, and the lints
// report exactly what language.md §7 and §9 predict.
#include <array>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include <sys/wait.h>

#include <gtest/gtest.h>

#include "driver/front_end.h"
#include "ir/ir_dump.h"
#include "unit/support/run_command.h"

namespace s2r::check {
namespace {

namespace fs = std::filesystem;

// ../shared/fixtures next to the repository; S2R_FIXTURES_DIR overrides it (for worktrees).
fs::path FixturesDir() {
  if (const char* dir = std::getenv("S2R_FIXTURES_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return fs::path(S2R_SOURCE_DIR) / ".." / "shared" / "fixtures";
}

const fs::path kFixtures = FixturesDir();

using Outcome = std::vector<std::string>;  // "CODE message", in source order

const std::map<std::string, Outcome>& Expected() {
  static const std::map<std::string, Outcome> kExpected = {
      {"spec/auth_service.spec", {}},
      {"spec/broken_decrement.spec", {}},
      {"spec/broken_url_shortener.spec", {}},
      {"spec/contradictory_powerset.spec", {}},
      // Its convention errors belong to the convention engine; the lints give only L03.
      {"spec/convention_errors.spec",
       {"L03 operation `GetWidget` declares outputs but has no `ensures` block; outputs will "
        "be unconstrained"}},
      {"spec/dead_op.spec",
       {"L05 entity `E` is declared but never referenced in state, operations, invariants, or "
        "other entities"}},
      {"spec/ecommerce.spec",
       {"L02 undefined identifier `paymentCaptured`", "L02 undefined identifier `order_id`",
        "L02 undefined identifier `refundIssued`", "L02 undefined identifier `order_id`",
        "L02 undefined identifier `withinReturnWindow`", "L02 undefined identifier `order_id`"}},
      {"spec/edge_cases.spec",
       {"L05 entity `Child` is declared but never referenced in state, operations, invariants, "
        "or other entities"}},
      {"spec/powerset_demo.spec", {}},
      {"spec/powerset_ops.spec", {}},
      {"spec/safe_counter.spec", {}},
      {"spec/secret_create.spec", {}},
      {"spec/set_comp_demo.spec", {}},
      {"spec/set_ops.spec", {}},
      {"spec/strict_strategies_negative.spec", {"L02 undefined identifier `custom_pred`"}},
      {"spec/strict_strategies_positive.spec", {"L02 undefined identifier `custom_pred`"}},
      {"spec/temporal_demo.spec", {}},
      {"spec/todo_list.spec", {}},
      {"spec/unreachable_op.spec", {}},
      {"spec/unsat_invariants.spec", {}},
      {"spec/url_shortener.spec", {}},
      {"lint/l01_type_mismatch_bad.spec",
       {"L01 logical `and` applied to a numeric literal",
        "L01 arithmetic `+` has a boolean literal operand",
        "L01 comparison `>` has a boolean literal operand"}},
      {"lint/l02_undefined_ref_bad.spec",
       {"L02 undefined identifier `ammount`", "L02 undefined identifier `cnt`"}},
      {"lint/l03_missing_ensures_bad.spec",
       {"L03 operation `Read` declares outputs but has no `ensures` block; outputs will be "
        "unconstrained"}},
      {"lint/l04_overlap_bad.spec",
       {"L04 operations `Add` and `Increment` have the same input/output signature and they "
        "share the same preconditions; dispatch is ambiguous on shared inputs"}},
      {"lint/l05_unused_entity_bad.spec",
       {"L05 entity `Orphan` is declared but never referenced in state, operations, "
        "invariants, or other entities"}},
      {"lint/l06_circular_predicate_bad.spec",
       {"L06 circular predicate dependency: isA -> isB -> isA"}},
      {"lint/passing.spec", {}},
  };
  return kExpected;
}

class FixturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kFixtures / "spec") || !fs::is_directory(kFixtures / "lint")) {
      GTEST_SKIP() << "shared fixtures not found at " << kFixtures
                   << " (expected ../shared/fixtures next to the repository)";
    }
  }
};

TEST_F(FixturesTest, CorpusIsComplete) {
  std::vector<std::string> found;
  for (const char* folder : {"spec", "lint"}) {
    for (const fs::directory_entry& entry : fs::directory_iterator(kFixtures / folder)) {
      if (entry.path().extension() == ".spec") {
        found.push_back(std::string(folder) + "/" + entry.path().filename().string());
      }
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> expected;
  for (const auto& [name, outcome] : Expected()) {
    expected.push_back(name);
  }
  EXPECT_EQ(found, expected);
}

TEST_F(FixturesTest, CheckReportsTheExpectedLints) {
  for (const auto& [name, expected] : Expected()) {
    SCOPED_TRACE(name);
    SourceManager sources;
    diag::CollectingSink sink;
    driver::FrontEndResult front =
        driver::RunFrontEnd(sources, (kFixtures / name).string(), sink);
    ASSERT_TRUE(front.loaded) << front.load_error;
    ASSERT_TRUE(front.module) << "parse failed";
    Outcome actual;
    for (const diag::Diagnostic& d : sink.Sorted()) {
      actual.push_back(std::string(diag::Info(d.code).spelling) + " " + d.message);
    }
    EXPECT_EQ(actual, expected);
  }
}

TEST_F(FixturesTest, PrimarySpansPointAtTheCulprit) {
  SourceManager sources;
  diag::CollectingSink sink;
  auto front = driver::RunFrontEnd(sources, (kFixtures / "lint/l04_overlap_bad.spec").string(),
                                   sink);
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  Span span = sink.diagnostics()[0].PrimarySpan();
  EXPECT_EQ(sources.Slice(span).substr(0, 19), "operation Increment");
}

TEST_F(FixturesTest, EcommerceLetsFoldIntoOneEnsures) {
  SourceManager sources;
  diag::CollectingSink sink;
  auto front = driver::RunFrontEnd(sources, (kFixtures / "spec/ecommerce.spec").string(), sink);
  ASSERT_TRUE(front.module);
  const ir::Operation* add = front.module->FindOperation("AddLineItem");
  ASSERT_NE(add, nullptr);
  ASSERT_EQ(add->ensures_exprs.size(), 1u);
  const ir::Expr& product = add->ensures_exprs[0];
  ASSERT_EQ(product.kind, ir::ExprKind::kLet);
  EXPECT_EQ(product.text, "product");
  const ir::Expr& item = product.Body();
  ASSERT_EQ(item.kind, ir::ExprKind::kLet);
  EXPECT_EQ(item.text, "item");
  // order = .. and (orders' = .. and (next_line_item_id' = .. and inventory'[sku].available = ..))
  std::vector<std::string> conjuncts;
  const ir::Expr* rest = &item.Body();
  while (rest->kind == ir::ExprKind::kBinary && rest->binary_op == BinaryOp::kAnd) {
    conjuncts.push_back(ir::DumpExpr(rest->Left()).substr(0, 20));
    rest = &rest->Right();
  }
  conjuncts.push_back(ir::DumpExpr(*rest).substr(0, 20));
  EXPECT_EQ(conjuncts, (std::vector<std::string>{"(= order (with (inde", "(= (prime orders) (+",
                                                 "(= (prime next_line_", "(= (. (index (prime "}));
  EXPECT_EQ(add->requires_exprs.size(), 6u);
  EXPECT_EQ(front.module->FindOperation("RemoveLineItem")->ensures_exprs.size(), 1u);
  EXPECT_EQ(front.module->FindOperation("CancelOrder")->ensures_exprs.size(), 5u);
}

TEST_F(FixturesTest, JsonDumpIsDeterministic) {
  for (const auto& [name, expected] : Expected()) {
    SCOPED_TRACE(name);
    std::string dumps[2];
    for (std::string& dump : dumps) {
      SourceManager sources;
      diag::CollectingSink sink;
      driver::FrontEndOptions options;
      options.run_lints = false;
      auto front = driver::RunFrontEnd(sources, (kFixtures / name).string(), sink, options);
      ASSERT_TRUE(front.module);
      dump = ir::DumpJson(*front.module, sources);
    }
    EXPECT_EQ(dumps[0], dumps[1]);
    EXPECT_EQ(dumps[0].substr(0, 22), "{\n  \"kind\": \"Service\",");
  }
}

// Runs the real binary; returns its exit code and combined output.
std::pair<int, std::string> RunBinary(const std::string& arguments) {
  auto result = testing::RunCommand(std::string(S2R_BINARY) + " --no-color " + arguments + " 2>&1");
  return {result.exit_code, result.output};
}

TEST_F(FixturesTest, CheckCommandExitCodesAndSummary) {
  if (!fs::exists(S2R_BINARY)) {
    GTEST_SKIP() << "spec-to-rest binary not built at " << S2R_BINARY;
  }
  std::string url = (kFixtures / "spec/url_shortener.spec").string();
  auto [clean_code, clean_output] = RunBinary("check " + url);
  EXPECT_EQ(clean_code, 0);
  EXPECT_EQ(clean_output, url + ": valid (4 operations, 1 entities, 3 invariants)\n");
  auto [warn_code, warn_output] = RunBinary("check " + (kFixtures / "spec/dead_op.spec").string());
  EXPECT_EQ(warn_code, 0) << warn_output;
  auto [fail_code, fail_output] =
      RunBinary("check " + (kFixtures / "spec/ecommerce.spec").string());
  EXPECT_EQ(fail_code, 1);
  EXPECT_NE(fail_output.find("error[L02]: undefined identifier `paymentCaptured`"),
            std::string::npos);
}

}  // namespace
}  // namespace s2r::check
