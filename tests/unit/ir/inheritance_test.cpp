// `extends` flattening (language.md §4.4).
#include <gtest/gtest.h>

#include "ir/inheritance.h"
#include "ir/ir_dump.h"
#include "unit/support/build_spec.h"

namespace s2r::ir {
namespace {

using testing::BuildSpec;

std::vector<std::string> FieldNames(const Entity& entity) {
  std::vector<std::string> names;
  for (const Field& field : entity.fields) {
    names.push_back(field.name + ":" + ToString(field.type) + "@" + field.declared_in);
  }
  return names;
}

std::vector<std::string> Invariants(const Entity& entity) {
  std::vector<std::string> out;
  for (const Expr& invariant : entity.invariants) {
    out.push_back(DumpExpr(invariant));
  }
  return out;
}

constexpr std::string_view kChain = R"(service S {
  entity Leaf extends Mid {
    b: String
    c: Bool
    invariant: c
  }
  entity Root {
    a: Int
    b: Int
    invariant: a > 0
  }
  entity Mid extends Root {
    a: Float
    m: Int
    invariant: m > 1
  }
  state { leaves: Set[Leaf] }
})";

TEST(InheritanceTest, FieldsUpsertInPlaceAndInvariantsRootFirst) {
  auto built = BuildSpec(kChain);
  ASSERT_TRUE(built->Codes().empty()) << built->Messages();
  const Entity& leaf = *built->module.FindEntity("Leaf");
  EXPECT_EQ(FieldNames(leaf),
            (std::vector<std::string>{"a:Float@Mid", "b:String@Leaf", "m:Int@Mid", "c:Bool@Leaf"}));
  EXPECT_EQ(Invariants(leaf), (std::vector<std::string>{"(> a 0)", "(> m 1)", "c"}));
  EXPECT_EQ(leaf.parent, "Mid");
  const Entity& mid = *built->module.FindEntity("Mid");
  EXPECT_EQ(FieldNames(mid), (std::vector<std::string>{"a:Float@Mid", "b:Int@Root", "m:Int@Mid"}));
  EXPECT_EQ(Invariants(mid), (std::vector<std::string>{"(> a 0)", "(> m 1)"}));
  EXPECT_EQ(FieldNames(*built->module.FindEntity("Root")),
            (std::vector<std::string>{"a:Int@Root", "b:Int@Root"}));
}

TEST(InheritanceTest, InheritedFieldsKeepTheParentSpans) {
  auto built = BuildSpec(kChain);
  const Entity& mid = *built->module.FindEntity("Mid");
  const Entity& root = *built->module.FindEntity("Root");
  EXPECT_EQ(mid.FindField("b")->span, root.FindField("b")->span);
  EXPECT_EQ(built->sources.Slice(mid.FindField("a")->span), "a: Float");
}

TEST(InheritanceTest, InheritedConstraintsResolveInTheChild) {
  auto built = BuildSpec(R"(service S {
    entity Base { id: Int where value > 0  invariant: id > 0 }
    entity Child extends Base { name: String  invariant: id > 1 }
    state { cs: Set[Child] }
  })");
  const Entity& child = *built->module.FindEntity("Child");
  EXPECT_EQ(child.invariants.size(), 2u);
  EXPECT_EQ(testing::FindIdentifier(child.invariants[0], "id")->ref, RefKind::kEntityField);
  EXPECT_EQ(testing::FindIdentifier(*child.fields[0].constraint, "value")->ref, RefKind::kValue);
}

TEST(InheritanceTest, CyclesAndMissingParentsStopTheChain) {
  auto built = BuildSpec(R"(service S {
    entity A extends B { a: Int }
    entity B extends A { b: Int }
    entity C extends Missing { c: Int }
  })");
  EXPECT_EQ(FieldNames(*built->module.FindEntity("A")),
            (std::vector<std::string>{"b:Int@B", "a:Int@A"}));
  EXPECT_EQ(FieldNames(*built->module.FindEntity("B")),
            (std::vector<std::string>{"a:Int@A", "b:Int@B"}));
  EXPECT_EQ(FieldNames(*built->module.FindEntity("C")), (std::vector<std::string>{"c:Int@C"}));
}

TEST(InheritanceTest, FlatteningRunsExactlyOnce) {
  auto built = BuildSpec(kChain);
  // The builder flattened once; flattening again would duplicate inherited invariants, which
  // is why Build must own the only call.
  std::vector<Entity> twice = built->module.entities;
  FlattenInheritance(twice);
  EXPECT_EQ(built->module.FindEntity("Leaf")->invariants.size(), 3u);
  EXPECT_GT(twice[0].invariants.size(), 3u);
}

}  // namespace
}  // namespace s2r::ir
