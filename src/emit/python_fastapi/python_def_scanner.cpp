// A line scanner for Python top-level definitions: it tracks only what decides where a logical
// line starts (strings, comments, brackets, backslash continuations) and reads def headers.
#include "emit/python_fastapi/python_def_scanner.h"

#include <algorithm>
#include <optional>

namespace s2r::emit::python_fastapi {
namespace {

bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsIdentifierChar(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9'); }

bool IsQuote(char c) { return c == '"' || c == '\''; }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::vector<PythonDef> Run() {
    std::vector<PythonDef> defs;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
      pos_ = 3;
    }
    while (!AtEnd()) {
      std::size_t line_start = pos_;
      if (std::optional<PythonDef> def = TryDef()) {
        defs.push_back(std::move(*def));
      } else {
        pos_ = line_start;
      }
      SkipLogicalLine();
    }
    return defs;
  }

 private:
  [[nodiscard]] bool AtEnd() const { return pos_ >= text_.size(); }
  [[nodiscard]] char Peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void Advance(std::size_t count = 1) { pos_ = std::min(pos_ + count, text_.size()); }

  // A backslash that ends the line joins it with the next one (outside strings).
  [[nodiscard]] std::size_t ContinuationLength() const {
    if (Peek() != '\\') {
      return 0;
    }
    if (Peek(1) == '\n') {
      return 2;
    }
    return Peek(1) == '\r' && Peek(2) == '\n' ? 3 : 0;
  }

  // At a quote: moves past the string literal. A single-quoted string that reaches the end of
  // its line stops there, as Python would report it and carry on.
  void SkipString() {
    char quote = Peek();
    bool triple = Peek(1) == quote && Peek(2) == quote;
    Advance(triple ? 3 : 1);
    while (!AtEnd()) {
      char c = Peek();
      if (c == '\\') {
        Advance(2);
      } else if (triple && c == quote && Peek(1) == quote && Peek(2) == quote) {
        Advance(3);
        return;
      } else if (!triple && c == quote) {
        Advance();
        return;
      } else if (!triple && c == '\n') {
        return;
      } else {
        Advance();
      }
    }
  }

  void SkipComment() {
    while (!AtEnd() && Peek() != '\n') {
      Advance();
    }
  }

  // Whitespace, newlines, comments and continuations between the parts of a parameter list.
  void SkipBlank() {
    while (!AtEnd()) {
      char c = Peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
        Advance();
      } else if (c == '#') {
        SkipComment();
      } else if (std::size_t n = ContinuationLength(); n > 0) {
        Advance(n);
      } else {
        return;
      }
    }
  }

  void SkipSpaces() {
    while (Peek() == ' ' || Peek() == '\t' || ContinuationLength() > 0) {
      Advance(std::max<std::size_t>(ContinuationLength(), 1));
    }
  }

  // Moves to the start of the next logical line: past every newline inside brackets or strings.
  void SkipLogicalLine() {
    int depth = 0;
    while (!AtEnd()) {
      char c = Peek();
      if (IsQuote(c)) {
        SkipString();
      } else if (c == '#') {
        SkipComment();
      } else if (std::size_t n = ContinuationLength(); n > 0) {
        Advance(n);
      } else {
        Advance();
        if (c == '(' || c == '[' || c == '{') {
          ++depth;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
          --depth;
        } else if (c == '\n' && depth == 0) {
          return;
        }
      }
    }
  }

  [[nodiscard]] bool MatchKeyword(std::string_view keyword) const {
    std::size_t after = pos_ + keyword.size();
    return text_.substr(pos_, keyword.size()) == keyword &&
           (after >= text_.size() || !IsIdentifierChar(text_[after]));
  }

  // Reads an identifier at the cursor; false (cursor unmoved) when none starts here.
  bool ReadIdentifier(std::string& name, std::uint32_t& begin, std::uint32_t& end) {
    if (AtEnd() || !IsIdentifierStart(Peek())) {
      return false;
    }
    std::size_t start = pos_;
    while (!AtEnd() && IsIdentifierChar(Peek())) {
      Advance();
    }
    name = std::string(text_.substr(start, pos_ - start));
    begin = static_cast<std::uint32_t>(start);
    end = static_cast<std::uint32_t>(pos_);
    return true;
  }

  // At a line start: `[async] def name(` followed by a closed parameter list.
  std::optional<PythonDef> TryDef() {
    PythonDef def;
    if (MatchKeyword("async")) {
      def.is_async = true;
      Advance(5);
      SkipSpaces();
    }
    if (!MatchKeyword("def")) {
      return std::nullopt;
    }
    Advance(3);
    SkipSpaces();
    if (!ReadIdentifier(def.name, def.name_begin, def.name_end)) {
      return std::nullopt;
    }
    SkipSpaces();
    if (Peek() != '(') {
      return std::nullopt;
    }
    Advance();
    if (!ReadParams(def.params)) {
      return std::nullopt;
    }
    return def;
  }

  // After `(`: reads parameters up to the matching `)`. False when the list never closes.
  bool ReadParams(std::vector<PythonParam>& params) {
    bool keyword_only = false;
    while (true) {
      SkipBlank();
      if (AtEnd()) {
        return false;
      }
      if (Peek() == ')') {
        Advance();
        return true;
      }
      std::optional<PythonParam> param = ReadParamHead(params, keyword_only);
      bool has_default = false;
      bool closed = false;
      if (!SkipToParamEnd(has_default, closed)) {
        return false;
      }
      if (param) {
        param->has_default = has_default;
        params.push_back(std::move(*param));
      }
      if (closed) {
        return true;
      }
    }
  }

  // The start of one parameter: `name`, `*name`, `**name`, or the `*` / `/` markers (which
  // yield no parameter but change the kind of the others).
  std::optional<PythonParam> ReadParamHead(std::vector<PythonParam>& params, bool& keyword_only) {
    PythonParam param;
    if (Peek() == '*' && Peek(1) == '*') {
      Advance(2);
      SkipBlank();
      param.kind = PythonParamKind::kVarKeyword;
    } else if (Peek() == '*') {
      Advance();
      SkipBlank();
      keyword_only = true;
      param.kind = PythonParamKind::kVarPositional;
    } else if (Peek() == '/') {
      Advance();
      for (PythonParam& earlier : params) {
        if (earlier.kind == PythonParamKind::kPositionalOrKeyword) {
          earlier.kind = PythonParamKind::kPositionalOnly;
        }
      }
      return std::nullopt;
    } else {
      param.kind = keyword_only ? PythonParamKind::kKeywordOnly
                                : PythonParamKind::kPositionalOrKeyword;
    }
    if (!ReadIdentifier(param.name, param.begin, param.end)) {
      return std::nullopt;
    }
    return param;
  }

  // Past the annotation and default of a parameter, to just after its `,` or the list's `)`
  // (`closed`). Notes a default (`=` outside brackets). False at the end of the text.
  bool SkipToParamEnd(bool& has_default, bool& closed) {
    int depth = 0;
    while (!AtEnd()) {
      char c = Peek();
      if (IsQuote(c)) {
        SkipString();
        continue;
      }
      if (c == '#') {
        SkipComment();
        continue;
      }
      Advance();
      if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0 && c == ')') {
          closed = true;
          return true;
        }
        depth = std::max(depth - 1, 0);
      } else if (c == ',' && depth == 0) {
        return true;
      } else if (c == '=' && depth == 0) {
        has_default = true;
      }
    }
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<PythonDef> ScanTopLevelDefs(std::string_view text) { return Scanner(text).Run(); }

}  // namespace s2r::emit::python_fastapi
