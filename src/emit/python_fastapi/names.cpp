#include "emit/python_fastapi/names.h"

#include <fmt/format.h>

#include "convention/naming.h"

namespace s2r::emit::python_fastapi {

std::string EscapeAttr(std::string_view name) {
  return convention::SafePythonName(name, /*avoid_builtins=*/false);
}

std::string EscapeLocal(std::string_view name) {
  return convention::SafePythonName(name, /*avoid_builtins=*/true);
}

std::string PyString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string PyRegex(std::string_view pattern) {
  std::size_t trailing = 0;
  for (auto it = pattern.rbegin(); it != pattern.rend() && *it == '\\'; ++it) {
    ++trailing;
  }
  bool safe = pattern.find('"') == std::string_view::npos &&
              pattern.find('\n') == std::string_view::npos && trailing % 2 == 0;
  for (char c : pattern) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      safe = false;
    }
  }
  return safe ? fmt::format("r\"{}\"", pattern) : PyString(pattern);
}

std::string AnchoredRegex(std::string_view pattern) {
  bool anchored = false;
  if (pattern.size() >= 2 && pattern.front() == '^' && pattern.back() == '$') {
    // `$` is unescaped when preceded by an even run of backslashes.
    std::size_t run = 0;
    for (std::size_t i = pattern.size() - 1; i > 0 && pattern[i - 1] == '\\'; --i) {
      ++run;
    }
    anchored = run % 2 == 0;
  }
  if (anchored) {
    return std::string(pattern);
  }
  return fmt::format("^(?:{})$", pattern);
}

std::string SqlString(std::string_view text, bool mysql) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\\' && mysql) {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

}  // namespace s2r::emit::python_fastapi
