// A recursive-descent regex parser that builds SMT regex terms directly.
#include "verify/encode/regex.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace s2r::verify {
namespace {

using smt::Op;
using smt::TermId;

using Ranges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

constexpr std::uint32_t kMaxRepeat = 1000;

struct RegexError {
  std::string message;
};

Ranges Normalise(Ranges ranges) {
  std::sort(ranges.begin(), ranges.end());
  Ranges out;
  for (const auto& range : ranges) {
    if (!out.empty() && range.first <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, range.second);
    } else {
      out.push_back(range);
    }
  }
  return out;
}

Ranges Complement(const Ranges& ranges) {
  Ranges out;
  std::uint32_t next = 0;
  for (const auto& [lo, hi] : Normalise(ranges)) {
    if (lo > next) {
      out.emplace_back(next, lo - 1);
    }
    next = hi + 1;
  }
  if (next <= kMaxCodePoint) {
    out.emplace_back(next, kMaxCodePoint);
  }
  return out;
}

Ranges Digits() { return {{'0', '9'}}; }
Ranges Word() { return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; }
Ranges Spaces() { return {{'\t', '\r'}, {' ', ' '}}; }

class Parser {
 public:
  Parser(std::string_view pattern, smt::TermStore& store) : store_(store) {
    Decode(pattern);
  }

  TermId Run() {
    std::size_t end = chars_.size();
    if (!chars_.empty() && chars_[0] == '^') {
      pos_ = 1;
    }
    if (end > pos_ && chars_[end - 1] == '$' && (end < 2 || chars_[end - 2] != '\\')) {
      limit_ = end - 1;
    } else {
      limit_ = end;
    }
    TermId out = Alternation();
    if (pos_ != limit_) {
      throw RegexError{fmt::format("unexpected `{}`", Show(chars_[pos_]))};
    }
    return out;
  }

 private:
  void Decode(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      std::uint32_t cp = c;
      int extra = 0;
      if (c >= 0xF0) {
        cp = c & 0x07;
        extra = 3;
      } else if (c >= 0xE0) {
        cp = c & 0x0F;
        extra = 2;
      } else if (c >= 0xC0) {
        cp = c & 0x1F;
        extra = 1;
      }
      ++i;
      for (int k = 0; k < extra && i < text.size(); ++k, ++i) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
      }
      chars_.push_back(std::min(cp, kMaxCodePoint));
    }
  }

  static std::string Show(std::uint32_t c) {
    return c >= 0x20 && c < 0x7F ? std::string(1, static_cast<char>(c))
                                 : fmt::format("\\u{:04x}", c);
  }

  bool AtEnd() const { return pos_ >= limit_; }
  std::uint32_t Peek() const { return chars_[pos_]; }

  TermId FromRanges(const Ranges& ranges) {
    std::vector<TermId> parts;
    for (const auto& [lo, hi] : Normalise(ranges)) {
      parts.push_back(store_.ReRange(lo, hi));
    }
    return store_.ReNary(Op::kReUnion, parts);
  }

  TermId Alternation() {
    std::vector<TermId> options{Sequence()};
    while (!AtEnd() && Peek() == '|') {
      ++pos_;
      options.push_back(Sequence());
    }
    return store_.ReNary(Op::kReUnion, options);
  }

  TermId Sequence() {
    std::vector<TermId> parts;
    while (!AtEnd() && Peek() != '|' && Peek() != ')') {
      parts.push_back(Repeated());
    }
    return store_.ReNary(Op::kReConcat, parts);
  }

  std::uint32_t Number() {
    std::uint32_t value = 0;
    bool any = false;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
      value = value * 10 + (Peek() - '0');
      if (value > kMaxRepeat) {
        throw RegexError{"repetition count too large"};
      }
      ++pos_;
      any = true;
    }
    if (!any) {
      throw RegexError{"expected a number in `{...}`"};
    }
    return value;
  }

  TermId Repeated() {
    TermId atom = Atom();
    while (!AtEnd()) {
      std::uint32_t c = Peek();
      if (c == '*') {
        atom = store_.ReUnary(Op::kReStar, atom);
      } else if (c == '+') {
        atom = store_.ReUnary(Op::kRePlus, atom);
      } else if (c == '?') {
        atom = store_.ReUnary(Op::kReOption, atom);
      } else if (c == '{') {
        ++pos_;
        std::uint32_t lo = Number();
        std::uint32_t hi = lo;
        bool unbounded = false;
        if (!AtEnd() && Peek() == ',') {
          ++pos_;
          if (!AtEnd() && Peek() == '}') {
            unbounded = true;
          } else {
            hi = Number();
          }
        }
        if (AtEnd() || Peek() != '}') {
          throw RegexError{"unterminated `{`"};
        }
        if (!unbounded && hi < lo) {
          throw RegexError{"`{n,m}` with m < n"};
        }
        if (unbounded) {
          TermId required = lo == 0 ? store_.ReLiteral(store_.StringLit(""))
                                    : store_.ReLoop(atom, lo, lo);
          atom = store_.ReNary(Op::kReConcat, {required, store_.ReUnary(Op::kReStar, atom)});
        } else {
          atom = store_.ReLoop(atom, lo, hi);
        }
      } else {
        break;
      }
      ++pos_;
      if (!AtEnd() && Peek() == '?') {
        // Lazy quantifiers match the same language.
        ++pos_;
      }
    }
    return atom;
  }

  std::uint32_t Hex(int digits) {
    std::uint32_t value = 0;
    for (int i = 0; i < digits; ++i) {
      if (AtEnd()) {
        throw RegexError{"truncated hex escape"};
      }
      std::uint32_t c = Peek();
      std::uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        throw RegexError{"bad hex escape"};
      }
      value = value * 16 + digit;
      ++pos_;
    }
    return std::min(value, kMaxCodePoint);
  }

  // After a backslash: the class the escape denotes.
  Ranges Escape() {
    if (AtEnd()) {
      throw RegexError{"trailing backslash"};
    }
    std::uint32_t c = Peek();
    ++pos_;
    switch (c) {
      case 'd':
        return Digits();
      case 'D':
        return Complement(Digits());
      case 'w':
        return Word();
      case 'W':
        return Complement(Word());
      case 's':
        return Spaces();
      case 'S':
        return Complement(Spaces());
      case 't':
        return {{'\t', '\t'}};
      case 'n':
        return {{'\n', '\n'}};
      case 'r':
        return {{'\r', '\r'}};
      case 'f':
        return {{'\f', '\f'}};
      case 'v':
        return {{'\v', '\v'}};
      case '0':
        return {{0, 0}};
      case 'x': {
        std::uint32_t value = Hex(2);
        return {{value, value}};
      }
      case 'u': {
        std::uint32_t value = Hex(4);
        return {{value, value}};
      }
      case 'b':
      case 'B':
        throw RegexError{"word boundaries are not supported"};
      default:
        if (c >= '1' && c <= '9') {
          throw RegexError{"backreferences are not supported"};
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
          throw RegexError{fmt::format("unknown escape `\\{}`", Show(c))};
        }
        return {{c, c}};
    }
  }

  Ranges Class() {
    bool negated = false;
    if (!AtEnd() && Peek() == '^') {
      negated = true;
      ++pos_;
    }
    Ranges ranges;
    bool first = true;
    while (true) {
      if (AtEnd()) {
        throw RegexError{"unterminated `[`"};
      }
      std::uint32_t c = Peek();
      if (c == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      ++pos_;
      Ranges item;
      if (c == '\\') {
        item = Escape();
      } else {
        item = {{c, c}};
      }
      // A range `a-z` (a `-` before `]` or after a class escape is literal).
      if (item.size() == 1 && item[0].first == item[0].second && !AtEnd() && Peek() == '-' &&
          pos_ + 1 < limit_ && chars_[pos_ + 1] != ']') {
        ++pos_;
        std::uint32_t hi_char = Peek();
        ++pos_;
        Ranges hi = hi_char == '\\' ? Escape() : Ranges{{hi_char, hi_char}};
        if (hi.size() != 1 || hi[0].first != hi[0].second || hi[0].first < item[0].first) {
          throw RegexError{"bad character range"};
        }
        item = {{item[0].first, hi[0].first}};
      }
      ranges.insert(ranges.end(), item.begin(), item.end());
    }
    return negated ? Complement(ranges) : ranges;
  }

  TermId Atom() {
    std::uint32_t c = Peek();
    ++pos_;
    switch (c) {
      case '(': {
        if (!AtEnd() && Peek() == '?') {
          if (pos_ + 1 < limit_ && chars_[pos_ + 1] == ':') {
            pos_ += 2;
          } else {
            throw RegexError{"lookaround and named groups are not supported"};
          }
        }
        TermId inner = Alternation();
        if (AtEnd() || Peek() != ')') {
          throw RegexError{"unterminated `(`"};
        }
        ++pos_;
        return inner;
      }
      case '[':
        return FromRanges(Class());
      case '.':
        return FromRanges(Complement({{'\n', '\n'}}));
      case '\\':
        return FromRanges(Escape());
      case '^':
      case '$':
        throw RegexError{"anchors are only supported at the start and the end"};
      case '*':
      case '+':
      case '?':
      case '{':
        throw RegexError{fmt::format("nothing to repeat before `{}`", Show(c))};
      default:
        return store_.ReRange(c, c);
    }
  }

  smt::TermStore& store_;
  std::vector<std::uint32_t> chars_;
  std::size_t pos_ = 0;
  std::size_t limit_ = 0;
};

}  // namespace

Result<TermId> TranslateRegex(std::string_view pattern, smt::TermStore& store) {
  try {
    Parser parser(pattern, store);
    return parser.Run();
  } catch (const RegexError& error) {
    return Fail(fmt::format("regex /{}/: {}", pattern, error.message));
  }
}

}  // namespace s2r::verify
