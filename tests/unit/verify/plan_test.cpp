// The Z3-free parts of the verifier: check plan (ids, order, counts, trust), frame analysis,
// capture-avoiding substitution and inlining, the subset classifier, the pretty-printer.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "unit/verify/verify_support.h"
#include "verify/frame.h"
#include "verify/inline.h"
#include "verify/ir_util.h"
#include "verify/plan.h"
#include "verify/prepared.h"
#include "verify/pretty.h"
#include "verify/subset.h"

namespace s2r::verify {
namespace {

std::vector<std::string> Ids(const Plan& plan) {
  std::vector<std::string> ids;
  for (const PlannedCheck& check : plan.checks) {
    ids.push_back(check.id);
  }
  return ids;
}

TEST(Plan, OrderAndIdsFollowTheReference) {
  auto built = testing::BuildSpec(R"(service S {
    state { n: Int }
    operation Ba { requires: true  ensures: n' = n + 1 }
    operation BB { requires: n > 0  ensures: n' = n - 1 }
    invariant nonNegative: n >= 0
    invariant: n < 1000
    temporal stays: always(n >= 0)
  })");
  ASSERT_EQ(built->errors, "");
  PreparedModule prepared = Prepare(built->module);
  Plan plan = PlanChecks(prepared);
  // Operations sort by lower-cased name: `Ba` before `BB`.
  EXPECT_EQ(Ids(plan), (std::vector<std::string>{
                           "global", "Ba.requires", "Ba.enabled", "Ba.ensures",
                           "Ba.preserves.nonNegative", "Ba.preserves.inv_1", "BB.requires",
                           "BB.enabled", "BB.ensures", "BB.preserves.nonNegative",
                           "BB.preserves.inv_1", "temporal.stays"}));
  // 1 + 3N + N*M + T
  EXPECT_EQ(plan.checks.size(), 1u + 3 * 2 + 2 * 2 + 1);
  // One unit for the global checks (global + temporal), one per operation.
  ASSERT_EQ(plan.units.size(), 3u);
  EXPECT_EQ(plan.units[0].checks.size(), 2u);
  EXPECT_EQ(plan.checks.back().trust, Trust::kBestEffort);
  EXPECT_EQ(plan.checks.front().trust, Trust::kSound);
}

TEST(Plan, PowersetRoutesToBoundedBestEffort) {
  auto built = testing::BuildSpec(R"(service S {
    entity U { id: Int }
    state { users: Set[U] }
    invariant anchor: some t in ^users | t = users
    operation Add { input: u: U  requires: u not in users  ensures: users' = users + {u} }
  })");
  Plan plan = PlanChecks(Prepare(built->module));
  for (const PlannedCheck& check : plan.checks) {
    bool uses_invariant = check.kind == CheckKind::kGlobal || check.kind == CheckKind::kEnabled ||
                          check.kind == CheckKind::kEnsures ||
                          check.kind == CheckKind::kPreservation;
    EXPECT_EQ(check.bounded, uses_invariant) << check.id;
    EXPECT_FALSE(check.outside_subset) << check.id;
  }
}

TEST(Frames, ClassifiesPrimedMentions) {
  auto built = testing::BuildSpec(R"(service S {
    entity E { a: Int  b: Int }
    state { r: Int -> lone E  s: Int -> lone E  t: Int -> lone E  u: Int  v: Int }
    operation Op {
      input: k: Int
      requires: k in r
      ensures:
        k not in s'
        r'[k].a = 1
        t' = pre(t)
        #r' = #pre(r)
        u' = u + 1
    }
  })");
  ASSERT_EQ(built->errors, "");
  const ir::Operation& op = *built->module.FindOperation("Op");
  std::vector<FieldFrame> frames = AnalyzeFrames(built->module, op.ensures_exprs);
  ASSERT_EQ(frames.size(), 5u);
  EXPECT_EQ(frames[0].kind, FieldFrame::Kind::kPartial);  // r: field update
  ASSERT_EQ(frames[0].updated.size(), 1u);
  EXPECT_EQ(frames[0].updated[0].fields, std::vector<std::string>{"a"});
  EXPECT_EQ(frames[1].kind, FieldFrame::Kind::kPartial);  // s: removal
  EXPECT_EQ(frames[1].removed.size(), 1u);
  EXPECT_EQ(frames[2].kind, FieldFrame::Kind::kReplaced);   // t: t' = ...
  EXPECT_EQ(frames[3].kind, FieldFrame::Kind::kReplaced);   // u: u' = ...
  EXPECT_EQ(frames[4].kind, FieldFrame::Kind::kUntouched);  // v
}

TEST(Frames, UnclassifiedMentionDropsTheFrame) {
  auto built = testing::BuildSpec(R"(service S {
    state { r: Int -> lone Int }
    operation Op { ensures: all k in r' | r'[k] > 0 }
  })");
  std::vector<FieldFrame> frames =
      AnalyzeFrames(built->module, built->module.FindOperation("Op")->ensures_exprs);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].kind, FieldFrame::Kind::kUnclassified);
}

TEST(Substitution, AvoidsCapture) {
  auto built = testing::BuildSpec(R"(service S {
    state { xs: Set[Int]  y: Int }
    predicate bigger(v: Int) = all x in xs | x < v
    invariant i: bigger(y)
    invariant j: all x in xs | bigger(x)
  })");
  ASSERT_EQ(built->errors, "");
  // bigger(x) under a binder named x: the predicate's own binder must be renamed.
  ir::Expr inlined = InlineCalls(built->module.invariants[1].expr, built->module);
  EXPECT_FALSE(HasUserCalls(inlined, built->module));
  std::string text = Pretty(inlined);
  EXPECT_EQ(text, "(all x in xs | (all x#1 in xs | (x#1 < x)))") << text;
  EXPECT_EQ(Pretty(InlineCalls(built->module.invariants[0].expr, built->module)),
            "(all x in xs | (x < y))");
}

TEST(Substitution, RecursionStopsAtTheFuel) {
  auto built = testing::BuildSpec(R"(service S {
    state { n: Int }
    predicate down(v: Int) = v <= 0 or down(v - 1)
    invariant i: down(n)
  })");
  ir::Expr inlined = InlineCalls(built->module.invariants[0].expr, built->module);
  EXPECT_TRUE(HasUserCalls(inlined, built->module));
  EXPECT_TRUE(OutsideSubset(inlined, built->module).has_value());
}

TEST(Subset, ExactEncodingsAreInside) {
  auto built = testing::BuildSpec(R"(service S {
    state { m: Int -> lone Int  s: Set[Int]  q: Seq[Int] }
    invariant a: all v in ran(m) | abs(v) >= 0
    invariant b: { x in s | x > 0 } subset s
    invariant c: #q = 0 or q[0] >= 0
    invariant d: #s = 0 or max(s) >= 0
    invariant e: max({#s, 1}) >= min({#q, 0})
  })");
  ASSERT_EQ(built->errors, "");
  PreparedModule prepared = Prepare(built->module);
  EXPECT_FALSE(OutsideSubset(prepared.invariants[0], built->module));
  EXPECT_FALSE(OutsideSubset(prepared.invariants[1], built->module));
  EXPECT_FALSE(OutsideSubset(prepared.invariants[2], built->module));
  // `max`/`min` of a collection is uninterpreted; of a set literal it is exact.
  EXPECT_TRUE(OutsideSubset(prepared.invariants[3], built->module));
  EXPECT_FALSE(OutsideSubset(prepared.invariants[4], built->module));
}

TEST(Pretty, ParenthesisesAndRespells) {
  auto built = testing::BuildSpec(R"(service S {
    state { a: Set[Int]  b: Set[Int]  n: Int }
    invariant i: (a union b) = (b intersect a) implies -n >= 0 and not (n in a)
  })");
  EXPECT_EQ(Pretty(built->module.invariants[0].expr),
            "(((a ++ b) = (b & a)) => (((- n) >= 0) and (not (n in a))))");
}

}  // namespace
}  // namespace s2r::verify
