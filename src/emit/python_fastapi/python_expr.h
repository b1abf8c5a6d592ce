// Call layout for the body lowering; literal spelling lives in names.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emit/python_fastapi/names.h"

namespace s2r::emit::python_fastapi {

// Lines of `<head>(<args>)<tail>` at `indent` spaces, within `width` columns when possible: one
// line, else the arguments on one indented line, else one argument per line (trailing comma).
[[nodiscard]] std::vector<std::string> FormatCall(const std::string& head,
                                                  const std::vector<std::string>& args,
                                                  const std::string& tail, std::size_t indent,
                                                  std::size_t width = 100);

// `code` wrapped in parentheses unless one pair already encloses all of it, so that it can follow
// `not` or `if` whatever its precedence.
[[nodiscard]] std::string Parenthesized(const std::string& code);

// `<function>(<argument>)` without a pair of parentheses that encloses all of `argument` (ruff
// UP034), unless that pair makes a tuple: `len((a + b))` is spelled `len(a + b)`.
[[nodiscard]] std::string OneArgumentCall(std::string_view function, const std::string& argument);

}  // namespace s2r::emit::python_fastapi
