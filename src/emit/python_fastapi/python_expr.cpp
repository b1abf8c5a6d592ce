// Python literal spellings and call layout.
#include "emit/python_fastapi/python_expr.h"

#include <fmt/format.h>

namespace s2r::emit::python_fastapi {

std::string PyString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string PyRegex(std::string_view pattern) {
  std::size_t trailing = 0;
  for (auto it = pattern.rbegin(); it != pattern.rend() && *it == '\\'; ++it) {
    ++trailing;
  }
  if (pattern.find('"') != std::string_view::npos ||
      pattern.find('\n') != std::string_view::npos || trailing % 2 == 1) {
    return PyString(pattern);
  }
  return "r\"" + std::string(pattern) + "\"";
}

std::string AnchoredRegex(std::string_view pattern) {
  bool starts = !pattern.empty() && pattern.front() == '^';
  bool ends = pattern.size() >= 2 && pattern.back() == '$' && pattern[pattern.size() - 2] != '\\';
  if (starts && ends) {
    return std::string(pattern);
  }
  return "^(?:" + std::string(pattern) + ")$";
}

std::vector<std::string> FormatCall(const std::string& head, const std::vector<std::string>& args,
                                    const std::string& tail, std::size_t indent,
                                    std::size_t width) {
  std::string joined;
  for (const std::string& arg : args) {
    joined += (joined.empty() ? "" : ", ") + arg;
  }
  std::string one = head + "(" + joined + ")" + tail;
  if (indent + one.size() <= width || args.empty()) {
    return {one};
  }
  if (indent + 4 + joined.size() <= width) {
    return {head + "(", "    " + joined, ")" + tail};
  }
  std::vector<std::string> lines{head + "("};
  for (const std::string& arg : args) {
    lines.push_back("    " + arg + ",");
  }
  lines.push_back(")" + tail);
  return lines;
}

}  // namespace s2r::emit::python_fastapi
