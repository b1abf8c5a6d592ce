// Spec regexes (`x matches /.../`) -> SMT regular-expression terms.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "verify/smt/term.h"

namespace s2r::verify {

// The largest character the solver's string theory knows (Z3's unicode range).
inline constexpr std::uint32_t kMaxCodePoint = 0x2FFFF;

// Translates a pattern (as stored in the IR: delimiters removed, `\/` unescaped) to a regex term
// matched against the whole string. Supported: literals (UTF-8), `.` (any character but `\n`),
// classes with ranges and negation, escapes `\d \w \s \D \W \S \t \n \r \f \v \0 \xHH \uHHHH`
// and escaped punctuation, groups `(...)` and `(?:...)`, alternation, quantifiers `* + ?
// {n} {n,} {n,m}` (a lazy `?` suffix is accepted and ignored), and `^`/`$` at the ends.
// Backreferences, lookaround, word boundaries and inner anchors are reported as errors.
[[nodiscard]] Result<smt::TermId> TranslateRegex(std::string_view pattern, smt::TermStore& store);

}  // namespace s2r::verify
