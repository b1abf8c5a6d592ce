// Shared pieces of the golden runners: running the built binary and reading expectations.
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace s2r::testing::golden {

inline const std::filesystem::path kSourceDir = S2R_SOURCE_DIR;
inline const std::filesystem::path kGoldenDir = kSourceDir / "tests" / "golden";

// S2R_UPDATE_GOLDEN=1 rewrites expectations instead of comparing.
inline bool UpdateRequested() { return std::getenv("S2R_UPDATE_GOLDEN") != nullptr; }

struct RunResult {
  int exit_code = -1;
  std::string output;
};

// Runs `command` through the shell from the source directory; stdout and stderr together.
inline RunResult RunCommand(const std::string& command) {
  RunResult result;
  std::string full = "cd '" + kSourceDir.string() + "' && " + command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) {
    return result;
  }
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
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
