// Spec regexes -> SMT regexes: what parses, what is rejected, and what the terms mean (decided
// by Z3 on concrete strings).
#include <string>

#include <gtest/gtest.h>

#include "verify/encode/regex.h"
#include "verify/smt/session.h"
#include "verify/smt/term.h"

namespace s2r::verify {
namespace {

// True when Z3 says `text` is in the language of `pattern` (whole-string match).
bool Matches(const std::string& pattern, const std::string& text) {
  smt::TermStore store;
  Result<smt::TermId> regex = TranslateRegex(pattern, store);
  EXPECT_TRUE(regex.has_value()) << pattern << ": " << (regex ? "" : regex.error().message);
  if (!regex) {
    return false;
  }
  smt::SolverContext context;
  smt::Session session(context, store);
  session.Assert(store.InRe(store.StringLit(text), *regex));
  smt::CheckConfig config;
  config.timeout_ms = 10000;
  return session.Check(config).status == smt::SolverStatus::kSat;
}

TEST(Regex, LiteralsClassesAndQuantifiers) {
  EXPECT_TRUE(Matches("^[a-zA-Z0-9]+$", "abcXYZ019"));
  EXPECT_FALSE(Matches("^[a-zA-Z0-9]+$", "abc-1"));
  EXPECT_FALSE(Matches("^[a-zA-Z0-9]+$", ""));
  EXPECT_TRUE(Matches("ab?c*", "a"));
  EXPECT_TRUE(Matches("ab?c*", "abccc"));
  EXPECT_TRUE(Matches("[0-9]{3}-[0-9]{2,}", "123-45678"));
  EXPECT_FALSE(Matches("[0-9]{3}-[0-9]{2,}", "12-45"));
  EXPECT_TRUE(Matches("(ab|cd){1,2}", "abcd"));
  EXPECT_FALSE(Matches("(?:ab|cd){1,2}", "ababab"));
}

TEST(Regex, EscapesAndNegatedClasses) {
  EXPECT_TRUE(Matches("^\\d+\\.\\d+$", "3.14"));
  EXPECT_FALSE(Matches("^\\d+\\.\\d+$", "3x14"));
  EXPECT_TRUE(Matches("\\w+\\s\\w+", "hello world"));
  EXPECT_TRUE(Matches("[^@\\s]+@[^@\\s]+", "a@b"));
  EXPECT_FALSE(Matches("[^@\\s]+@[^@\\s]+", "a b@c"));
  // The preamble's URI pattern, with \x escapes in a negated class.
  EXPECT_TRUE(Matches("^https?://[^\\s\\x00-\\x1f\\x7f]+", "https://example.com/a?b=1"));
  EXPECT_FALSE(Matches("^https?://[^\\s\\x00-\\x1f\\x7f]+", "ftp://example.com"));
  EXPECT_FALSE(Matches("^https?://[^\\s\\x00-\\x1f\\x7f]+", "http://a b"));
  EXPECT_TRUE(Matches("a.c", "abc"));
  EXPECT_FALSE(Matches("a.c", "a\nc"));
}

TEST(Regex, UnsupportedConstructsAreErrors) {
  smt::TermStore store;
  EXPECT_FALSE(TranslateRegex("(a)\\1", store).has_value());
  EXPECT_FALSE(TranslateRegex("(?=a)b", store).has_value());
  EXPECT_FALSE(TranslateRegex("\\bword\\b", store).has_value());
  EXPECT_FALSE(TranslateRegex("a^b", store).has_value());
  EXPECT_FALSE(TranslateRegex("[abc", store).has_value());
  EXPECT_FALSE(TranslateRegex("*a", store).has_value());
}

}  // namespace
}  // namespace s2r::verify
