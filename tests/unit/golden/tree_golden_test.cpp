// Tree goldens: the whole project `compile` emits for url_shortener on each dialect, file by
// file and byte for byte, against tests/golden/compile/url_shortener-<db>.tree/.
// S2R_UPDATE_GOLDEN=1 rewrites the expected trees (review the diff before committing).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "unit/golden/golden_support.h"
#include "unit/support/line_diff.h"
#include "unit/support/spec_files.h"

namespace s2r::testing::golden {
namespace {

namespace fs = std::filesystem;

// Relative path -> content of every regular file under `root`.
std::map<std::string, std::string> ReadTree(const fs::path& root) {
  std::map<std::string, std::string> files;
  if (!fs::is_directory(root)) {
    return files;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).generic_string()] = ReadFile(entry.path());
    }
  }
  return files;
}

void WriteTree(const fs::path& root, const std::map<std::string, std::string>& files) {
  fs::remove_all(root);
  for (const auto& [path, content] : files) {
    WriteFile(root / path, content);
  }
}

// Missing and extra paths, then a diff of the first file whose content differs.
std::string DescribeDifference(const std::map<std::string, std::string>& expected,
                               const std::map<std::string, std::string>& actual) {
  std::string missing;
  std::string extra;
  for (const auto& [path, content] : expected) {
    if (actual.count(path) == 0) {
      missing += "  " + path + "\n";
    }
  }
  for (const auto& [path, content] : actual) {
    if (expected.count(path) == 0) {
      extra += "  " + path + "\n";
    }
  }
  std::string out;
  if (!missing.empty()) {
    out += "files in the golden but not emitted:\n" + missing;
  }
  if (!extra.empty()) {
    out += "files emitted but not in the golden:\n" + extra;
  }
  for (const auto& [path, content] : expected) {
    auto found = actual.find(path);
    if (found != actual.end() && found->second != content) {
      std::string diff = UnifiedDiff(content, found->second);
      out += "first differing file: " + path + " (--- golden, +++ emitted)\n" +
             (diff.empty() ? "(only the final newline differs)\n" : diff);
      break;
    }
  }
  return out;
}

class TreeGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(TreeGolden, UrlShortenerMatchesTheCommittedTree) {
  const std::string& db = GetParam();
  fs::path spec = SpecPath("url_shortener");
  if (!fs::is_regular_file(spec)) {
    GTEST_SKIP() << spec << " not found: the shared fixtures are absent (check out ../shared "
                 << "beside the repository or set S2R_SHARED_DIR)";
  }
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  fs::path out = tmp.path() / "url_shortener";
  // The tree does not depend on verification, so the gate is skipped to keep the test fast.
  RunResult run = RunCommand(std::string(S2R_BINARY) + " --color=never compile --ignore-verify --db " +
                      db + " -o '" + out.string() + "' '" + spec.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::map<std::string, std::string> actual = ReadTree(out);
  ASSERT_FALSE(actual.empty());
  for (const auto& [path, content] : actual) {
    EXPECT_EQ(content.find(tmp.path().string()), std::string::npos)
        << path << " mentions the output directory; emitted files must not depend on it";
    EXPECT_EQ(content.find(spec.parent_path().string()), std::string::npos)
        << path << " mentions the spec's directory; headers name the spec by its base name";
  }
  fs::path golden = kGoldenDir / "compile" / ("url_shortener-" + db + ".tree");
  if (UpdateRequested()) {
    WriteTree(golden, actual);
    return;
  }
  ASSERT_TRUE(fs::is_directory(golden))
      << golden << " is missing; run with S2R_UPDATE_GOLDEN=1 to create it";
  std::map<std::string, std::string> expected = ReadTree(golden);
  EXPECT_TRUE(expected == actual)
      << "url_shortener --db " << db << " differs from " << golden.lexically_relative(kSourceDir)
      << "\n"
      << DescribeDifference(expected, actual)
      << "if the change is intended, regenerate with S2R_UPDATE_GOLDEN=1 and review the diff";
}

INSTANTIATE_TEST_SUITE_P(Dialects, TreeGolden, ::testing::Values("sqlite", "postgres", "mysql"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace s2r::testing::golden
