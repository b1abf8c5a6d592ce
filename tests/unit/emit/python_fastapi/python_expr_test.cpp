// Parenthesized: wraps unless one pair of parentheses already encloses the whole expression;
// OneArgumentCall: drops such a pair around a sole argument (ruff UP034) unless it makes a tuple.
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

TEST(OneArgumentCall, DropsThePairThatEnclosesTheArgument) {
  EXPECT_EQ(OneArgumentCall("abs", "(amount - 50)"), "abs(amount - 50)");
  EXPECT_EQ(OneArgumentCall("sorted", "((a - b) | c)"), "sorted((a - b) | c)");
  EXPECT_EQ(OneArgumentCall("len", "(x for x in [1, 2])"), "len(x for x in [1, 2])");
}

TEST(OneArgumentCall, KeepsTuplesAndPartialPairs) {
  EXPECT_EQ(OneArgumentCall("len", "(a, b)"), "len((a, b))");
  EXPECT_EQ(OneArgumentCall("len", "(a) + (b)"), "len((a) + (b))");
  EXPECT_EQ(OneArgumentCall("len", "items"), "len(items)");
  EXPECT_EQ(OneArgumentCall("str", "(x == \",\")"), "str(x == \",\")");
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
