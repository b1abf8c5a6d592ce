// Results do not depend on --parallel: the same statuses, details, diagnostics and
// counterexample values for 1 and 2 workers (durations aside).
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "unit/verify/verify_support.h"
#include "verify/report.h"
#include "verify/verify.h"

namespace s2r::verify {
namespace {

// Everything in the report except timings, as text.
std::string Fingerprint(const VerifyReport& report) {
  std::string out;
  for (const CheckResult& check : report.checks) {
    out += check.id + "|" + std::string(StatusToken(check.status)) + "|" + check.raw_status +
           "|" + check.detail + "\n";
    if (!check.diagnostic) {
      continue;
    }
    const CheckDiagnostic& d = *check.diagnostic;
    out += "  " + d.message + "\n";
    for (const std::string& line : d.narrative) {
      out += "  " + line + "\n";
    }
    for (const SpanNote& core : d.core) {
      out += "  core " + core.note + "\n";
    }
    if (d.counterexample) {
      for (const CxEntity& entity : d.counterexample->entities) {
        out += "  entity " + entity.label + "\n";
        for (const CxField& field : entity.fields) {
          out += "    " + field.name + "=" + field.value.display + "\n";
        }
      }
      for (const CxRelation& relation : d.counterexample->relations) {
        for (const CxEntry& entry : relation.entries) {
          out += "  " + relation.state + (relation.post ? "'" : "") + "[" + entry.key.display +
                 "]=" + entry.value.display + "\n";
        }
      }
      for (const CxConstant& constant : d.counterexample->constants) {
        out += "  " + constant.state + (constant.post ? "'" : "") + "=" +
               constant.value.display + "\n";
      }
      for (const CxBinding& input : d.counterexample->inputs) {
        out += "  in " + input.name + "=" + input.value.display + "\n";
      }
    }
  }
  return out;
}

TEST(Determinism, SameResultsForOneAndTwoWorkers) {
  std::filesystem::path dir = testing::FixtureSpecDir();
  if (!std::filesystem::exists(dir)) {
    GTEST_SKIP() << "shared fixtures not found at " << dir;
  }
  for (const char* name : {"broken_url_shortener", "url_shortener", "todo_list", "dead_op",
                           "unsat_invariants", "temporal_demo", "broken_decrement"}) {
    auto built = testing::BuildFile((dir / (std::string(name) + ".spec")).string());
    ASSERT_EQ(built->errors, "") << name;
    VerifyOptions options;
    options.explain = true;
    options.timeout_ms = 30000;
    options.parallel = 1;
    std::string serial = Fingerprint(Verify(built->module, options));
    options.parallel = 2;
    std::string parallel = Fingerprint(Verify(built->module, options));
    EXPECT_EQ(serial, parallel) << name;
    // Twice in a row too: no hidden state between runs.
    EXPECT_EQ(parallel, Fingerprint(Verify(built->module, options))) << name;
  }
}

TEST(Determinism, JsonReportIsStableApartFromTimings) {
  std::filesystem::path path = testing::FixtureSpecDir() / "broken_url_shortener.spec";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "shared fixtures not found at " << path;
  }
  auto built = testing::BuildFile(path.string());
  VerifyOptions options;
  options.parallel = 2;
  // No clock: every duration is 0, so two reports must be byte-identical.
  std::string first = RenderJson(Verify(built->module, options), built->sources, "spec");
  options.parallel = 1;
  std::string second = RenderJson(Verify(built->module, options), built->sources, "spec");
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace s2r::verify
