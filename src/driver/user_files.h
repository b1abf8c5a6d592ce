// Loads the user-owned files an earlier compile left in the output directory, for review.
#pragma once

#include <filesystem>
#include <vector>

#include "base/source_manager.h"
#include "emit/file_tree.h"
#include "emit/target.h"

namespace s2r::driver {

// Every user-owned file of `tree` that already exists under `out_dir`, registered in `sources`
// under its path in the output directory (so diagnostics point at it). Files that are missing
// or unreadable are left out: there is nothing to review.
[[nodiscard]] std::vector<emit::ExistingUserFile> LoadExistingUserFiles(
    const emit::FileTree& tree, const std::filesystem::path& out_dir, SourceManager& sources);

}  // namespace s2r::driver
