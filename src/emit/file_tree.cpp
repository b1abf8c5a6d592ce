// Path validation and storage for generated files.
#include "emit/file_tree.h"

namespace s2r::emit {

bool IsSafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view part = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return true;
}

Result<void> FileTree::Add(std::string path, std::string content, Ownership ownership) {
  return Add(std::move(path), GeneratedFile{std::move(content), ownership, false});
}

Result<void> FileTree::Add(std::string path, GeneratedFile file) {
  if (!IsSafeRelativePath(path)) {
    return Fail("refusing to emit unsafe path `" + path + "`");
  }
  auto [it, inserted] = files_.emplace(std::move(path), std::move(file));
  if (!inserted) {
    return Fail("two generated files share the path `" + it->first + "`");
  }
  return {};
}

const GeneratedFile* FileTree::Find(std::string_view path) const {
  auto found = files_.find(std::string(path));
  return found == files_.end() ? nullptr : &found->second;
}

}  // namespace s2r::emit
