// Hand-written lexer. The only context it keeps is whether the previous significant token was
// `matches`, because a regex literal may appear only there; everywhere else `/` is division.
#include "syntax/lexer.h"

#include <algorithm>
#include <string_view>

namespace s2r::syntax {
namespace {

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of the UTF-8 sequence starting with lead byte c (1 for ASCII or invalid bytes).
std::uint32_t Utf8Length(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return c <= 0xEF ? 3 : 1;
  if (c >= 0xC2 && c <= 0xDF) return 2;
  return 1;
}

class Lexer {
 public:
  Lexer(std::string_view text, SourceId source, diag::DiagnosticSink& sink)
      : text_(text), source_(source), sink_(sink) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    tokens.reserve(text_.size() / 4 + 1);
    while (true) {
      SkipTrivia();
      if (pos_ >= text_.size()) {
        break;
      }
      std::uint32_t start = pos_;
      TokenKind kind = Next();
      tokens.push_back({kind, Span{source_, start, pos_}, text_.substr(start, pos_ - start)});
      after_matches_ = kind == TokenKind::kKwMatches;
    }
    auto end = static_cast<std::uint32_t>(text_.size());
    tokens.push_back({TokenKind::kEndOfFile, Span{source_, end, end}, {}});
    return tokens;
  }

 private:
  char Peek(std::uint32_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  void SkipTrivia() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos_;
      } else if (c == '/' && Peek(1) == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') {
          ++pos_;
        }
      } else if (c == '/' && Peek(1) == '*') {
        std::size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) {
          sink_.Report(diag::UnterminatedBlockComment(Span{source_, pos_, pos_ + 2})
                           .WithHelp("close the comment with `*/`"));
          pos_ = static_cast<std::uint32_t>(text_.size());
        } else {
          pos_ = static_cast<std::uint32_t>(close + 2);
        }
      } else {
        return;
      }
    }
  }

  TokenKind Next() {
    char c = text_[pos_];
    if (IsIdentStart(c)) {
      std::uint32_t start = pos_;
      while (pos_ < text_.size() && IsIdentChar(text_[pos_])) {
        ++pos_;
      }
      return ClassifyWord(text_.substr(start, pos_ - start));
    }
    if (IsDigit(c)) {
      return Number();
    }
    if (c == '"') {
      return String();
    }
    if (c == '/' && after_matches_) {
      return Regex();
    }
    return Punctuation();
  }

  TokenKind Number() {
    while (IsDigit(Peek())) {
      ++pos_;
    }
    if (Peek() == '.' && IsDigit(Peek(1))) {
      ++pos_;
      while (IsDigit(Peek())) {
        ++pos_;
      }
      return TokenKind::kFloatLit;
    }
    return TokenKind::kIntLit;
  }

  TokenKind String() {
    std::uint32_t start = pos_++;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return TokenKind::kStringLit;
      }
      if (c == '\r' || c == '\n') {
        break;
      }
      pos_ += (c == '\\' && pos_ + 1 < text_.size()) ? 2 : 1;
    }
    sink_.Report(diag::UnterminatedString(Span{source_, start, pos_})
                     .WithHelp("close the string with `\"` on the same line"));
    return TokenKind::kStringLit;
  }

  // `/body/` where every `/` inside the body is escaped as `\/`.
  TokenKind Regex() {
    std::uint32_t start = pos_++;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n') {
        pos_ += 2;
        continue;
      }
      if (c == '/' && pos_ > start + 1) {
        ++pos_;
        return TokenKind::kRegexLit;
      }
      if (c == '/') {
        break;  // an empty body: `//` starts a comment, not a regex
      }
      ++pos_;
    }
    sink_.Report(diag::UnterminatedRegex(Span{source_, start, pos_})
                     .WithHelp("a regex literal ends with an unescaped `/`, e.g. `/^[a-z]+$/`"));
    return TokenKind::kRegexLit;
  }

  TokenKind Punctuation() {
    char c = text_[pos_];
    char n = Peek(1);
    auto take = [this](std::uint32_t length, TokenKind kind) {
      pos_ += length;
      return kind;
    };
    switch (c) {
      case '-': return n == '>' ? take(2, TokenKind::kArrow) : take(1, TokenKind::kMinusSign);
      case '=': return n == '>' ? take(2, TokenKind::kFatArrow) : take(1, TokenKind::kEqual);
      case '<': return n == '=' ? take(2, TokenKind::kLessEqual) : take(1, TokenKind::kLess);
      case '>': return n == '=' ? take(2, TokenKind::kGreaterEqual) : take(1, TokenKind::kGreater);
      case '!':
        if (n == '=') {
          return take(2, TokenKind::kNotEqual);
        }
        break;
      case '\'': return take(1, TokenKind::kPrime);
      case '+': return take(1, TokenKind::kPlus);
      case '*': return take(1, TokenKind::kStar);
      case '/': return take(1, TokenKind::kSlash);
      case '#': return take(1, TokenKind::kHash);
      case '^': return take(1, TokenKind::kCaret);
      case '.': return take(1, TokenKind::kDot);
      case ',': return take(1, TokenKind::kComma);
      case ':': return take(1, TokenKind::kColon);
      case '|': return take(1, TokenKind::kPipe);
      case '{': return take(1, TokenKind::kLeftBrace);
      case '}': return take(1, TokenKind::kRightBrace);
      case '(': return take(1, TokenKind::kLeftParen);
      case ')': return take(1, TokenKind::kRightParen);
      case '[': return take(1, TokenKind::kLeftBracket);
      case ']': return take(1, TokenKind::kRightBracket);
      default:
        break;
    }
    ReportInvalidRun();
    return TokenKind::kInvalid;
  }

  // Reports a run of characters that cannot start a token as one diagnostic.
  void ReportInvalidRun() {
    std::uint32_t start = pos_;
    std::uint32_t first_length = Utf8Length(static_cast<unsigned char>(text_[pos_]));
    first_length = std::min<std::uint32_t>(first_length, static_cast<std::uint32_t>(text_.size()) - pos_);
    std::string_view first = text_.substr(pos_, first_length);
    pos_ += first_length;
    std::string shown(first);
    if (first == "&" && Peek() == '&') {
      ++pos_;  // report `&&` once
    }
    diag::Diagnostic d = diag::UnexpectedCharacter(Span{source_, start, pos_}, shown);
    if (shown == "&") {
      d.WithHelp("use `and` for conjunction");
    } else if (shown == "!") {
      d.WithHelp("use `not` for negation, or `!=` for inequality");
    } else if (shown == ";") {
      d.WithHelp("statements need no separator; remove the `;`");
    }
    sink_.Report(std::move(d));
  }

  std::string_view text_;
  SourceId source_;
  diag::DiagnosticSink& sink_;
  std::uint32_t pos_ = 0;
  bool after_matches_ = false;
};

}  // namespace

std::vector<Token> Lex(const SourceManager& sources, SourceId source, diag::DiagnosticSink& sink) {
  return Lexer(sources.Text(source), source, sink).Run();
}

}  // namespace s2r::syntax
