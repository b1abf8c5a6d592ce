// Shared pieces of the golden runners: running the built binary and reading expectations.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "unit/support/run_command.h"

namespace s2r::testing::golden {

inline const std::filesystem::path kSourceDir = S2R_SOURCE_DIR;
inline const std::filesystem::path kGoldenDir = kSourceDir / "tests" / "golden";

// S2R_UPDATE_GOLDEN=1 rewrites expectations instead of comparing.
inline bool UpdateRequested() { return std::getenv("S2R_UPDATE_GOLDEN") != nullptr; }

using RunResult = CommandResult;

// Runs `command` through the shell from the source directory; stdout and stderr together.
inline RunResult RunCommand(const std::string& command) {
  return testing::RunCommand("cd '" + kSourceDir.string() + "' && " + command + " 2>&1");
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "s2r-golden-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) {
      std::filesystem::remove_all(path_, ignored);
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace s2r::testing::golden
