// Convention rules: value parsing, every E06xx rule diagnostic, lookup semantics.
#include <gtest/gtest.h>

#include "unit/convention/model_support.h"

namespace s2r::convention {
namespace {

using testing::BuildModel;

TEST(Conventions, ConventionErrorsFixtureReportsExactlyTheEightMistakes) {
  S2R_FIXTURE_OR_SKIP(text, "convention_errors");
  auto built = BuildModel(text);
  EXPECT_EQ(built->Messages(),
            (std::vector<std::string>{
                "E0601 duplicate override for `Create.http_method`",
                "E0602 no operation, entity, type alias, or enum named `Nonexistent`",
                "E0603 unknown convention property `http_frobnicate`",
                "E0607 invalid value for `GetWidget.http_method`: expected one of GET, POST, "
                "PUT, PATCH, DELETE, got \"GETPOST\"",
                "E0608 invalid value for `GetWidget.http_status_success`: expected an integer "
                "between 100 and 599, got 999",
                "E0604 property `db_table` is not valid for operation `Create`; it applies to "
                "entities",
                "E0604 property `http_method` is not valid for entity `Widget`; it applies to "
                "operations",
                "E0609 invalid value for `DeleteWidget.http_path`: path must start with `/`",
            }));
  // Invalid rules never take effect; the first valid rule wins.
  EXPECT_EQ(built->Op("Create").method, HttpMethod::kPost);
  EXPECT_EQ(built->Op("Create").path, "/widgets");
  EXPECT_EQ(built->Op("GetWidget").method, HttpMethod::kGet);
  EXPECT_EQ(built->Op("GetWidget").status, 200);
  EXPECT_EQ(built->Op("DeleteWidget").path, "/delete-widget/{id}");
  EXPECT_EQ(built->Entity("Widget").table, "widgets");
}

TEST(Conventions, DuplicateLabelsTheFirstRule) {
  auto built = BuildModel(R"(service S {
  operation A { input: x: Int ensures: true }
  conventions {
    A.http_method = "POST"
    A.http_method = "PUT"
  }
})");
  ASSERT_EQ(built->sink.diagnostics().size(), 1u);
  const diag::Diagnostic& d = built->sink.diagnostics()[0];
  EXPECT_EQ(d.code, diag::Code::E0601);
  ASSERT_EQ(d.labels.size(), 2u);
  EXPECT_EQ(d.labels[1].text, "first defined here");
}

TEST(Conventions, ValueShapes) {
  auto built = BuildModel(R"(service S {
  type Code = String where len(value) >= 2
  entity Item { name: String }
  state { items: Int -> lone Item }
  operation A { input: x: Int ensures: true }
  conventions {
    A.http_method = 3
    A.http_status_success = "200"
    Item.db_table = "  "
    Item.plural = "9lives"
    Item.db_timestamps = "no"
    Code.strategy = "tests.strategies_user"
    Item.name.test_strategy = "maybe"
    A.test_strategy = "live"
    A.http_header = "x"
    Item.partial_index "missing" = "missing = 1"
    A.http_path "q" = "/a"
  }
})");
  EXPECT_EQ(built->Codes(), (std::vector<std::string>{"E0605", "E0605", "E0606", "E0616", "E0605",
                                                      "E0611", "E0610", "E0612", "E0612", "E0613",
                                                      "E0615"}));
}

TEST(Conventions, ConflictingEntityTestStrategies) {
  auto built = BuildModel(R"(service S {
  entity A { secret: String }
  entity B { secret: String }
  state { a: Int -> lone A  b: Int -> lone B }
  conventions {
    A.secret.test_strategy = "live"
    B.secret.test_strategy = "redacted"
  }
})");
  EXPECT_EQ(built->Codes(), std::vector<std::string>{"E0614"});
  EXPECT_EQ(built->Messages()[0],
            "E0614 conflicting test_strategy for field `secret` across entities (A=live, "
            "B=redacted); operation inputs named `secret` would resolve ambiguously");
}

TEST(Conventions, EntityOverridesNameTablesAndSegments) {
  auto built = BuildModel(R"(service S {
  entity Person { name: String }
  entity Cat { name: String }
  state { people: Int -> lone Person  cats: Int -> lone Cat }
  operation AddPerson { input: name: String  output: p: Person
    ensures: people' = pre(people) + {p.id -> p} }
  operation AddCat { input: name: String  output: c: Cat
    ensures: cats' = pre(cats) + {c.id -> c} }
  conventions {
    Person.db_table = "humans"
    Cat.plural = "Kitties"
    Cat.db_timestamps = false
  }
})");
  EXPECT_TRUE(built->Codes().empty()) << ::testing::PrintToString(built->Messages());
  EXPECT_EQ(built->Entity("Person").table, "humans");
  EXPECT_EQ(built->Entity("Person").plural_snake, "people");
  EXPECT_EQ(built->Op("AddPerson").path, "/people");
  EXPECT_EQ(built->Entity("Cat").table, "kitties");
  EXPECT_EQ(built->Entity("Cat").router_module, "kitties");
  EXPECT_EQ(built->Op("AddCat").path, "/kitties");
  EXPECT_EQ(built->Table("kitties").FindColumn("created_at"), nullptr);
  EXPECT_NE(built->Table("humans").FindColumn("created_at"), nullptr);
}

}  // namespace
}  // namespace s2r::convention
