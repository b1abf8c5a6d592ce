// Global flags are accepted before and after the subcommand (`spec-to-rest compile --no-color`).
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "unit/support/run_command.h"

namespace {

const std::string kBadSpec = std::string(S2R_SOURCE_DIR) + "/tests/golden/check/fail_lex_unexpected_character.spec";

std::string Check(const std::string& before, const std::string& after) {
  return s2r::testing::RunCommand(std::string(S2R_BINARY) + before + " check" + after + " " +
                                  kBadSpec + " 2>&1")
      .output;
}

TEST(GlobalFlags, ColourFlagsWorkOnEitherSideOfTheSubcommand) {
  if (!std::filesystem::exists(S2R_BINARY)) GTEST_SKIP() << "binary not built: " << S2R_BINARY;
  const std::string escape = "\x1b[";
  EXPECT_NE(Check(" --color=always", "").find(escape), std::string::npos);
  EXPECT_NE(Check("", " --color=always").find(escape), std::string::npos);
  for (const std::string& output : {Check(" --no-color", ""), Check("", " --no-color"),
                                    Check("", " --color=never")}) {
    EXPECT_EQ(output.find(escape), std::string::npos) << output;
    EXPECT_NE(output.find("error[E01"), std::string::npos) << output;
  }
  std::string json = Check("", " --diagnostics-format json");
  EXPECT_EQ(json.rfind("{", 0) == 0 || json.rfind("[", 0) == 0, true) << json;
}

}  // namespace
