// isort-compatible import blocks (docs/emit-context.md §6.3): stdlib, third-party, first-party
// (`app.*`) sections; plain imports before from-imports; CONSTANTS, Classes, then the rest.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace s2r::emit::python_fastapi {

class ImportBlock {
 public:
  ImportBlock& Import(std::string module, std::string alias = {});
  ImportBlock& From(const std::string& module, std::string name);
  template <typename... Names>
  ImportBlock& FromAll(const std::string& module, Names... names) {
    (From(module, std::string(names)), ...);
    return *this;
  }
  // Adds one full statement (`import x`, `import x as y`, `from m import a, b as c`). Returns
  // false when the line is not an import statement.
  bool AddLine(std::string_view line);
  void Merge(const ImportBlock& other);

  [[nodiscard]] bool Empty() const { return plain_.empty() && froms_.empty(); }
  // No trailing newline.
  [[nodiscard]] std::string Render() const;

 private:
  std::set<std::pair<std::string, std::string>> plain_;
  std::map<std::string, std::set<std::string>> froms_;
};

}  // namespace s2r::emit::python_fastapi
