// A small line diff for test failure messages: unified-style hunks with context lines.
#pragma once

#include <algorithm>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

namespace s2r::testing {

inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
  }
  return lines;
}

// `-` lines from `expected`, `+` lines from `actual`, each change with `context` lines around
// it and an `@@ -line +line @@` header per hunk; at most `max_lines` lines of output.
inline std::string UnifiedDiff(const std::string& expected, const std::string& actual,
                               std::size_t context = 3, std::size_t max_lines = 80) {
  std::vector<std::string> a = SplitLines(expected);
  std::vector<std::string> b = SplitLines(actual);
  // Longest common subsequence table over the lines (the files in a golden are small).
  std::vector<std::vector<std::size_t>> lcs(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  struct Edit {
    char op;
    std::size_t a_line;
    std::size_t b_line;
    const std::string* text;
  };
  std::vector<Edit> edits;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      edits.push_back({' ', i, j, &a[i]});
      ++i;
      ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      edits.push_back({'-', i, j, &a[i]});
      ++i;
    } else {
      edits.push_back({'+', i, j, &b[j]});
      ++j;
    }
  }
  std::vector<bool> shown(edits.size(), false);
  for (std::size_t k = 0; k < edits.size(); ++k) {
    if (edits[k].op != ' ') {
      std::size_t from = k >= context ? k - context : 0;
      std::size_t to = std::min(edits.size(), k + context + 1);
      std::fill(shown.begin() + static_cast<std::ptrdiff_t>(from),
                shown.begin() + static_cast<std::ptrdiff_t>(to), true);
    }
  }
  std::string out;
  std::size_t lines = 0;
  for (std::size_t k = 0; k < edits.size() && lines < max_lines; ++k) {
    if (!shown[k]) {
      continue;
    }
    if (k == 0 || !shown[k - 1]) {
      out += "@@ -" + std::to_string(edits[k].a_line + 1) + " +" +
             std::to_string(edits[k].b_line + 1) + " @@\n";
      ++lines;
    }
    out += std::string(1, edits[k].op) + *edits[k].text + "\n";
    ++lines;
  }
  if (lines >= max_lines) {
    out += "... (diff truncated)\n";
  }
  return out;
}

}  // namespace s2r::testing
