// Reads spec files (or stdin for `-`) into the SourceManager.
#pragma once

#include <string>

#include "base/result.h"
#include "base/source_manager.h"

namespace s2r::driver {

// Loads `path` (`-` means standard input). Fails with a message naming the path and the reason.
[[nodiscard]] Result<SourceId> LoadSource(SourceManager& sources, const std::string& path);

}  // namespace s2r::driver
