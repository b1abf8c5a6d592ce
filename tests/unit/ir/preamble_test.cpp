// The built-in preamble predicates: injection, order, override, spans.
#include <gtest/gtest.h>

#include "ir/ir_dump.h"
#include "unit/support/build_spec.h"

namespace s2r::ir {
namespace {

using testing::BuildSpec;

std::vector<std::string> PredicateNames(const Module& module) {
  std::vector<std::string> names;
  for (const Predicate& predicate : module.predicates) {
    names.push_back(predicate.name + (predicate.from_preamble ? "*" : ""));
  }
  return names;
}

TEST(PreambleTest, AppendedAfterTheUserPredicates) {
  auto built = BuildSpec("service S { predicate mine(x: Int) = x > 0 }");
  EXPECT_EQ(PredicateNames(built->module),
            (std::vector<std::string>{"mine", "isValidURI*", "isValidEmail*"}));
  const Predicate& uri = built->module.predicates[1];
  EXPECT_EQ(DumpExpr(uri.body), "(matches s /^https?://[^\\s\\x00-\\x1f\\x7f]+/)");
  EXPECT_EQ(testing::FindIdentifier(uri.body, "s")->ref, RefKind::kParam);
}

TEST(PreambleTest, SpansPointIntoThePreambleBuffer) {
  auto built = BuildSpec("service S { }");
  const Predicate& uri = *built->module.FindPredicate("isValidURI");
  const Predicate& email = *built->module.FindPredicate("isValidEmail");
  EXPECT_EQ(built->sources.Name(uri.span.source), "<preamble>");
  EXPECT_EQ(built->sources.Locate(uri.span.source, uri.span.begin).line, 3u);
  EXPECT_EQ(built->sources.Locate(email.span.source, email.span.begin).line, 5u);
  EXPECT_EQ(built->sources.Slice(email.params[0].span), "s: String");
  EXPECT_EQ(email.params[0].type.kind, TypeKind::kString);
}

TEST(PreambleTest, UserDeclarationWins) {
  auto built = BuildSpec("service S { predicate isValidEmail(e: String) = len(e) > 3 }");
  EXPECT_EQ(PredicateNames(built->module),
            (std::vector<std::string>{"isValidEmail", "isValidURI*"}));
  EXPECT_EQ(built->sources.Name(built->module.predicates[0].span.source), "test.spec");
}

TEST(PreambleTest, CanBeTurnedOff) {
  BuildOptions options;
  options.inject_preamble = false;
  auto built = BuildSpec("service S { invariant i: isValidURI(\"x\") }", options);
  EXPECT_TRUE(built->module.predicates.empty());
  EXPECT_EQ(built->module.invariants[0].expr.operands[0].ref, RefKind::kUnresolved);
}

}  // namespace
}  // namespace s2r::ir
