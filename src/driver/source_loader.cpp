// File and stdin loading for the driver.
#include "driver/source_loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace s2r::driver {

Result<SourceId> LoadSource(SourceManager& sources, const std::string& path) {
  if (path == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return sources.Add("<stdin>", text.str());
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Fail(std::strerror(errno));
  }
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) {
    return Fail("read error");
  }
  return sources.Add(path, std::move(text));
}

}  // namespace s2r::driver
