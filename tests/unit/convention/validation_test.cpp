// The single refinement reduction feeding the API, OpenAPI and CHECKs (DECISIONS item 4).
#include <gtest/gtest.h>

#include "unit/convention/model_support.h"

namespace s2r::convention {
namespace {

using testing::BuildModel;

const Constraints& FieldConstraints(const testing::BuiltModel& built, std::string_view entity,
                                    std::string_view field) {
  return built.Entity(entity).FindField(field)->validation.value;
}

TEST(Validation, ShortCodeReducesToLengthAndPattern) {
  S2R_FIXTURE_OR_SKIP(text, "url_shortener");
  auto built = BuildModel(text);
  const Constraints& code = FieldConstraints(*built, "UrlMapping", "code");
  ASSERT_TRUE(code.min_length);
  EXPECT_EQ(code.min_length->value, 6);
  EXPECT_FALSE(code.max_length);
  ASSERT_EQ(code.patterns.size(), 1u);
  EXPECT_EQ(code.patterns[0].regex, "^[a-zA-Z0-9]+$");
  EXPECT_TRUE(code.patterns[0].span.IsValid());
  EXPECT_TRUE(code.runtime_checks.empty());
  // LongURL: `len(value) > 0` is min_length 1; isValidURI inlines its pattern.
  const Constraints& url = FieldConstraints(*built, "UrlMapping", "url");
  EXPECT_EQ(url.min_length->value, 1);
  ASSERT_EQ(url.patterns.size(), 1u);
  EXPECT_EQ(url.patterns[0].predicate, "isValidURI");
  // click_count: `value >= 0` plus the INTEGER column's upper bound (API only).
  const Constraints& clicks = FieldConstraints(*built, "UrlMapping", "click_count");
  EXPECT_EQ(clicks.minimum->value, "0");
  EXPECT_FALSE(clicks.minimum->exclusive);
  EXPECT_EQ(clicks.maximum->value, "2147483647");
  EXPECT_EQ(clicks.maximum->origin, ConstraintOrigin::kColumnWidth);
  // The path parameter gets the same reduction.
  const Parameter& param = built->Op("Resolve").params[0];
  EXPECT_EQ(param.validation.value.min_length->value, 6);
  EXPECT_EQ(param.validation.value.patterns.size(), 1u);
}

TEST(Validation, AliasChainsAreCollectedOutermostFirstAndAllApply) {
  auto built = BuildModel(R"(service S {
  type Base = Int where value >= 0 and value <= 1000
  type Small = Base where value < 10
  type Name = String where len(value) = 4 and value matches /^[a-z]+$/
  entity E { a: Small  b: Option[Name]  c: Float where value > 0.5 and value <= 2.0
             d: Int where value != 3  e: Seq[Name] where #value <= 5  f: String where value in {"x", "y"} }
  state { es: Int -> lone E }
})");
  const Constraints& a = FieldConstraints(*built, "E", "a");
  EXPECT_EQ(a.minimum->value, "0");
  EXPECT_EQ(a.maximum->value, "10");
  EXPECT_TRUE(a.maximum->exclusive);
  EXPECT_EQ(a.maximum->InclusiveInt(false), 9);
  const Constraints& b = FieldConstraints(*built, "E", "b");
  EXPECT_EQ(b.min_length->value, 4);
  EXPECT_EQ(b.max_length->value, 4);
  EXPECT_TRUE(built->Entity("E").FindField("b")->nullable);
  const Constraints& c = FieldConstraints(*built, "E", "c");
  EXPECT_EQ(c.minimum->value, "0.5");
  EXPECT_TRUE(c.minimum->exclusive);
  EXPECT_FALSE(c.minimum->integer);
  EXPECT_EQ(c.maximum->value, "2.0");
  const Constraints& d = FieldConstraints(*built, "E", "d");
  ASSERT_EQ(d.runtime_checks.size(), 1u);
  EXPECT_EQ(d.runtime_checks[0].text, "value != 3");
  const Validation& e = built->Entity("E").FindField("e")->validation;
  EXPECT_EQ(e.value.max_length->value, 5);
  EXPECT_EQ(e.element.min_length->value, 4);
  EXPECT_EQ(e.element.patterns.size(), 1u);
  const Constraints& f = FieldConstraints(*built, "E", "f");
  EXPECT_EQ(f.allowed_values, (std::vector<std::string>{"x", "y"}));
  // A bounded string is VARCHAR(n) whatever the dialect.
  EXPECT_EQ(built->Column("es", "b").sql_type, "VARCHAR(4)");
}

TEST(Validation, ContradictionsAreReported) {
  auto built = BuildModel(R"(service S {
  entity E { a: Int where value > 5 and value < 3 }
  state { es: Int -> lone E }
})");
  EXPECT_EQ(built->Codes(), std::vector<std::string>{"E0633"});
  EXPECT_TRUE(FieldConstraints(*built, "E", "a").unsatisfiable);
}

TEST(Validation, EntityInvariantsOnOneFieldBecomeFieldConstraints) {
  S2R_FIXTURE_OR_SKIP(text, "auth_service");
  auto built = BuildModel(text);
  // `invariant: len(email) > 0` joins Email's regex.
  const Constraints& email = FieldConstraints(*built, "User", "email");
  EXPECT_EQ(email.min_length->value, 1);
  EXPECT_EQ(email.min_length->origin, ConstraintOrigin::kInvariant);
  EXPECT_EQ(email.patterns.size(), 1u);
  // Cross-field invariants stay runtime checks of the entity.
  const Entity& session = built->Entity("Session");
  ASSERT_EQ(session.invariant_checks.size(), 3u);
  EXPECT_EQ(session.invariant_checks[2].text, "access_token != refresh_token");
  // PasswordHash: `len(value) = 64`.
  const Constraints& hash = FieldConstraints(*built, "User", "password_hash");
  EXPECT_EQ(hash.min_length->value, 64);
  EXPECT_EQ(hash.max_length->value, 64);
}

TEST(Validation, InputsStoredInRefinedFieldsTakeTheFieldConstraints) {
  auto built = BuildModel(R"(service S {
  entity W { id: Int  label: String where len(value) >= 1  note: String  weight: Int where value >= 5 }
  state { ws: Int -> lone W  n: Int }
  operation Create {
    input: label: String, note: String, weight: Int, reason: String
    output: w: W
    ensures:
      w = W { id = n + 1, label = label, note = note, weight = weight + 1 }
      ws' = pre(ws) + {n + 1 -> w}
  }
  operation Relabel {
    input: id: Int, label: String
    requires: id in ws
    ensures: ws' = pre(ws) + {id -> pre(ws)[id] with { label = label }}
  }
})");
  const Operation& create = built->Op("Create");
  ASSERT_TRUE(create.params[0].validation.value.min_length);
  EXPECT_EQ(create.params[0].validation.value.min_length->value, 1);
  // A field without constraints, or an input that is transformed first, adds nothing.
  EXPECT_TRUE(create.params[1].validation.value.Empty());
  const auto& weight_minimum = create.params[2].validation.value.minimum;
  EXPECT_TRUE(!weight_minimum || weight_minimum->value != "5");
  const Operation& relabel = built->Op("Relabel");
  ASSERT_TRUE(relabel.params[1].validation.value.min_length);
  EXPECT_EQ(relabel.params[1].validation.value.min_length->value, 1);
}

}  // namespace
}  // namespace s2r::convention
