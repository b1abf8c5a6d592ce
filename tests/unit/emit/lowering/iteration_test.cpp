// Body lowering of binders: quantifiers, comprehensions, `the` and aggregates (`sum`/`min`/`max`
// with or without a lambda) over input collections (run under python3) and over relations of
// rows (checked for the queries they make).
#include <string>

#include <gtest/gtest.h>

#include "unit/emit/lowering/lowering_support.h"

namespace s2r::emit::python_fastapi {
namespace {

using testing::ExpectCompiles;
using testing::Has;
using testing::LowerText;
using testing::Report;
using testing::RunPure;

constexpr const char* kInputsSpec = R"(service Aggregates {
  operation Total {
    input: items: Set[Int]
    output: total: Int
    ensures: total = sum(items, i => i * 2)
  }
  operation Top {
    input: items: Set[Int]
    output: top: Int
    ensures: top = max(items, i => i * 10)
  }
  operation Low {
    input: items: Set[Int]
    output: low: Int
    ensures: low = min(items)
  }
  operation FirstBig {
    input: items: Set[Int]
    output: big: Int
    ensures: big = the i in items | i > 10
  }
  operation Best {
    input: scores: Map[String, Int]
    output: name: String
    ensures: name = the n in scores | all m in scores | scores[m] <= scores[n]
  }
  operation Distinct {
    input: scores: Map[String, Int]
    output: total: Int
    ensures: total = sum(ran(scores), v => v)
  }
})";

TEST(BinderLowering, AggregatesWithALambdaOverASet) {
  auto l = LowerText(kInputsSpec);
  ASSERT_EQ(l->bodies.size(), 6U) << Report(*l);
  EXPECT_EQ(RunPure(*l, "Total", {{"items", "{1, 2, 3}"}}), "total=12\n");
  EXPECT_EQ(RunPure(*l, "Total", {{"items", "set()"}}), "total=0\n");
  EXPECT_EQ(RunPure(*l, "Top", {{"items", "{1, 5, 3}"}}), "top=50\n");
  EXPECT_EQ(RunPure(*l, "Low", {{"items", "{4, 2, 9}"}}), "low=2\n");
  ExpectCompiles(*l, "aggregates");
}

// `max`/`min` of nothing have no value: the request is answered 404, never a 500.
TEST(BinderLowering, ExtremeOfNothingIsNotFound) {
  auto l = LowerText(kInputsSpec);
  EXPECT_EQ(RunPure(*l, "Top", {{"items", "set()"}}), "fail 404\n");
  EXPECT_EQ(RunPure(*l, "Low", {{"items", "set()"}}), "fail 404\n");
}

// `the`: the element satisfying the condition; the first in sorted order when several do (the
// spec promised one), 404 when none does.
TEST(BinderLowering, TheOverASetIsDeterministic) {
  auto l = LowerText(kInputsSpec);
  EXPECT_EQ(RunPure(*l, "FirstBig", {{"items", "{30, 12, 5, 20}"}}), "big=12\n");
  EXPECT_EQ(RunPure(*l, "FirstBig", {{"items", "{1, 2}"}}), "fail 404\n");
}

TEST(BinderLowering, TheOverMapKeysWithANestedQuantifier) {
  auto l = LowerText(kInputsSpec);
  EXPECT_EQ(RunPure(*l, "Best", {{"scores", "{'c': 1, 'b': 3, 'a': 3}"}}), "name='a'\n");
  EXPECT_EQ(RunPure(*l, "Best", {{"scores", "{'c': 7, 'b': 3}"}}), "name='c'\n");
  EXPECT_EQ(RunPure(*l, "Best", {{"scores", "{}"}}), "fail 404\n");
}

// `ran(m)` is the set of values: equal values count once.
TEST(BinderLowering, RangeOfAMapIsASet) {
  auto l = LowerText(kInputsSpec);
  EXPECT_EQ(RunPure(*l, "Distinct", {{"scores", "{'a': 3, 'b': 3, 'c': 1}"}}), "total=4\n");
}

constexpr const char* kRowsSpec = R"(service Shop {
  entity Item {
    id: Int
    price: Int
  }
  state {
    items: Int -> lone Item
  }
  operation PricedAt {
    input: p: Int
    output: found: Option[Int]
    ensures: found = if #items = 0 then none else some(the k in items | items[k].price = p)
  }
  operation Cheapest {
    output: cheapest: Int
    requires: #items > 0
    ensures: cheapest = the k in items | all j in items | items[k].price <= items[j].price
  }
  operation AllCheap {
    input: ids: Set[Int]
    output: ok: Bool
    ensures: ok = all i in ids | items[i].price < 10
  }
  operation AnyKnown {
    input: ids: Set[Int]
    output: known: Bool
    ensures: known = some i in ids | i in items
  }
  operation Dearest {
    output: top: Int
    requires: #items > 0
    ensures: top = max(ran(items), t => t.price)
  }
})";

// Over the keys of a relation of rows with a condition in SQL: one query, in key order.
TEST(BinderLowering, TheOverRowsWithAnSqlCondition) {
  auto l = LowerText(kRowsSpec);
  ASSERT_EQ(l->bodies.size(), 5U) << Report(*l);
  const std::string& priced = l->bodies["PricedAt"];
  EXPECT_TRUE(Has(priced, "_rt.present(await self.session.scalar(sa.select(Item.id)"
                          ".where(Item.price == p).order_by(Item.id)), detail="))
      << priced;
  ExpectCompiles(*l, "shop");
}

// A key bound by `the` whose condition has no SQL form: the rows are searched in Python and the
// row is kept.
TEST(BinderLowering, TheRowWithoutAnSqlCondition) {
  auto l = LowerText(kRowsSpec);
  const std::string& cheapest = l->bodies["Cheapest"];
  EXPECT_TRUE(Has(cheapest, "item_row = _rt.the(")) << cheapest;
  EXPECT_TRUE(Has(cheapest, "(_k for _k in item_rows if all((_k.price <= _j.price) for _j in "
                            "item_rows))"))
      << cheapest;
  EXPECT_TRUE(Has(cheapest, "cheapest=item_row.id")) << cheapest;
}

// A key that changes with each element is looked up per element, so the elements form a list
// (an `await` inside a generator expression would make it asynchronous).
TEST(BinderLowering, PerElementQueriesMakeAList) {
  auto l = LowerText(kRowsSpec);
  const std::string& cheap = l->bodies["AllCheap"];
  EXPECT_TRUE(Has(cheap, "ok = all([((await _rt.get_or_404(self.session, Item, Item.id, _i, "
                         "detail="))
      << cheap;
  EXPECT_TRUE(Has(cheap, ".price < 10) for _i in ids])")) << cheap;
  EXPECT_TRUE(Has(l->bodies["AnyKnown"],
                  "known = any([(await _rt.exists(self.session, Item.id, _i)) for _i in ids])"))
      << l->bodies["AnyKnown"];
}

TEST(BinderLowering, ExtremeOverRowValues) {
  auto l = LowerText(kRowsSpec);
  const std::string& dearest = l->bodies["Dearest"];
  EXPECT_TRUE(Has(dearest, "_rt.present(max((_t.price for _t in item_rows), default=None), "
                           "detail="))
      << dearest;
}

// `iff` with a bool literal on either side is the other side or its negation (ruff rejects
// `bool(True)`); between two conditions it compares their truth.
TEST(BinderLowering, IffWithABoolLiteral) {
  auto l = LowerText(R"(service Iff {
  operation Check {
    input: n: Int
    output: small: Bool, large: Bool, same: Bool
    ensures:
      small = (n < 10 iff true)
      large = (false iff n < 10)
      same = (n < 10 iff n < 5)
  }
})");
  ASSERT_EQ(l->bodies.size(), 1U) << Report(*l);
  EXPECT_FALSE(Has(l->bodies["Check"], "bool(True)")) << l->bodies["Check"];
  EXPECT_FALSE(Has(l->bodies["Check"], "bool(False)")) << l->bodies["Check"];
  EXPECT_EQ(RunPure(*l, "Check", {{"n", "3"}}), "large=False\nsame=True\nsmall=True\n");
  EXPECT_EQ(RunPure(*l, "Check", {{"n", "7"}}), "large=False\nsame=False\nsmall=True\n");
  EXPECT_EQ(RunPure(*l, "Check", {{"n", "12"}}), "large=True\nsame=True\nsmall=False\n");
  ExpectCompiles(*l, "iff");
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
