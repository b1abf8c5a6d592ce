// Python spellings: identifier escaping and literals (docs/emit-context.md §6.1, §6.2).
#pragma once

#include <string>
#include <string_view>

namespace s2r::emit::python_fastapi {

// ORM attributes, pydantic fields, keyword arguments: keywords and soft keywords get `_`.
[[nodiscard]] std::string EscapeAttr(std::string_view name);
// Locals, parameters, function names: keywords and builtins get `_` (`id` -> `id_`).
[[nodiscard]] std::string EscapeLocal(std::string_view name);

// Double-quoted Python string literal (`\`, `"`, `\n`, other controls and DEL as `\xNN`).
[[nodiscard]] std::string PyString(std::string_view text);
// `r"..."` when safe (no `"`, no newline, no odd trailing backslash run), else PyString.
[[nodiscard]] std::string PyRegex(std::string_view pattern);
// Full-match form for pydantic's search semantics: `p` when anchored `^...$`, else `^(?:p)$`.
[[nodiscard]] std::string AnchoredRegex(std::string_view pattern);
// SQL string literal: single quotes doubled; for MySQL backslashes doubled too.
[[nodiscard]] std::string SqlString(std::string_view text, bool mysql);

}  // namespace s2r::emit::python_fastapi
