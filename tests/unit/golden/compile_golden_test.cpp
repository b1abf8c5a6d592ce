// Compile goldens: `compile` over an output directory that already holds the user's hooks
// module. Each tests/golden/compile/<case>.spec is compiled (SQLite, verification skipped) into
// a fresh directory seeded with <case>.hooks.py as app/extensions/hooks.py; stderr, with the
// directory shown as `<out>`, must equal <case>.stderr and the hooks file must be untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "unit/golden/golden_support.h"

namespace s2r::testing::golden {
namespace {

namespace fs = std::filesystem;

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST(CompileGolden, ExistingHooksAreKeptAndReviewed) {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kGoldenDir / "compile")) {
    if (entry.path().extension() == ".spec") {
      cases.push_back(entry.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  ASSERT_FALSE(cases.empty());
  for (const fs::path& spec : cases) {
    TempDir tmp;
    ASSERT_FALSE(tmp.path().empty());
    fs::path out = tmp.path() / "out";
    fs::path hooks_source = spec;
    hooks_source.replace_extension(".hooks.py");
    std::string hooks = ReadFile(hooks_source);
    fs::path hooks_target = out / "app" / "extensions" / "hooks.py";
    if (fs::exists(hooks_source)) {
      WriteFile(hooks_target, hooks);
    }
    std::string relative = fs::relative(spec, kSourceDir).string();
    RunResult run = RunCommand(std::string(S2R_BINARY) +
                        " --color=never compile --ignore-verify --db sqlite -o '" + out.string() +
                        "' " + relative);
    bool expect_failure = spec.filename().string().rfind("fail_", 0) == 0;
    EXPECT_EQ(run.exit_code, expect_failure ? 1 : 0) << relative << "\n" << run.output;
    if (fs::exists(hooks_source)) {
      EXPECT_EQ(ReadFile(hooks_target), hooks) << relative << ": compile rewrote the user's hooks";
    }
    std::string output = ReplaceAll(run.output, out.string(), "<out>");
    fs::path expected_path = spec;
    expected_path.replace_extension(".stderr");
    if (UpdateRequested()) {
      WriteFile(expected_path, output);
      continue;
    }
    ASSERT_TRUE(fs::exists(expected_path))
        << expected_path << " is missing; run with S2R_UPDATE_GOLDEN=1 to create it";
    EXPECT_EQ(output, ReadFile(expected_path))
        << relative << " differs from its golden; if the change is intended, regenerate with "
        << "S2R_UPDATE_GOLDEN=1 and review the diff";
  }
}

}  // namespace
}  // namespace s2r::testing::golden
