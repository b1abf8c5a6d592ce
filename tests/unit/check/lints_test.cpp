// Each lint's positive and negative cases (language.md §7).
#include <gtest/gtest.h>

#include "unit/support/build_spec.h"

namespace s2r::check {
namespace {

using testing::BuildSpec;
using testing::RunLint;

std::vector<std::string> Messages(const std::vector<diag::Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const diag::Diagnostic& d : diagnostics) {
    out.push_back(d.message);
  }
  return out;
}

// ---- L01 ----

TEST(L01Test, FlagsEachLiteralMisuse) {
  auto built = BuildSpec(R"(service S {
    state { n: Int  b: Bool  s: Set[Int] }
    invariant a: n + true = 1
    invariant c: n > none
    invariant d: b and 5
    invariant e: "x" or b
    invariant f: n in "abc"
    invariant g: n not in 3
    invariant h: not 1
    invariant i: -"x" = n
    invariant j: b implies {1}
    invariant k: true + false = 2
  })");
  auto diagnostics = RunLint(&CheckLiteralTypes, built->module);
  EXPECT_EQ(Messages(diagnostics),
            (std::vector<std::string>{
                "arithmetic `+` has a boolean literal operand",
                "comparison `>` has a none literal operand",
                "logical `and` applied to a numeric literal",
                "logical `or` applied to a string literal",
                "`in` right operand is a string literal, not a collection",
                "`not in` right operand is a numeric literal, not a collection",
                "logical `not` applied to a numeric literal",
                "arithmetic `-` applied to a string literal",
                "logical `implies` applied to a collection literal",
                "arithmetic `+` has a boolean literal operand",
            }));
  EXPECT_EQ(diagnostics[0].code, diag::Code::L01);
  EXPECT_EQ(built->sources.Slice(diagnostics[0].PrimarySpan()), "n + true");
}

TEST(L01Test, AcceptsWellTypedAndNonLiteralOperands) {
  auto built = BuildSpec(R"(service S {
    state { n: Int  b: Bool  s: Set[Int]  o: Option[Int] }
    invariant a: 1 >= 10 and n = 1
    invariant c: b = true and o != none and n in {1, 2} and n not in s
    invariant d: not b and -n < 0 and (b or false)
    invariant e: n + n * 2 - 1 > 0
  })");
  EXPECT_TRUE(RunLint(&CheckLiteralTypes, built->module).empty());
}

TEST(L01Test, WalksEntityAliasAndCallableBodies) {
  auto built = BuildSpec(R"(service S {
    type T = Int where value > true
    entity E { x: Int where value + none > 0  invariant: x and 1 }
    predicate p(x: Int) = not "s"
    function f(x: Int): Int = x - true
  })");
  EXPECT_EQ(RunLint(&CheckLiteralTypes, built->module).size(), 5u);
}

// ---- L02 ----

TEST(L02Test, ReportsUnresolvedIdentifiersWithSuggestions) {
  auto built = BuildSpec(R"(service S {
    state { count: Int }
    operation Inc {
      input: amount: Int
      requires: amount > 0
      ensures: count' = count + ammount and missingFn(amount) and zzz
    }
    invariant nonNegative: cnt >= 0
  })");
  auto diagnostics = RunLint(&CheckUndefinedIdentifiers, built->module);
  ASSERT_EQ(Messages(diagnostics),
            (std::vector<std::string>{"undefined identifier `ammount`",
                                      "undefined identifier `missingFn`",
                                      "undefined identifier `zzz`",
                                      "undefined identifier `cnt`"}));
  EXPECT_EQ(diagnostics[0].helps, std::vector<std::string>{"did you mean `amount`?"});
  EXPECT_TRUE(diagnostics[1].helps.empty());
  EXPECT_TRUE(diagnostics[2].helps.empty());
  EXPECT_EQ(diagnostics[3].helps, std::vector<std::string>{"did you mean `count`?"});
  EXPECT_EQ(built->sources.Slice(diagnostics[0].PrimarySpan()), "ammount");
}

TEST(L02Test, SuggestsOnlyNamesInScopeThere) {
  auto built = BuildSpec(R"(service S {
    state { xs: Set[Int] }
    invariant a: all item in xs | itme > 0
    invariant b: itme > 0
  })");
  auto diagnostics = RunLint(&CheckUndefinedIdentifiers, built->module);
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[0].helps, std::vector<std::string>{"did you mean `item`?"});
  EXPECT_TRUE(diagnostics[1].helps.empty());
}

TEST(L02Test, DuplicatesAreNotMergedAndGuardsAreChecked) {
  auto built = BuildSpec(R"(service S {
    enum St { A, B }
    entity O { st: St }
    operation Go { requires: true }
    transition T {
      entity: O
      field: st
      A -> B via Go when ok(order_id) and order_id = st
    }
  })");
  EXPECT_EQ(Messages(RunLint(&CheckUndefinedIdentifiers, built->module)),
            (std::vector<std::string>{"undefined identifier `ok`",
                                      "undefined identifier `order_id`",
                                      "undefined identifier `order_id`"}));
}

TEST(L02Test, CleanSpecHasNoUndefinedNames) {
  auto built = BuildSpec(R"(service S {
    type Url = String where isValidURI(value)
    enum St { A }
    entity E { s: St  n: Int where value > 0  invariant: self.n = n and s = A }
    state { es: Int -> lone E }
    fact: helper(1)
    invariant h: helper(2) and (all k in es | es[k].n > 0)
    operation O { input: k: Int  output: e: E  requires: k in es  ensures: e = es[k] }
  })");
  EXPECT_TRUE(RunLint(&CheckUndefinedIdentifiers, built->module).empty());
}

// ---- L03 ----

TEST(L03Test, OutputsWithoutEnsures) {
  auto built = BuildSpec(R"(service S {
    operation Read { output: r: Int  requires: true }
    operation Fine { output: r: Int  requires: true  ensures: r = 1 }
    operation NoOutputs { requires: true }
  })");
  auto diagnostics = RunLint(&CheckMissingEnsures, built->module);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].message,
            "operation `Read` declares outputs but has no `ensures` block; outputs will be "
            "unconstrained");
  EXPECT_EQ(diagnostics[0].severity, diag::Severity::kWarning);
}

// ---- L04 ----

TEST(L04Test, SameSignatureAndPreconditions) {
  auto built = BuildSpec(R"(service S {
    state { count: Int }
    operation Increment { input: amount: Int  requires: amount > 0 and true  ensures: true }
    operation Add { input: amount: Int  requires: true  requires: amount > 0 }
    operation Bump { input: amount: Int  requires: amount > 1 }
    operation Ping { requires: true }
    operation Pong { requires: true and true }
  })");
  auto diagnostics = RunLint(&CheckAmbiguousDispatch, built->module);
  ASSERT_EQ(Messages(diagnostics),
            (std::vector<std::string>{
                "operations `Add` and `Increment` have the same input/output signature and "
                "they share the same preconditions; dispatch is ambiguous on shared inputs",
                "operations `Ping` and `Pong` have the same input/output signature and "
                "neither has preconditions; dispatch is ambiguous on shared inputs"}));
  const diag::Diagnostic& first = diagnostics[0];
  EXPECT_EQ(built->sources.Slice(first.PrimarySpan()).substr(0, 19), "operation Increment");
  ASSERT_EQ(first.labels.size(), 2u);
  EXPECT_EQ(first.labels[1].text, "first definition of `Add`");
}

TEST(L04Test, NamesTypesAndOrderDistinguishSignatures) {
  auto built = BuildSpec(R"(service S {
    type Code = String
    operation A { input: x: Int  requires: true }
    operation B { input: y: Int  requires: true }
    operation C { input: x: String  requires: true }
    operation D { input: x: Code  requires: true }
    operation E { input: x: Int  output: r: Int  requires: true  ensures: r = 1 }
  })");
  EXPECT_TRUE(RunLint(&CheckAmbiguousDispatch, built->module).empty());
}

// ---- L05 ----

TEST(L05Test, UnreferencedEntities) {
  auto built = BuildSpec(R"(service S {
    enum St { A, B }
    entity Used { id: Int }
    entity Orphan { id: Int }
    entity Base { id: Int }
    entity Child extends Base { st: St }
    entity Built { id: Int }
    entity InType { id: Int }
    type Alias = Set[InType]
    state { items: Int -> lone Used }
    operation O { requires: true  ensures: items'[1] = Built { id = 1 } }
    operation Go { requires: true }
    transition T { entity: Child  field: st  A -> B via Go }
  })");
  EXPECT_EQ(Messages(RunLint(&CheckUnusedEntities, built->module)),
            (std::vector<std::string>{
                "entity `Orphan` is declared but never referenced in state, operations, "
                "invariants, or other entities",
                "entity `Child` is declared but never referenced in state, operations, "
                "invariants, or other entities"}));
}

TEST(L05Test, IdentifiersAndGuardsCountAsReferences) {
  auto built = BuildSpec(R"(service S {
    enum St { A, B }
    entity User { st: St }
    entity Viewed { id: Int }
    operation Go { requires: true }
    invariant i: some u: User | u.st = A
    transition T { entity: User  field: st  A -> B via Go when #Viewed > 0 }
  })");
  EXPECT_TRUE(RunLint(&CheckUnusedEntities, built->module).empty());
}

// ---- L06 ----

TEST(L06Test, CyclesInThePredicateAndFunctionGraph) {
  auto built = BuildSpec(R"(service S {
    predicate isB(n: Int) = isA(n)
    predicate isA(n: Int) = isB(n)
    predicate self_loop(n: Int) = self_loop(n - 1)
    function f(n: Int): Int = g(n) + 1
    function g(n: Int): Int = if n > 0 then f(n - 1) else 0
    predicate ok(n: Int) = isValidURI("x") and n > 0
  })");
  auto diagnostics = RunLint(&CheckCircularPredicates, built->module);
  ASSERT_EQ(Messages(diagnostics),
            (std::vector<std::string>{"circular predicate dependency: f -> g -> f",
                                      "circular predicate dependency: isA -> isB -> isA",
                                      "circular predicate dependency: self_loop -> self_loop"}));
  const diag::Diagnostic& cycle = diagnostics[1];
  EXPECT_EQ(built->sources.Slice(cycle.PrimarySpan()).substr(0, 13), "predicate isA");
  ASSERT_EQ(cycle.labels.size(), 2u);
  EXPECT_EQ(cycle.labels[1].text, "in cycle: `isB`");
  EXPECT_EQ(cycle.severity, diag::Severity::kError);
}

TEST(L06Test, AcyclicGraphsAreClean) {
  auto built = BuildSpec(R"(service S {
    predicate a(n: Int) = b(n) and c(n)
    predicate b(n: Int) = c(n)
    predicate c(n: Int) = n > 0
  })");
  EXPECT_TRUE(RunLint(&CheckCircularPredicates, built->module).empty());
}

// ---- registry ----

TEST(LintRegistryTest, RunsInCodeOrder) {
  std::vector<std::string_view> codes;
  for (const Lint& lint : AllLints()) {
    codes.push_back(lint.code);
  }
  EXPECT_EQ(codes,
            (std::vector<std::string_view>{"L01", "L02", "L03", "L04", "L05", "L06", "L07"}));
}

}  // namespace
}  // namespace s2r::check
