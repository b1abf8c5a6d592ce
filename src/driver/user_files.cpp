// Reads existing user-owned files from the output directory into the SourceManager.
#include "driver/user_files.h"

#include <system_error>

#include "driver/source_loader.h"

namespace s2r::driver {

std::vector<emit::ExistingUserFile> LoadExistingUserFiles(const emit::FileTree& tree,
                                                          const std::filesystem::path& out_dir,
                                                          SourceManager& sources) {
  std::vector<emit::ExistingUserFile> files;
  for (const auto& [path, file] : tree.files()) {
    if (file.ownership != emit::Ownership::kUserOwned) {
      continue;
    }
    std::filesystem::path existing = out_dir / path;
    std::error_code error;
    if (!std::filesystem::is_regular_file(existing, error)) {
      continue;
    }
    if (Result<SourceId> source = LoadSource(sources, existing.string())) {
      files.push_back({path, *source});
    }
  }
  return files;
}

}  // namespace s2r::driver
