// The release binary loads no C++ library at start-up (see the top-level CMakeLists.txt): only
// libc, libm, mimalloc and the dynamic loader. A compiled-in library that a later change pulls
// back in as a shared one shows here, not only as a slower benchmark.
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "unit/support/run_command.h"

namespace {

// The DT_NEEDED entries of `binary`, as readelf lists them.
std::set<std::string> NeededLibraries(const std::string& binary) {
  std::istringstream listing(s2r::testing::RunCommand("readelf -d " + binary + " 2>&1").output);
  std::set<std::string> needed;
  for (std::string line; std::getline(listing, line);) {
    if (line.find("(NEEDED)") == std::string::npos) continue;
    std::size_t open = line.find('[');
    std::size_t close = line.find(']', open);
    if (open != std::string::npos && close != std::string::npos) {
      needed.insert(line.substr(open + 1, close - open - 1));
    }
  }
  return needed;
}

TEST(StaticRuntime, ReleaseBinaryNeedsNoSharedCxxLibrary) {
#ifndef S2R_STATIC_RUNTIME
  GTEST_SKIP() << "sanitizer and fuzz builds link the shared libraries";
#endif
  if (!std::filesystem::exists(S2R_BINARY)) GTEST_SKIP() << "binary not built: " << S2R_BINARY;
  std::set<std::string> needed = NeededLibraries(S2R_BINARY);
  ASSERT_TRUE(needed.count("libc.so.6")) << "readelf found no NEEDED entries in " << S2R_BINARY;
  const std::set<std::string> allowed = {"libc.so.6", "libm.so.6", "libmimalloc.so.2",
                                         "ld-linux-x86-64.so.2"};
  for (const std::string& library : needed) {
    EXPECT_TRUE(allowed.count(library)) << S2R_BINARY << " needs " << library;
  }
}

}  // namespace
