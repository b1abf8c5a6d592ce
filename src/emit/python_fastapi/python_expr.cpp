// Python literal spellings and call layout.
#include "emit/python_fastapi/python_expr.h"

#include <fmt/format.h>

namespace s2r::emit::python_fastapi {

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

std::string Parenthesized(const std::string& code) {
  if (code.size() >= 2 && code.front() == '(' && code.back() == ')') {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
      char c = code[i];
      if (quote != 0) {
        if (c == '\\') {
          ++i;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        if (i + 1 == code.size()) return code;
        break;  // the first group closes early: `(a) and (b)`
      }
    }
  }
  return "(" + code + ")";
}

}  // namespace s2r::emit::python_fastapi
