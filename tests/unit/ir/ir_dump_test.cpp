// `inspect` views: JSON shape and key order, the typed text dump, the summary.
#include "ir/ir_dump.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "unit/support/build_spec.h"

namespace s2r::ir {
namespace {

using testing::BuildSpec;
using Json = nlohmann::ordered_json;

constexpr std::string_view kSpec = R"(service Demo {
  type Code = String where len(value) >= 6
  enum St { A, B, }
  entity Item extends Base { n: Int where value > 0 }
  entity Base { id: Int  invariant: id > 0 }
  state { items: Code -> lone Item }
  operation Get {
    input: code: Code
    output: item: Item
    requires_auth: bearer
    requires: code in items
    ensures: item = items[code] and {code -> 1} = {code -> 1}
  }
  temporal t: always(#items >= 0)
  conventions { Get.http_header "Location" = output.n }
  security { bearer: Bearer(bearer_format: "JWT") }
})";

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) {
    keys.push_back(key);
  }
  return keys;
}

TEST(IrDumpTest, JsonFollowsTheReferenceKeyOrder) {
  auto built = BuildSpec(kSpec);
  ASSERT_TRUE(built->Codes().empty()) << built->Messages();
  Json json = Json::parse(DumpJson(built->module, built->sources));
  EXPECT_EQ(Keys(json), (std::vector<std::string>{
                            "kind", "name", "imports", "entities", "enums", "typeAliases",
                            "state", "operations", "transitions", "invariants", "temporals",
                            "facts", "functions", "predicates", "conventions", "security",
                            "span"}));
  const Json& operation = json["operations"][0];
  EXPECT_EQ(Keys(operation), (std::vector<std::string>{"kind", "name", "inputs", "outputs",
                                                       "requires", "ensures", "requiresAuth",
                                                       "span"}));
  EXPECT_EQ(operation["inputs"][0]["typeExpr"], Json::parse(R"({"kind":"NamedType","name":"Code"})"));
  EXPECT_EQ(json["state"]["fields"][0]["typeExpr"]["multiplicity"], "lone");
  const Json& item = json["entities"][0];
  EXPECT_EQ(item["extends_"], "Base");
  EXPECT_EQ(item["fields"].size(), 2u);
  EXPECT_EQ(json["enums"][0]["values"], Json::parse(R"(["A","B"])"));
  EXPECT_EQ(json["predicates"].size(), 2u);
  EXPECT_EQ(json["security"][0]["kind"],
            Json::parse(R"({"scheme":"Bearer","bearerFormat":"JWT"})"));
  EXPECT_EQ(json["conventions"]["rules"][0]["qualifier"], "Location");
}

TEST(IrDumpTest, JsonExpressionsAndSpans) {
  auto built = BuildSpec(kSpec);
  Json json = Json::parse(DumpJson(built->module, built->sources));
  const Json& requires_expr = json["operations"][0]["requires"][0];
  EXPECT_EQ(requires_expr["kind"], "BinaryOp");
  EXPECT_EQ(requires_expr["op"], "in");
  EXPECT_EQ(requires_expr["span"], Json::parse(R"({"file":"test.spec","line":11,"column":15,
                                                   "end_line":11,"end_column":28})"));
  const Json& map = json["operations"][0]["ensures"][0]["right"]["left"];
  EXPECT_EQ(map["kind"], "MapLiteral");
  // A map entry is spanned by its key only.
  EXPECT_EQ(map["entries"][0]["span"], map["entries"][0]["key"]["span"]);
  // A classified temporal is re-synthesised as a span-less call.
  const Json& temporal = json["temporals"][0]["expr"];
  EXPECT_EQ(temporal["kind"], "Call");
  EXPECT_FALSE(temporal.contains("span"));
  EXPECT_EQ(temporal["callee"]["name"], "always");
  EXPECT_EQ(temporal["args"][0]["kind"], "BinaryOp");
}

TEST(IrDumpTest, OmittedOptionalsAreNullOrAbsent) {
  auto built = BuildSpec("service Empty { operation O { requires: true } }");
  Json json = Json::parse(DumpJson(built->module, built->sources));
  EXPECT_TRUE(json["state"].is_null());
  EXPECT_TRUE(json["conventions"].is_null());
  EXPECT_FALSE(json.contains("security"));
  EXPECT_FALSE(json["operations"][0].contains("requiresAuth"));
}

TEST(IrDumpTest, JsonSurvivesInvalidUtf8InStrings) {
  // The lexer passes string bytes through; imports are not ASCII-checked (found by fuzzing).
  auto built = BuildSpec("import \"a\xff\"\nservice S { }");
  std::string json;
  EXPECT_NO_THROW(json = DumpJson(built->module, built->sources));
  EXPECT_TRUE(Json::accept(json));
}

TEST(IrDumpTest, TextDumpShowsTypesAndUnresolvedNames) {
  auto built = BuildSpec(kSpec);
  std::string text = DumpIr(built->module);
  EXPECT_NE(text.find("  items: Code -> lone Item\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  id: Int (from Base)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  requires (in code items) : Bool\n"), std::string::npos) << text;
  EXPECT_NE(text.find("temporal t always (>= (# items) 0) : Bool\n"), std::string::npos);
  EXPECT_NE(text.find("= (. ?output n)"), std::string::npos) << text;
  EXPECT_NE(text.find("predicate isValidURI(s: String) (preamble)"), std::string::npos);
}

TEST(IrDumpTest, SummaryCountsAndNames) {
  auto built = BuildSpec(kSpec);
  std::string summary = DumpSummary(built->module);
  EXPECT_EQ(summary.substr(0, summary.find('\n')), "service Demo");
  EXPECT_NE(summary.find("  entities: 2 (Item, Base)\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("  operations: 1 (Get)\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("  predicates: 2 (isValidURI, isValidEmail)\n"), std::string::npos);
}

}  // namespace
}  // namespace s2r::ir
