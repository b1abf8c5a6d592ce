// Encodings, one small spec each: the verdicts that only come out right when the construct is
// encoded right (a wrong frame, a lost refinement or a bad set encoding flips them).
#include <string>

#include <gtest/gtest.h>

#include "unit/verify/verify_support.h"
#include "verify/verify.h"

namespace s2r::verify {
namespace {

using testing::FindCheck;
using testing::VerifyText;

// Status of one check; fails the test when the check does not exist.
CheckStatus StatusOf(const VerifyReport& report, const std::string& id) {
  const CheckResult* check = FindCheck(report, id);
  EXPECT_NE(check, nullptr) << "no check " << id;
  return check == nullptr ? CheckStatus::kSkipped : check->status;
}

std::string Dump(const VerifyReport& report) {
  std::string out;
  for (const CheckResult& check : report.checks) {
    out += check.id + ": " + std::string(StatusToken(check.status)) + " " + check.detail + "\n";
  }
  return out;
}

TEST(Encode, ScalarPreservationAndViolation) {
  VerifyReport report = VerifyText(R"(service S {
    state { n: Int }
    operation Up { requires: true  ensures: n' = n + 1 }
    operation Down { requires: true  ensures: n' = n - 1 }
    invariant nonNegative: n >= 0
  })");
  EXPECT_EQ(StatusOf(report, "Up.preserves.nonNegative"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Down.preserves.nonNegative"), CheckStatus::kUnsat) << Dump(report);
  const CheckResult* down = FindCheck(report, "Down.preserves.nonNegative");
  ASSERT_TRUE(down->diagnostic && down->diagnostic->counterexample);
  const Counterexample& cx = *down->diagnostic->counterexample;
  ASSERT_EQ(cx.constants.size(), 2u);
  EXPECT_EQ(cx.constants[0].value.display, "0");
  EXPECT_EQ(cx.constants[1].value.display, "-1");
  EXPECT_EQ(ExitCode(report), 1);
}

TEST(Encode, UntouchedStateIsFramed) {
  // `b` is never primed in Bump, so it keeps its value and `b >= 0` is preserved.
  VerifyReport report = VerifyText(R"(service S {
    state { a: Int  b: Int }
    operation Bump { requires: true  ensures: a' = a + 1 }
    invariant bPositive: b >= 0
  })");
  EXPECT_EQ(StatusOf(report, "Bump.preserves.bPositive"), CheckStatus::kSat) << Dump(report);
}

TEST(Encode, RelationInsertDeleteAndFieldUpdateFrames) {
  VerifyReport report = VerifyText(R"(service S {
    entity Item { qty: Int  name: String }
    state { items: Int -> lone Item }
    operation Add {
      input: id: Int, item: Item
      requires: id > 0 and item.qty >= 0
      ensures: items' = pre(items) + {id -> item}
    }
    operation Remove {
      input: id: Int
      requires: id in items
      ensures: id not in items'
    }
    operation Rename {
      input: id: Int, name: String
      requires: id in items
      ensures: items'[id].name = name
    }
    operation Break {
      input: id: Int
      requires: id in items
      ensures: items'[id].qty = -5
    }
    invariant positiveKeys: all k in items | k > 0
    invariant qtyNonNegative: all k in items | items[k].qty >= 0
  })");
  EXPECT_EQ(StatusOf(report, "Add.preserves.positiveKeys"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Add.preserves.qtyNonNegative"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Remove.preserves.qtyNonNegative"), CheckStatus::kSat)
      << Dump(report);
  // The frame keeps `qty` of the renamed item.
  EXPECT_EQ(StatusOf(report, "Rename.preserves.qtyNonNegative"), CheckStatus::kSat)
      << Dump(report);
  EXPECT_EQ(StatusOf(report, "Break.preserves.qtyNonNegative"), CheckStatus::kUnsat)
      << Dump(report);
}

TEST(Encode, CardinalityFollowsInsertAndDelete) {
  VerifyReport report = VerifyText(R"(service S {
    state { users: Int -> lone Int  count: Int }
    operation Add {
      input: id: Int
      requires: id not in users
      ensures:
        users' = pre(users) + {id -> 0}
        count' = count + 1
    }
    operation Remove {
      input: id: Int
      requires: id in users
      ensures:
        users' = pre(users) - {id}
        count' = count - 1
    }
    operation Overwrite {
      input: id: Int
      ensures:
        users' = pre(users) + {id -> 1}
        count' = count + 1
    }
    invariant counted: #users = count
  })");
  EXPECT_EQ(StatusOf(report, "Add.preserves.counted"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Remove.preserves.counted"), CheckStatus::kSat) << Dump(report);
  // Without `id not in users` the key may already exist and the count drifts.
  EXPECT_EQ(StatusOf(report, "Overwrite.preserves.counted"), CheckStatus::kUnsat)
      << Dump(report);
}

TEST(Encode, OptionsLiftAndCompareWithNone) {
  VerifyReport report = VerifyText(R"(service S {
    state { current: Option[Int] }
    operation Assign { input: v: Int  requires: v > 0  ensures: current' = v }
    operation Clear { requires: true  ensures: current' = none }
    invariant positiveWhenSet: current != none implies current > 0
  })");
  EXPECT_EQ(StatusOf(report, "Assign.preserves.positiveWhenSet"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Clear.preserves.positiveWhenSet"), CheckStatus::kSat)
      << Dump(report);
}

TEST(Encode, SetAlgebraAndComprehensions) {
  VerifyReport report = VerifyText(R"(service S {
    state { s: Set[Int]  evens: Set[Int] }
    operation Union {
      input: a: Set[Int], b: Set[Int]
      output: u: Set[Int]
      requires: true
      ensures: u = a union b and (all x in a | x in u) and a subset u
    }
    operation Diff {
      input: a: Set[Int], b: Set[Int]
      output: d: Set[Int]
      requires: 1 in a and 1 in b
      ensures: d = a minus b and 1 not in d
    }
    operation AddOne { requires: true  ensures: s' = s + {1}  evens' = evens }
    invariant evensAreEven: evens = { x in s | x > 10 }
  })");
  EXPECT_EQ(StatusOf(report, "Union.ensures"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Diff.ensures"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "global"), CheckStatus::kSat) << Dump(report);
  // Adding 1 (not > 10) keeps the comprehension equal.
  EXPECT_EQ(StatusOf(report, "AddOne.preserves.evensAreEven"), CheckStatus::kSat)
      << Dump(report);
}

TEST(Encode, SequencesConcatenate) {
  VerifyReport report = VerifyText(R"(service S {
    state { log: Seq[Int] }
    operation Append {
      input: x: Int
      requires: x > 0
      ensures: log' = pre(log) + [x]
    }
    invariant positive: all v in log | v > 0
  })");
  EXPECT_EQ(StatusOf(report, "Append.preserves.positive"), CheckStatus::kSat) << Dump(report);
}

TEST(Encode, EnumsAreClosedAndDistinct) {
  VerifyReport report = VerifyText(R"(service S {
    enum Color { RED, GREEN }
    state { c: Color }
    operation Flip {
      requires: true
      ensures: c = RED implies c' = GREEN  c = GREEN implies c' = RED
    }
    invariant known: c = RED or c = GREEN
    invariant distinct: RED != GREEN
  })");
  EXPECT_EQ(StatusOf(report, "Flip.preserves.known"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "global"), CheckStatus::kSat) << Dump(report);
}

TEST(Encode, RefinementsOnInputsAndState) {
  VerifyReport report = VerifyText(R"(service S {
    type Small = Int where value >= 0 and value < 10
    state { x: Small }
    operation Assign { input: v: Small  requires: true  ensures: x' = v }
    operation Impossible { input: v: Small  requires: v > 20 }
    invariant bounded: x < 10
  })");
  EXPECT_EQ(StatusOf(report, "Assign.preserves.bounded"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Impossible.requires"), CheckStatus::kUnsat) << Dump(report);
}

TEST(Encode, EntityFieldConstraintsHoldForValidEntities) {
  VerifyReport report = VerifyText(R"(service S {
    entity Account { balance: Int where value >= 0 }
    state { accounts: Int -> lone Account }
    operation Open {
      input: id: Int
      output: account: Account
      requires: id not in accounts
      ensures:
        account = Account { balance = 0 }
        accounts' = pre(accounts) + {id -> account}
    }
    operation Overdraw {
      input: id: Int
      output: account: Account
      requires: id in accounts
      ensures:
        account = pre(accounts)[id] with { balance = -1 }
        accounts' = pre(accounts) + {id -> account}
    }
    invariant solvent: all k in accounts | accounts[k].balance >= 0
  })");
  EXPECT_EQ(StatusOf(report, "Open.preserves.solvent"), CheckStatus::kSat) << Dump(report);
  // `with { balance = -1 }` builds an account that breaks the field constraint: no post-state.
  EXPECT_EQ(StatusOf(report, "Overdraw.ensures"), CheckStatus::kUnsat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Overdraw.preserves.solvent"), CheckStatus::kSkipped)
      << Dump(report);
}

TEST(Encode, DefiniteDescriptionAndLet) {
  VerifyReport report = VerifyText(R"(service S {
    entity Session { token: String  active: Bool }
    state { sessions: Int -> lone Session }
    operation Revoke {
      input: token: String
      requires: some s in sessions | sessions[s].token = token
      ensures:
        let victim = (the s in sessions | sessions[s].token = token) in
          sessions'[victim].active = false
    }
    invariant tokensUnique:
      all a in sessions, b in sessions | a != b implies sessions[a].token != sessions[b].token
  })");
  EXPECT_EQ(StatusOf(report, "Revoke.ensures"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Revoke.preserves.tokensUnique"), CheckStatus::kSat)
      << Dump(report);
}

TEST(Encode, IfThenElseAndDurations) {
  VerifyReport report = VerifyText(R"(service S {
    state { t: Int }
    operation Tick {
      input: fast: Bool
      requires: t >= 0
      ensures: t' = t + (if fast then hours(1) else minutes(1))
    }
    invariant nonNegative: t >= 0
    invariant minuteAligned: t - (t / 60) * 60 = 0
  })");
  EXPECT_EQ(StatusOf(report, "Tick.preserves.nonNegative"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Tick.preserves.minuteAligned"), CheckStatus::kSat) << Dump(report);
}

TEST(Encode, ExtremeOfASetLiteralIsExact) {
  // `max({n, 1})` is at least 1 and at least n, and is one of them: both invariants hold, and
  // the third (which `max({n, 2})` breaks) does not.
  VerifyReport report = VerifyText(R"(service S {
    state { n: Int  m: Int }
    operation Put {
      input: v: Int
      requires: true
      ensures: n' = v  m' = max({v, 1}) - min({v, 1})
    }
    invariant mNonNegative: m >= 0
    invariant mBelowN: m <= n or n < 1
    invariant mSmall: m <= 1
  })");
  EXPECT_EQ(StatusOf(report, "Put.preserves.mNonNegative"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Put.preserves.mBelowN"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Put.preserves.mSmall"), CheckStatus::kUnsat) << Dump(report);
}

TEST(Encode, UserFunctionsAndPredicatesAreInlined) {
  VerifyReport report = VerifyText(R"(service S {
    function double(x: Int): Int = x + x
    predicate small(x: Int) = x < 100
    state { n: Int }
    operation Grow { requires: small(n) and n >= 0  ensures: n' = double(n) }
    invariant bounded: n >= 0 and n < 200
  })");
  EXPECT_EQ(StatusOf(report, "Grow.preserves.bounded"), CheckStatus::kSat) << Dump(report);
}

TEST(Encode, RecursivePredicateIsASoundnessSkip) {
  VerifyReport report = VerifyText(R"(service S {
    predicate loop(x: Int) = loop(x)
    state { n: Int }
    invariant weird: loop(n)
  })");
  const CheckResult* global = FindCheck(report, "global");
  ASSERT_NE(global, nullptr);
  EXPECT_EQ(global->status, CheckStatus::kSkipped) << Dump(report);
  EXPECT_EQ(global->trust, Trust::kBestEffort);
  ASSERT_TRUE(global->diagnostic);
  EXPECT_EQ(global->diagnostic->category, Category::kSoundnessLimitation);
  EXPECT_EQ(ExitCode(report), 4);
}

TEST(Encode, StringsConcatenateAndMatchRegexes) {
  VerifyReport report = VerifyText(R"(service S {
    type Code = String where value matches /^[a-z]{3}[0-9]+$/
    state { codes: Code -> lone Int  base: String }
    operation Put {
      input: code: Code
      output: url: String
      requires: code not in codes
      ensures:
        codes' = pre(codes) + {code -> 1}
        url = base + "/" + code
    }
    operation Literal { requires: "abc1" matches /^[a-z]{3}[0-9]+$/  ensures: base' = base }
    operation BadLiteral { requires: "ab" matches /^[a-z]{3}[0-9]+$/ }
    invariant wellFormed: all c in codes | c matches /^[a-z]{3}[0-9]+$/
  })");
  EXPECT_EQ(StatusOf(report, "Put.preserves.wellFormed"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "Literal.requires"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "BadLiteral.requires"), CheckStatus::kUnsat) << Dump(report);
}

TEST(Encode, RegexViolationIsConfirmedWithRealStrings) {
  // The abstraction alone finds a counterexample; the concrete string check confirms it and
  // the counterexample shows a real string.
  VerifyReport report = VerifyText(R"(service S {
    state { names: Set[String] }
    operation Add { input: n: String  requires: len(n) > 2  ensures: names' = names + {n} }
    invariant lower: all x in names | x matches /^[a-z]+$/
  })");
  EXPECT_EQ(StatusOf(report, "Add.preserves.lower"), CheckStatus::kUnsat) << Dump(report);
}

TEST(Encode, PowersetExistentialIsBestEffort) {
  VerifyReport report = VerifyText(R"(service S {
    entity User { id: Int }
    state { users: Set[User] }
    invariant hasEmptySubset: some t in ^users | #t = 0
  })");
  const CheckResult* global = FindCheck(report, "global");
  ASSERT_NE(global, nullptr);
  EXPECT_EQ(global->status, CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(global->trust, Trust::kBestEffort);
}

TEST(Encode, TemporalAlwaysAndEventually) {
  VerifyReport report = VerifyText(R"(service S {
    state { n: Int }
    invariant nonNegative: n >= 0
    temporal stays: always(n >= 0)
    temporal reaches: eventually(n = 5)
    temporal impossible: eventually(n < 0)
    temporal unfair: fairness(Tick)
    operation Tick { requires: true  ensures: n' = n + 1 }
  })");
  EXPECT_EQ(StatusOf(report, "temporal.stays"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "temporal.reaches"), CheckStatus::kSat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "temporal.impossible"), CheckStatus::kUnsat) << Dump(report);
  EXPECT_EQ(StatusOf(report, "temporal.unfair"), CheckStatus::kSkipped) << Dump(report);
}

TEST(Encode, FactsAreAxioms) {
  VerifyReport report = VerifyText(R"(service S {
    state { n: Int }
    fact startsNonNegative: n >= 0
    temporal stays: always(n >= 0)
  })");
  EXPECT_EQ(StatusOf(report, "temporal.stays"), CheckStatus::kSat) << Dump(report);
}

TEST(Encode, FieldAccessOnStringIsATranslatorLimitation) {
  VerifyReport report = VerifyText(R"(service S {
    state { name: String }
    invariant short: name.length < 10
  })");
  const CheckResult* global = FindCheck(report, "global");
  ASSERT_NE(global, nullptr);
  EXPECT_EQ(global->status, CheckStatus::kSkipped);
  ASSERT_TRUE(global->diagnostic);
  EXPECT_EQ(global->diagnostic->category, Category::kTranslatorLimitation);
  EXPECT_NE(global->detail.find("field access"), std::string::npos) << global->detail;
  EXPECT_EQ(ExitCode(report), 2);
}

TEST(Encode, ContradictoryEnsuresMakesPreservationNotApplicable) {
  VerifyReport report = VerifyText(R"(service S {
    state { n: Int }
    operation Both { requires: true  ensures: n' = 1  n' = 2 }
    invariant any: n >= 0
  })");
  EXPECT_EQ(StatusOf(report, "Both.ensures"), CheckStatus::kUnsat) << Dump(report);
  const CheckResult* preserves = FindCheck(report, "Both.preserves.any");
  ASSERT_NE(preserves, nullptr);
  EXPECT_EQ(preserves->status, CheckStatus::kSkipped);
  ASSERT_TRUE(preserves->diagnostic);
  EXPECT_EQ(preserves->diagnostic->category, Category::kNotApplicable);
  EXPECT_EQ(ExitCode(report), 1);
}

TEST(Encode, ExplainReportsCoreSpans) {
  VerifyOptions options;
  options.explain = true;
  VerifyReport report = VerifyText(R"(service S {
    state { n: Int }
    invariant big: n > 10
    invariant fine: n != 3
    invariant small: n < 5
  })",
                                   options);
  const CheckResult* global = FindCheck(report, "global");
  ASSERT_NE(global, nullptr);
  ASSERT_EQ(global->status, CheckStatus::kUnsat);
  ASSERT_TRUE(global->diagnostic);
  std::vector<std::string> notes;
  for (const SpanNote& core : global->diagnostic->core) {
    notes.push_back(core.note);
    EXPECT_TRUE(core.span.IsValid());
  }
  EXPECT_EQ(notes, (std::vector<std::string>{"invariant `big`", "invariant `small`"}));
}

}  // namespace
}  // namespace s2r::verify
