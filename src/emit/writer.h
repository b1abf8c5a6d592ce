// Writes a FileTree into an output directory atomically, and plans what a write would do.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "emit/file_tree.h"

namespace s2r::emit {

enum class FileAction {
  kCreate,     // the file does not exist yet
  kUpdate,     // a generated file whose content changes
  kUnchanged,  // a generated file whose content is identical
  kPreserve,   // a user-owned file that exists and is kept as the user left it
};

struct PlannedFile {
  std::string path;
  FileAction action = FileAction::kCreate;
};

[[nodiscard]] std::string_view ActionName(FileAction action);

// What writing `tree` into `out_dir` would do, file by file, in path order. Reads only.
[[nodiscard]] Result<std::vector<PlannedFile>> Plan(const FileTree& tree,
                                                    const std::filesystem::path& out_dir);

// Writes every file to a staging directory beside `out_dir`, so a failure while staging leaves
// `out_dir` untouched; then moves the staging directory into place when `out_dir` does not
// exist yet, else each file. Files in `out_dir` that the tree does not name are left alone.
// Returns the plan that was carried out.
[[nodiscard]] Result<std::vector<PlannedFile>> Write(const FileTree& tree,
                                                     const std::filesystem::path& out_dir);

}  // namespace s2r::emit
