// Finds the top-level function definitions of a Python module and their parameter names, without
// a Python parser: enough to compare a user's hooks module with the hooks the services call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s2r::emit::python_fastapi {

enum class PythonParamKind {
  kPositionalOnly,       // before a `/` marker
  kPositionalOrKeyword,  // plain `name` (`name: T = default`)
  kKeywordOnly,          // after `*` or `*args`
  kVarPositional,        // `*args`
  kVarKeyword,           // `**kwargs`
};

struct PythonParam {
  std::string name;
  PythonParamKind kind = PythonParamKind::kPositionalOrKeyword;
  bool has_default = false;
  // Byte offsets of the name in the scanned text.
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct PythonDef {
  std::string name;
  bool is_async = false;
  // Byte offsets of the function name in the scanned text.
  std::uint32_t name_begin = 0;
  std::uint32_t name_end = 0;
  std::vector<PythonParam> params;
};

// Every `def` / `async def` that starts at column 0 outside strings, comments and brackets, in
// text order. Parameter lists may span lines and hold comments, strings and nested brackets.
// Never fails: text that is not Python (or a definition whose parameter list never closes)
// simply yields fewer definitions.
[[nodiscard]] std::vector<PythonDef> ScanTopLevelDefs(std::string_view text);

}  // namespace s2r::emit::python_fastapi
