// Naming rules: camel splitting, casing, plurals, column names, Python escaping.
#include <gtest/gtest.h>

#include "convention/naming.h"

namespace s2r::convention {
namespace {

TEST(Naming, SplitsCamelCaseAndAcronyms) {
  EXPECT_EQ(SplitCamelCase("URLMapping"), (std::vector<std::string>{"URL", "Mapping"}));
  EXPECT_EQ(SplitCamelCase("clickCount"), (std::vector<std::string>{"click", "Count"}));
  EXPECT_EQ(SplitCamelCase("Http2Server"), (std::vector<std::string>{"Http2", "Server"}));
  EXPECT_EQ(SplitCamelCase("click_count"), (std::vector<std::string>{"click_count"}));
}

TEST(Naming, SnakeAndKebab) {
  EXPECT_EQ(ToSnakeCase("UrlMapping"), "url_mapping");
  EXPECT_EQ(ToKebabCase("UrlMapping"), "url-mapping");
  EXPECT_EQ(ToSnakeCase("ListAll"), "list_all");
  EXPECT_EQ(ToKebabCase("UrlShortener"), "url-shortener");
  EXPECT_EQ(ToSnakeCase("URLMapping"), "url_mapping");
  EXPECT_EQ(ToSnakeCase("RequestPasswordReset"), "request_password_reset");
}

TEST(Naming, Plurals) {
  EXPECT_EQ(Pluralize("user"), "users");
  EXPECT_EQ(Pluralize("child"), "children");
  EXPECT_EQ(Pluralize("box"), "boxes");
  EXPECT_EQ(Pluralize("city"), "cities");
  EXPECT_EQ(Pluralize("data"), "data");
  EXPECT_EQ(Pluralize("Person"), "People");
  EXPECT_EQ(Pluralize("quiz"), "quizzes");
  EXPECT_EQ(Pluralize("knife"), "knives");
  EXPECT_EQ(Pluralize("leaf"), "leaves");
  EXPECT_EQ(Pluralize("day"), "days");
  EXPECT_EQ(Pluralize("match"), "matches");
  EXPECT_EQ(Pluralize("Metadata"), "Metadata");
  EXPECT_EQ(Pluralize("Index"), "Indices");
  EXPECT_EQ(Pluralize("analysis"), "analyses");
}

TEST(Naming, TablesAndSegmentsPluraliseTheLastWord) {
  EXPECT_EQ(PluralSnake("UrlMapping"), "url_mappings");
  EXPECT_EQ(PluralKebab("UrlMapping"), "url-mappings");
  EXPECT_EQ(PluralSnake("InventoryEntry"), "inventory_entries");
  EXPECT_EQ(PluralSnake("LineItem"), "line_items");
  EXPECT_EQ(PluralSnake("SalesPerson"), "sales_people");
  EXPECT_EQ(PluralSnake("AuthData"), "auth_data");
}

TEST(Naming, ColumnNames) {
  EXPECT_EQ(ToColumnName("clickCount"), "click_count");
  EXPECT_EQ(ToColumnName("click_count"), "click_count");
  EXPECT_EQ(ToColumnName("url"), "url");
  EXPECT_EQ(ToColumnName("my_URL"), "my_URL");
}

TEST(Naming, PythonReservedNames) {
  EXPECT_TRUE(IsPythonKeyword("class"));
  EXPECT_TRUE(IsPythonKeyword("match"));
  EXPECT_TRUE(IsPythonKeyword("type"));
  EXPECT_FALSE(IsPythonKeyword("list"));
  EXPECT_TRUE(IsPythonBuiltin("list"));
  EXPECT_TRUE(IsPythonBuiltin("id"));
  EXPECT_TRUE(IsReservedPython("id"));
  EXPECT_FALSE(IsReservedPython("id", /*avoid_builtins=*/false));
  EXPECT_EQ(SafePythonName("class"), "class_");
  EXPECT_EQ(SafePythonName("import"), "import_");
  EXPECT_EQ(SafePythonName("list"), "list_");
  EXPECT_EQ(SafePythonName("list", false), "list");
  EXPECT_EQ(SafePythonName("shorten"), "shorten");
}

TEST(Naming, SensitiveNames) {
  EXPECT_TRUE(IsSensitiveName("password"));
  EXPECT_TRUE(IsSensitiveName("password_hash"));
  EXPECT_TRUE(IsSensitiveName("access_token"));
  EXPECT_TRUE(IsSensitiveName("Stripe_API_KEY"));
  EXPECT_FALSE(IsSensitiveName("token_count"));
  EXPECT_FALSE(IsSensitiveName("email"));
  EXPECT_FALSE(IsSensitiveName("_token"));
}

TEST(Naming, LongIdentifiersAreTruncatedWithAStableHash) {
  std::string long_name(80, 'a');
  std::string limited = LimitIdentifier(long_name);
  EXPECT_EQ(limited.size(), 63u);
  EXPECT_EQ(limited, LimitIdentifier(long_name));
  EXPECT_NE(limited, LimitIdentifier(std::string(79, 'a') + "b"));
  EXPECT_EQ(LimitIdentifier("ck_todos_id_min"), "ck_todos_id_min");
}

}  // namespace
}  // namespace s2r::convention
