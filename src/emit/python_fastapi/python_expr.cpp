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

namespace {

// Whether one pair of parentheses encloses all of `code`, and whether a comma separates items
// directly inside that pair (a tuple).
struct Enclosure {
  bool enclosed = false;
  bool tuple = false;
};

Enclosure OuterPair(const std::string& code) {
  Enclosure out;
  if (code.size() < 2 || code.front() != '(' || code.back() != ')') return out;
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
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ',' && depth == 1) {
      out.tuple = true;
    } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
      out.enclosed = i + 1 == code.size();
      break;  // either the end, or the first group closes early: `(a) and (b)`
    }
  }
  return out;
}

}  // namespace

std::string Parenthesized(const std::string& code) {
  return OuterPair(code).enclosed ? code : "(" + code + ")";
}

std::string OneArgumentCall(std::string_view function, const std::string& argument) {
  Enclosure pair = OuterPair(argument);
  std::string bare =
      pair.enclosed && !pair.tuple ? argument.substr(1, argument.size() - 2) : argument;
  return fmt::format("{}({})", function, bare);
}

}  // namespace s2r::emit::python_fastapi
