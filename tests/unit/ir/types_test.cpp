// Declared-type resolution and best-effort type inference in the IR builder.
#include <gtest/gtest.h>

#include "unit/support/build_spec.h"

namespace s2r::ir {
namespace {

using testing::BuildSpec;
using testing::FindIdentifier;
using testing::FindKind;

TEST(TypesTest, DeclaredTypesResolve) {
  auto built = BuildSpec(R"(service S {
    type Money = Int where value >= 0
    type Price = Money where value > 0
    enum Color { RED }
    entity Item { id: Int }
    state {
      a: String  b: Bool  c: Float  d: DateTime  e: Duration  f: UUID
      g: Set[Item]  h: Seq[Color]  i: Option[Price]  j: Map[String, Int]
      k: Int -> Item  l: Int -> lone Item  m: Int -> some Item  n: Int -> set Item
    }
  })");
  ASSERT_TRUE(built->Codes().empty()) << built->Messages();
  const std::vector<StateField>& fields = *built->module.state;
  std::vector<std::string> printed;
  for (const StateField& field : fields) {
    printed.push_back(ToString(field.type));
  }
  EXPECT_EQ(printed, (std::vector<std::string>{
                         "String", "Bool", "Float", "DateTime", "Duration", "UUID", "Set[Item]",
                         "Seq[Color]", "Option[Price]", "Map[String, Int]", "Int -> one Item",
                         "Int -> lone Item", "Int -> some Item", "Int -> set Item"}));
  EXPECT_EQ(fields[6].type.args[0].kind, TypeKind::kEntity);
  EXPECT_EQ(fields[7].type.args[0].kind, TypeKind::kEnum);
  // An alias chain resolves to the primitive and records the alias as written.
  const Type& price = fields[8].type.args[0];
  EXPECT_EQ(price.kind, TypeKind::kInt);
  EXPECT_EQ(price.alias, "Price");
  EXPECT_EQ(built->module.type_aliases[1].base.alias, "Money");
  EXPECT_EQ(built->module.RefinementsOf(fields[8].type).size(), 2u);
}

TEST(TypesTest, UnknownTypeNameIsOpaqueAndWarned) {
  auto built = BuildSpec(R"(service S {
    entity User { id: Id }
    state { users: Set[User] }
  })");
  ASSERT_EQ(built->Codes(), std::vector<std::string>{"E0310"});
  EXPECT_EQ(built->sink.diagnostics()[0].severity, diag::Severity::kWarning);
  const Type& id = built->module.entities[0].fields[0].type;
  EXPECT_EQ(id.kind, TypeKind::kUnknown);
  EXPECT_EQ(id.name, "Id");
}

TEST(TypesTest, AliasCycleTerminates) {
  auto built = BuildSpec(R"(service S {
    type A = B
    type B = A
    state { x: A }
  })");
  EXPECT_EQ(built->module.state->at(0).type.kind, TypeKind::kUnknown);
}

constexpr std::string_view kInference = R"(service S {
  type LongURL = String where len(value) > 0
  enum St { OPEN }
  entity Line { total: Int  price: Float }
  entity Order { lines: Set[Line]  placed: DateTime  shipped: Option[DateTime]  st: St }
  state {
    store: String -> lone LongURL
    orders: Int -> lone Order
    log: Seq[String]
  }
  operation O {
    input: code: String, k: Int
    output: url: LongURL
    requires: code in store
    ensures:
      url = store[code]
      orders'[k].placed = now()
      #store' = #pre(store) + 1
      sum(orders[k].lines, l => l.total) = 3
      now() - orders[k].shipped <= days(30)
      {c in store | true} = dom(store)
      log' = pre(log) + ["x"]
      orders[k] = orders[k] with { st = OPEN }
      1 = (the o in orders | o = k)
      some(1) = none
  }
})";

TEST(TypesTest, InferenceFollowsDeclarationsAndOperators) {
  auto built = BuildSpec(kInference);
  ASSERT_TRUE(built->Codes().empty()) << built->Messages();
  const std::vector<Expr>& ensures = built->module.operations.at(0).ensures_exprs;
  auto type_of = [](const Expr& e) { return ToString(e.type); };
  EXPECT_EQ(type_of(ensures[0].Left()), "LongURL");
  EXPECT_EQ(type_of(ensures[0].Right()), "LongURL");
  EXPECT_EQ(type_of(ensures[0]), "Bool");
  EXPECT_EQ(type_of(ensures[1].Left()), "DateTime");
  EXPECT_EQ(type_of(ensures[1].Right()), "DateTime");
  EXPECT_EQ(type_of(ensures[2].Left()), "Int");
  EXPECT_EQ(type_of(ensures[2].Right()), "Int");
  // `sum(c, x => e)`: the lambda parameter ranges over c's elements.
  const Expr& sum = ensures[3].Left();
  EXPECT_EQ(type_of(*FindIdentifier(sum.operands[2], "l")), "Line");
  EXPECT_EQ(type_of(sum.operands[2]), "Lambda");
  EXPECT_EQ(type_of(sum), "Int");
  // Option[DateTime] - DateTime compares against a Duration.
  EXPECT_EQ(type_of(ensures[4].Left()), "Duration");
  EXPECT_EQ(type_of(ensures[4].Right()), "Duration");
  EXPECT_EQ(type_of(ensures[5].Left()), "Set[String]");
  EXPECT_EQ(type_of(ensures[5].Right()), "Set[String]");
  EXPECT_EQ(type_of(ensures[6].Right()), "Seq[String]");
  EXPECT_EQ(type_of(ensures[7].Right()), "Order");
  EXPECT_EQ(type_of(ensures[8].Right()), "Int");
  EXPECT_EQ(type_of(ensures[9].Left()), "Option[Int]");
  EXPECT_EQ(type_of(ensures[9].Right()), "None");
}

TEST(TypesTest, EntityNamesDenoteTheirInstances) {
  auto built = BuildSpec(R"(service S {
    entity User { active: Bool }
    state { users: Set[User] }
    invariant i: some u: User | u.active
    invariant j: { u in User | u.active } = users
  })");
  const Expr& some = built->module.invariants[0].expr;
  EXPECT_EQ(ToString(FindIdentifier(some.Body(), "u")->type), "User");
  EXPECT_EQ(ToString(some.Body().type), "Bool");
  EXPECT_EQ(ToString(built->module.invariants[1].expr.Left().type), "Set[User]");
}

TEST(TypesTest, UninferableExpressionsStayUnknown) {
  auto built = BuildSpec(R"(service S {
    state { n: Int }
    invariant i: mystery(n).field = n.length
  })");
  const Expr& eq = built->module.invariants[0].expr;
  EXPECT_EQ(eq.Left().type.kind, TypeKind::kUnknown);
  EXPECT_EQ(eq.Right().type.kind, TypeKind::kUnknown);
  EXPECT_EQ(FindKind(eq, ExprKind::kCall)->type.kind, TypeKind::kUnknown);
}

}  // namespace
}  // namespace s2r::ir
