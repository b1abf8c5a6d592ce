// Python spelling helpers shared by the body lowering: literals and call layout.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace s2r::emit::python_fastapi {

// Double-quoted literal: `\` and `"` escaped, `\n`, other control characters (and DEL) as \xNN.
[[nodiscard]] std::string PyString(std::string_view text);
// `r"..."` when possible (no `"`, no newline, no odd trailing backslashes), else PyString.
[[nodiscard]] std::string PyRegex(std::string_view pattern);
// The pattern as a full match for search engines: unchanged when it starts with `^` and ends with
// an unescaped `$`, else `^(?:p)$`.
[[nodiscard]] std::string AnchoredRegex(std::string_view pattern);

// Lines of `<head>(<args>)<tail>` at `indent` spaces, within `width` columns when possible: one
// line, else the arguments on one indented line, else one argument per line (trailing comma).
[[nodiscard]] std::vector<std::string> FormatCall(const std::string& head,
                                                  const std::vector<std::string>& args,
                                                  const std::string& tail, std::size_t indent,
                                                  std::size_t width = 100);

}  // namespace s2r::emit::python_fastapi
