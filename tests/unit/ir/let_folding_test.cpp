// Let-folding across juxtaposed clause elements (language.md §5.3).
#include <gtest/gtest.h>

#include "ir/ir_dump.h"
#include "ir/let_folding.h"
#include "unit/support/build_spec.h"

namespace s2r::ir {
namespace {

using testing::BuildSpec;
using testing::FindIdentifier;

std::vector<std::string> Dump(const std::vector<Expr>& exprs) {
  std::vector<std::string> out;
  for (const Expr& expr : exprs) {
    out.push_back(DumpExpr(expr));
  }
  return out;
}

// The shape of ecommerce's AddLineItem: two nested lets, then four juxtaposed elements.
constexpr std::string_view kAddLineItem = R"(service S {
  entity Item { price: Int }
  state {
    products: String -> lone Int
    orders: Int -> lone Int
    next: Int
    stock: String -> lone Item
  }
  operation AddLineItem {
    input: sku: String, k: Int
    output: order: Int
    requires: sku in products
    ensures:
      let product = products[sku] in
      let item = Item { price = product } in
        order = item.price
        orders' = pre(orders) + {k -> order}
        next' = pre(next) + 1
        stock'[sku].price =
          pre(stock)[sku].price - 1
  }
})";

TEST(LetFoldingTest, AddLineItemFoldsIntoTheInnermostLet) {
  auto built = BuildSpec(kAddLineItem);
  ASSERT_TRUE(built->Codes().empty()) << built->Messages();
  const Operation& op = built->module.operations.at(0);
  ASSERT_EQ(op.ensures_exprs.size(), 1u);
  EXPECT_EQ(DumpExpr(op.ensures_exprs[0]),
            "(let product (index products sku) (let item (new Item (price product)) "
            "(and (= order (. item price)) "
            "(and (= (prime orders) (+ (pre orders) (map k order))) "
            "(and (= (prime next) (+ (pre next) 1)) "
            "(= (. (index (prime stock) sku) price) (- (. (index (pre stock) sku) price) 1)))))))");
  EXPECT_EQ(op.requires_exprs.size(), 1u);
}

TEST(LetFoldingTest, SpansCoverTheFoldedElements) {
  auto built = BuildSpec(kAddLineItem);
  const Expr& outer = built->module.operations.at(0).ensures_exprs.at(0);
  std::string_view text = built->sources.Slice(outer.span);
  EXPECT_EQ(text.substr(0, 11), "let product");
  EXPECT_EQ(text.substr(text.size() - 9), "price - 1");
  const Expr& inner = outer.Body();
  EXPECT_EQ(inner.span.end, outer.span.end);
  const Expr& conjunction = inner.Body();
  EXPECT_EQ(built->sources.Slice(conjunction.span).substr(0, 18), "order = item.price");
  EXPECT_EQ(conjunction.span.end, outer.span.end);
  EXPECT_EQ(built->sources.Slice(conjunction.Right().span).substr(0, 7), "orders'");
  EXPECT_GT(outer.height, 6u);
}

TEST(LetFoldingTest, FoldedElementsSeeTheLetVariables) {
  auto built = BuildSpec(kAddLineItem);
  const Expr& conjunction = built->module.operations.at(0).ensures_exprs.at(0).Body().Body();
  EXPECT_EQ(FindIdentifier(conjunction, "item")->ref, RefKind::kLocal);
  EXPECT_EQ(ToString(FindIdentifier(conjunction, "item")->type), "Item");
}

TEST(LetFoldingTest, ElementsBeforeTheLetStaySiblingsAndClausesStaySeparate) {
  auto built = BuildSpec(R"(service S {
    state { a: Int  b: Int }
    operation O {
      requires: a = 1
      ensures:
        a' = 1
        let x = 2 in b' = x
        a' = x
      ensures: let y = 3 in b' = y
      ensures: a = 1 and b = 2
    }
  })");
  const Operation& op = built->module.operations.at(0);
  EXPECT_EQ(Dump(op.ensures_exprs),
            (std::vector<std::string>{"(= (prime a) 1)",
                                      "(let x 2 (and (= (prime b) x) (= (prime a) x)))",
                                      "(let y 3 (= (prime b) y))", "(and (= a 1) (= b 2))"}));
}

TEST(LetFoldingTest, LaterLetsFoldRecursively) {
  auto built = BuildSpec(R"(service S {
    state { a: Int }
    operation O {
      ensures:
        let x = 1 in a' = x
        a = 0
        let y = 2 in a' = y
        a = y
    }
  })");
  EXPECT_EQ(Dump(built->module.operations.at(0).ensures_exprs),
            std::vector<std::string>{
                "(let x 1 (and (= (prime a) x) (and (= a 0) (let y 2 (and (= (prime a) y) "
                "(= a y))))))"});
}

TEST(LetFoldingTest, LoneLetIsUnchanged) {
  Expr let;
  let.kind = ExprKind::kLet;
  let.text = "x";
  let.names.push_back({"x", {}});
  Expr value;
  value.kind = ExprKind::kIntLit;
  value.text = "1";
  let.operands = {value, value};
  std::vector<Expr> folded = FoldLets({let});
  ASSERT_EQ(folded.size(), 1u);
  EXPECT_EQ(DumpExpr(folded[0]), "(let x 1 1)");
}

}  // namespace
}  // namespace s2r::ir
