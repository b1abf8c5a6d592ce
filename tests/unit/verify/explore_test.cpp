#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include "unit/verify/verify_support.h"
#include "verify/verify.h"
namespace s2r::verify {
TEST(Explore, Fixture) {
  const char* name = std::getenv("S2R_EXPLORE");
  if (!name) GTEST_SKIP();
  std::string path = std::string(name).find('/') != std::string::npos
                         ? std::string(name)
                         : testing::FixtureSpecDir().string() + "/" + name + ".spec";
  auto built = testing::BuildFile(path);
  std::cout << built->errors;
  VerifyOptions options;
  options.parallel = 1;
  options.timeout_ms = 10000;
  options.clock = [] { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count(); };
  if (const char* dir = std::getenv("S2R_TEST_DUMP")) {
    std::string base = dir;
    options.dump_smt = [base](const std::string& id, const std::string& text) {
      std::ofstream(base + "/" + id + ".smt2") << text;
    };
  }
  VerifyReport report = Verify(built->module, options);
  for (const CheckResult& c : report.checks) {
    if (c.status != CheckStatus::kSat || std::getenv("S2R_ALL"))
      std::cout << c.id << ": " << StatusToken(c.status) << fmt::format(" [{:.1f}] ", c.duration_ms) << c.detail << "\n";
  }
  std::cout << fmt::format("{} checks, exit {}, total {:.1f} ms\n", report.checks.size(), ExitCode(report), report.total_ms);
}
}
