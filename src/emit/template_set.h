// Templates compiled into the binary: relative path -> Mustache text.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace s2r::emit {

struct TemplateSet {
  // Ordered by path so iteration is deterministic.
  std::map<std::string, std::string, std::less<>> files;

  // The template text, or nullptr when no template has that path.
  [[nodiscard]] const std::string* Find(std::string_view path) const {
    auto found = files.find(path);
    return found == files.end() ? nullptr : &found->second;
  }
};

}  // namespace s2r::emit
