// FileTree: the in-memory output of a target, written to disk only when every stage succeeded.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace s2r::emit {

enum class Ownership {
  kGenerated,  // rewritten by every compile
  kUserOwned,  // created once; never overwritten (hooks modules, compose overrides)
};

struct GeneratedFile {
  std::string content;
  Ownership ownership = Ownership::kGenerated;
  bool executable = false;
};

class FileTree {
 public:
  // Adds a file at a relative, normalised path. Fails for absolute paths, `..` or `.`
  // components, empty components, or a path added twice.
  [[nodiscard]] Result<void> Add(std::string path, std::string content,
                                 Ownership ownership = Ownership::kGenerated);
  [[nodiscard]] Result<void> Add(std::string path, GeneratedFile file);

  [[nodiscard]] const std::map<std::string, GeneratedFile>& files() const { return files_; }
  [[nodiscard]] const GeneratedFile* Find(std::string_view path) const;

 private:
  std::map<std::string, GeneratedFile> files_;
};

// True when `path` is relative and has no empty, `.` or `..` components.
[[nodiscard]] bool IsSafeRelativePath(std::string_view path);

}  // namespace s2r::emit
