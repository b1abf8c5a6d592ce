// Name resolution and scopes (language.md §7 L02 rules) in the IR builder.
#include <gtest/gtest.h>

#include "unit/support/build_spec.h"

namespace s2r::ir {
namespace {

using testing::BuildSpec;
using testing::FindIdentifier;

constexpr std::string_view kSpec = R"(service S {
  type Code = String where len(value) >= 6
  enum Color { RED, GREEN }
  entity Item {
    id: Int where value > 0 and value < limit
    color: Color
    invariant: id > 0 and self.id = id
  }
  state {
    items: Int -> lone Item
    limit: Int
  }
  function twice(n: Int): Int = n * 2
  predicate known(k: Int) = k in items
  operation Put {
    input: k: Int, c: Color
    output: out: Item
    requires: known(k) and twice(k) > 0 and c = RED
    ensures: out = items[k] and self = self and isValidURI("x") and len(Item) >= 0
  }
  invariant big: all k in items | items[k].id > 0
})";

const Operation& Op(const Module& module) { return module.operations.at(0); }

TEST(ResolveTest, EveryGlobalAndOperationNameResolves) {
  auto built = BuildSpec(kSpec);
  ASSERT_TRUE(built->Codes().empty()) << built->Messages();
  const Expr& requires_expr = Op(built->module).requires_exprs.at(0);
  EXPECT_EQ(FindIdentifier(requires_expr, "known")->ref, RefKind::kPredicate);
  EXPECT_EQ(FindIdentifier(requires_expr, "twice")->ref, RefKind::kFunction);
  EXPECT_EQ(FindIdentifier(requires_expr, "k")->ref, RefKind::kInput);
  EXPECT_EQ(FindIdentifier(requires_expr, "c")->ref, RefKind::kInput);
  const Expr* red = FindIdentifier(requires_expr, "RED");
  EXPECT_EQ(red->ref, RefKind::kEnumValue);
  EXPECT_EQ(red->enum_name, "Color");
  const Expr& ensures_expr = Op(built->module).ensures_exprs.at(0);
  EXPECT_EQ(FindIdentifier(ensures_expr, "out")->ref, RefKind::kOutput);
  EXPECT_EQ(FindIdentifier(ensures_expr, "items")->ref, RefKind::kStateField);
  EXPECT_EQ(FindIdentifier(ensures_expr, "self")->ref, RefKind::kSelf);
  EXPECT_EQ(FindIdentifier(ensures_expr, "isValidURI")->ref, RefKind::kPredicate);
  EXPECT_EQ(FindIdentifier(ensures_expr, "len")->ref, RefKind::kBuiltin);
  EXPECT_EQ(FindIdentifier(ensures_expr, "Item")->ref, RefKind::kEntity);
}

TEST(ResolveTest, EntityContextsSeeValueSelfAndFields) {
  auto built = BuildSpec(kSpec);
  const Entity& item = built->module.entities.at(0);
  const Expr& constraint = *item.fields.at(0).constraint;
  const Expr* value = FindIdentifier(constraint, "value");
  EXPECT_EQ(value->ref, RefKind::kValue);
  EXPECT_EQ(value->type.kind, TypeKind::kInt);
  EXPECT_EQ(FindIdentifier(constraint, "limit")->ref, RefKind::kStateField);
  const Expr& invariant = item.invariants.at(0);
  const Expr* id = FindIdentifier(invariant, "id");
  EXPECT_EQ(id->ref, RefKind::kEntityField);
  EXPECT_EQ(id->type.kind, TypeKind::kInt);
  const Expr* self = FindIdentifier(invariant, "self");
  EXPECT_EQ(self->ref, RefKind::kSelf);
  EXPECT_EQ(self->type.kind, TypeKind::kEntity);
  EXPECT_EQ(self->type.name, "Item");
}

TEST(ResolveTest, AliasConstraintSeesValueOfItsBaseAndCallablesSeeParams) {
  auto built = BuildSpec(kSpec);
  const Expr* value = FindIdentifier(*built->module.type_aliases.at(0).constraint, "value");
  EXPECT_EQ(value->ref, RefKind::kValue);
  EXPECT_EQ(value->type.kind, TypeKind::kString);
  EXPECT_EQ(FindIdentifier(built->module.functions.at(0).body, "n")->ref, RefKind::kParam);
  EXPECT_EQ(FindIdentifier(built->module.predicates.at(0).body, "k")->ref, RefKind::kParam);
}

TEST(ResolveTest, QuantifierVariablesAreLocalAndTyped) {
  auto built = BuildSpec(kSpec);
  const Expr& body = built->module.invariants.at(0).expr.Body();
  const Expr* k = FindIdentifier(body, "k");
  EXPECT_EQ(k->ref, RefKind::kLocal);
  EXPECT_EQ(k->type.kind, TypeKind::kInt);
}

TEST(ResolveTest, BindersScopeOnlyTheirBody) {
  auto built = BuildSpec(R"(service S {
    state { xs: Set[Int] }
    invariant a: let x = x in x > 0
    invariant b: (the y in xs | y > 0) = y
    invariant c: { z in xs | z > 0 } = z
    invariant d: all p in xs, q in p | q > p
    invariant e: all p in q, q in xs | true
  })");
  const auto& invariants = built->module.invariants;
  // `let x = x in x`: the value's x is outside the binding.
  EXPECT_EQ(invariants[0].expr.operands[0].ref, RefKind::kUnresolved);
  EXPECT_EQ(FindIdentifier(invariants[0].expr.Body(), "x")->ref, RefKind::kLocal);
  EXPECT_EQ(invariants[1].expr.Right().ref, RefKind::kUnresolved);
  EXPECT_EQ(invariants[2].expr.Right().ref, RefKind::kUnresolved);
  // Sequential quantifier bindings: the second domain sees the first variable...
  EXPECT_EQ(invariants[3].expr.operands[1].ref, RefKind::kLocal);
  // ...but the first domain does not see the second.
  EXPECT_EQ(invariants[4].expr.operands[0].ref, RefKind::kUnresolved);
}

TEST(ResolveTest, LocalsShadowInputsAndStateFields) {
  auto built = BuildSpec(R"(service S {
    state { n: Int }
    operation O {
      input: n: Int
      requires: n > 0
      ensures: let n = 1 in n = 1
    }
  })");
  const Operation& op = built->module.operations.at(0);
  EXPECT_EQ(FindIdentifier(op.requires_exprs[0], "n")->ref, RefKind::kInput);
  EXPECT_EQ(FindIdentifier(op.ensures_exprs[0].Body(), "n")->ref, RefKind::kLocal);
}

TEST(ResolveTest, TransitionGuardsSeeTheEntityFieldsAndSelf) {
  auto built = BuildSpec(R"(service S {
    enum St { A, B }
    entity Order { status: St  paid: Bool }
    state { orders: Int -> lone Order }
    operation Pay { requires: true }
    transition Life {
      entity: Order
      field: status
      A -> B via Pay when paid and self.paid and captured(order_id)
    }
  })");
  const Expr& guard = *built->module.transitions.at(0).rules.at(0).guard;
  EXPECT_EQ(FindIdentifier(guard, "paid")->ref, RefKind::kEntityField);
  EXPECT_EQ(FindIdentifier(guard, "self")->ref, RefKind::kSelf);
  EXPECT_EQ(FindIdentifier(guard, "captured")->ref, RefKind::kUnresolved);
  EXPECT_EQ(FindIdentifier(guard, "order_id")->ref, RefKind::kUnresolved);
}

TEST(ResolveTest, NamesCalledInsideAFactAreGlobal) {
  auto built = BuildSpec(R"(service S {
    state { n: Int }
    fact: helper(n) and other(1)
    invariant i: helper(n)
  })");
  EXPECT_EQ(FindIdentifier(built->module.invariants.at(0).expr, "helper")->ref,
            RefKind::kPredicate);
  EXPECT_EQ(FindIdentifier(built->module.facts.at(0).expr, "other")->ref, RefKind::kPredicate);
}

TEST(ResolveTest, EnumValueSharedByTwoEnumsFollowsTheComparedType) {
  auto built = BuildSpec(R"(service S {
    enum A { PENDING, DONE }
    enum B { PENDING, FAILED }
    entity E { b: B }
    state { es: Int -> lone E }
    operation O {
      input: k: Int
      requires: es[k].b = PENDING
      ensures: es'[k] = es[k] with { b = PENDING }
    }
  })");
  const Operation& op = built->module.operations.at(0);
  EXPECT_EQ(FindIdentifier(op.requires_exprs[0], "PENDING")->enum_name, "B");
  EXPECT_EQ(FindIdentifier(op.ensures_exprs[0], "PENDING")->enum_name, "B");
}

TEST(ResolveTest, EnumAccessRecordsItsEnum) {
  auto built = BuildSpec(R"(service S {
    enum Color { RED }
    state { c: Color }
    invariant i: c = Color.RED
  })");
  const Expr& access = built->module.invariants.at(0).expr.Right();
  ASSERT_EQ(access.kind, ExprKind::kEnumAccess);
  EXPECT_EQ(access.enum_name, "Color");
  EXPECT_EQ(access.type.kind, TypeKind::kEnum);
}

}  // namespace
}  // namespace s2r::ir
