// The `verify` command end to end: exit codes, JSON on stdout or in a file, SMT-LIB dumps.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include "unit/support/run_command.h"

namespace {

namespace fs = std::filesystem;

// Runs the binary with `arguments`; `stderr_to` receives stderr (/dev/null by default).
s2r::testing::CommandResult RunBinary(const std::string& arguments,
                                      const std::string& stderr_to = "/dev/null") {
  return s2r::testing::RunCommand(std::string(S2R_BINARY) + " --no-color " + arguments + " 2>" +
                                  stderr_to);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class VerifyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(S2R_BINARY)) {
      GTEST_SKIP() << "binary not built: " << S2R_BINARY;
    }
    dir_ = fs::temp_directory_path() /
           ("s2r_verify_cli_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

constexpr const char* kBroken = R"(service B {
  state { n: Int }
  operation Down { requires: true  ensures: n' = n - 1 }
  invariant nonNegative: n >= 0
})";

TEST_F(VerifyCli, JsonOnStdoutWithExitCode) {
  fs::path spec = Write("broken.spec", kBroken);
  auto run = RunBinary("verify --json " + spec.string());
  EXPECT_EQ(run.exit_code, 1);
  nlohmann::json report = nlohmann::json::parse(run.output);
  EXPECT_EQ(report["schemaVersion"], 2);
  EXPECT_EQ(report["ok"], false);
  EXPECT_EQ(report["exitCode"], 1);
  bool found = false;
  for (const auto& check : report["checks"]) {
    if (check["id"] == "Down.preserves.nonNegative") {
      found = true;
      EXPECT_EQ(check["status"], "unsat");
      EXPECT_EQ(check["kind"], "preservation");
      EXPECT_EQ(check["diagnostic"]["code"], "E0505");
      EXPECT_EQ(check["diagnostic"]["category"], "invariant_violation_by_operation");
      EXPECT_EQ(check["diagnostic"]["counterexample"]["stateConstants"].size(), 2u);
    }
  }
  EXPECT_TRUE(found) << run.output;
}

TEST_F(VerifyCli, JsonOutWritesTheFileAndKeepsStdoutClean) {
  fs::path spec = Write("broken.spec", kBroken);
  fs::path json = dir_ / "report.json";
  fs::path err = dir_ / "stderr.txt";
  auto run = RunBinary("verify --json-out " + json.string() + " " + spec.string(), err.string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output, "");
  EXPECT_NE(ReadFile(err).find("Wrote JSON report to"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(ReadFile(json))["checks"].size(), 5u);
}

TEST_F(VerifyCli, DumpSmtWritesOneScriptPerSolvedCheck) {
  fs::path spec = Write("broken.spec", kBroken);
  fs::path dumps = dir_ / "smt";
  auto run = RunBinary("verify --dump-smt " + dumps.string() + " " + spec.string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(fs::exists(dumps / "global.smt2"));
  EXPECT_TRUE(fs::exists(dumps / "Down.preserves.nonNegative.smt2"));
  std::string script = ReadFile(dumps / "Down.preserves.nonNegative.smt2");
  EXPECT_NE(script.find("(check-sat)"), std::string::npos);
}

TEST_F(VerifyCli, UnwritableDumpDirectoryIsABackendError) {
  fs::path spec = Write("broken.spec", kBroken);
  fs::path blocker = Write("file", "not a directory");
  fs::path err = dir_ / "stderr.txt";
  auto run =
      RunBinary("verify --dump-smt " + (blocker / "sub").string() + " " + spec.string(), err.string());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(ReadFile(err).find("E0512"), std::string::npos);
}

TEST_F(VerifyCli, SpecErrorsBlockVerification) {
  fs::path spec = Write("bad.spec", "service B { state { n: Int } invariant i: m > 0 }");
  fs::path err = dir_ / "stderr.txt";
  auto run = RunBinary("verify " + spec.string(), err.string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(ReadFile(err).find("not verified"), std::string::npos) << ReadFile(err);
}

TEST_F(VerifyCli, MissingFileExitsOne) {
  EXPECT_EQ(RunBinary("verify " + (dir_ / "missing.spec").string()).exit_code, 1);
}

TEST_F(VerifyCli, OkSpecExitsZeroQuietly) {
  fs::path spec = Write("ok.spec", R"(service Ok {
    state { n: Int }
    operation Up { requires: true  ensures: n' = n + 1 }
    invariant nonNegative: n >= 0
  })");
  fs::path err = dir_ / "stderr.txt";
  auto run = RunBinary("verify -q --timeout 10000 --parallel 2 " + spec.string(), err.string());
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(ReadFile(err).find("5/5 consistency checks passed"), std::string::npos)
      << ReadFile(err);
}

}  // namespace

// The binary loads the solver from its verifier module only when a command verifies: a missing
// or foreign module is a backend error (exit 3) that names the file, a compile writes nothing,
// and commands that do not verify (check, compile --ignore-verify) need no module at all.
TEST_F(VerifyCli, MissingVerifierModuleIsABackendErrorOnlyWhenVerifying) {
  fs::path spec = Write("broken.spec", kBroken);
  fs::path missing = dir_ / "absent-verifier.so";
  fs::path out = dir_ / "out";
  fs::path stderr_file = dir_ / "stderr.txt";
  std::string env = "S2R_VERIFIER=" + missing.string() + " ";

  auto verify = s2r::testing::RunCommand(env + S2R_BINARY + " verify " + spec.string() + " 2>" +
                                         stderr_file.string());
  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_NE(ReadFile(stderr_file).find("cannot load the verifier module " + missing.string()),
            std::string::npos)
      << ReadFile(stderr_file);

  auto compile = s2r::testing::RunCommand(env + S2R_BINARY + " compile -o " + out.string() + " " +
                                          spec.string() + " 2>/dev/null");
  EXPECT_EQ(compile.exit_code, 3);
  EXPECT_FALSE(fs::exists(out));

  // A shared object without the entry point is refused as foreign, not called.
  fs::path libm = "/lib/x86_64-linux-gnu/libm.so.6";
  ASSERT_TRUE(fs::exists(libm)) << "the test borrows Debian's libm as a foreign module";
  fs::path foreign = dir_ / "foreign.so";
  fs::copy_file(libm, foreign);
  auto refused = s2r::testing::RunCommand("S2R_VERIFIER=" + foreign.string() + " " + S2R_BINARY +
                                          " verify " + spec.string() + " 2>" +
                                          stderr_file.string());
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(ReadFile(stderr_file).find("is not a verifier module"), std::string::npos)
      << ReadFile(stderr_file);

  EXPECT_EQ(s2r::testing::RunCommand(env + S2R_BINARY + " check " + spec.string() + " 2>/dev/null")
                .exit_code,
            0);
  EXPECT_EQ(s2r::testing::RunCommand(env + S2R_BINARY + " compile --ignore-verify -o " +
                                     out.string() + " " + spec.string() + " 2>/dev/null")
                .exit_code,
            0);
  EXPECT_TRUE(fs::exists(out / "app" / "main.py"));
}
