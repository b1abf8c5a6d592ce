// Parenthesized: wraps unless one pair of parentheses already encloses the whole expression.
#include "emit/python_fastapi/python_expr.h"

#include <gtest/gtest.h>

namespace s2r::emit::python_fastapi {
namespace {

TEST(Parenthesized, KeepsAnExpressionAlreadyEnclosed) {
  EXPECT_EQ(Parenthesized("(a and b)"), "(a and b)");
  EXPECT_EQ(Parenthesized("((a) or (b))"), "((a) or (b))");
}

TEST(Parenthesized, WrapsEverythingElse) {
  EXPECT_EQ(Parenthesized("a"), "(a)");
  EXPECT_EQ(Parenthesized("(a) and (b)"), "((a) and (b))");
  EXPECT_EQ(Parenthesized("f(x)"), "(f(x))");
  EXPECT_EQ(Parenthesized(""), "()");
}

TEST(Parenthesized, IgnoresParenthesesInsideStringLiterals) {
  EXPECT_EQ(Parenthesized("(x == \")\" or y)"), "(x == \")\" or y)");
  EXPECT_EQ(Parenthesized("(x == ')') and (y)"), "((x == ')') and (y))");
  EXPECT_EQ(Parenthesized("(x == '\\')' )"), "(x == '\\')' )");
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
