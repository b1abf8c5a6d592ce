// Route validation (E0620-E0629) and lint L07.
#include <gtest/gtest.h>

#include "check/lints.h"
#include "unit/convention/model_support.h"

namespace s2r::convention {
namespace {

using testing::BuildModel;

constexpr std::string_view kHeader = R"(service S {
  entity Item { name: String }
  state { items: Int -> lone Item  n: Int }
)";

std::string Spec(std::string_view body) { return std::string(kHeader) + std::string(body) + "\n}\n"; }

TEST(RouteValidation, ReservedRoutes) {
  auto built = BuildModel(Spec(R"(
  operation Health { output: ok: Bool  ensures: ok = true }
  operation Admin { input: x: Int  ensures: n' = x }
  operation Ready { ensures: n' = 1 }
  operation Metrics { output: c: Int  ensures: c = n }
  operation Inc { ensures: n' = n + 1 }
  operation Docs { output: c: Int  ensures: c = n }
  operation Administrators { output: c: Int  ensures: c = n }
  conventions { Inc.http_path = "/admin/increment" }
)"));
  EXPECT_EQ(built->Codes(),
            (std::vector<std::string>{"E0620", "E0620", "E0620", "E0620", "E0620", "E0620"}));
  EXPECT_EQ(built->Messages()[0],
            "E0620 operation `Health` resolves to route `/health`, which is reserved for the "
            "generated health endpoint");
  EXPECT_EQ(built->Op("Administrators").path, "/administrators");
}

TEST(RouteValidation, PathSyntax) {
  auto built = BuildModel(Spec(R"(
  operation A { input: id: Int  ensures: n' = id }
  operation B { input: id: Int  ensures: n' = id }
  operation C { input: id: Int  ensures: n' = id }
  operation D { input: id: Int  ensures: n' = id }
  conventions {
    A.http_path = "/a/{id}/{id}"
    B.http_path = "/b/{key}"
    C.http_path = "/c/\"quoted\"/{id}"
    D.http_path = "/d//{id}"
  }
)"));
  EXPECT_EQ(built->Codes(), (std::vector<std::string>{"E0621", "E0622", "E0623", "E0624"}));
  EXPECT_EQ(built->Messages()[2],
            "E0623 operation `C`: route `/c/\"quoted\"/{id}` contains the invalid path character `\"`");
}

TEST(RouteValidation, DuplicatesAndShadowing) {
  auto built = BuildModel(Spec(R"(
  operation GetOne { input: key: String  output: c: Int  ensures: c = n }
  operation Other { input: name: String  output: c: Int  ensures: c = n }
  operation Stats { output: c: Int  ensures: c = n }
  conventions {
    GetOne.http_path = "/x/{key}"
    Other.http_path = "/x/{name}"
    Stats.http_path = "/x/stats"
  }
)"));
  // GetOne and Other are indistinguishable; `/x/{key}` also matches `/x/stats` (warning).
  EXPECT_EQ(built->Codes(), (std::vector<std::string>{"E0626", "E0625", "E0626"}));
  // Stats is registered before the catch-alls.
  EXPECT_EQ(built->model.operations[built->model.route_order[0]].name, "Stats");
}

TEST(RouteValidation, RefinementsRuleOutShadowing) {
  auto built = BuildModel(Spec(R"(
  type Code = String where len(value) >= 6
  operation ByCode { input: code: Code  output: c: Int  ensures: c = n }
  operation ById { input: id: Int  output: c: Int  ensures: c = n }
  operation All { output: c: Int  ensures: c = n }
  conventions {
    ByCode.http_path = "/{code}"
    ById.http_path = "/n/{id}"
    All.http_path = "/urls"
  }
)"));
  EXPECT_TRUE(built->Codes().empty()) << ::testing::PrintToString(built->Messages());
}

TEST(RouteValidation, ParameterTypesRedirectsAndSecurity) {
  auto built = BuildModel(Spec(R"(
  operation Find { input: filter: Map[String, Int]  output: c: Int  ensures: c = n }
  operation Go { input: x: Int  output: a: String, b: String  ensures: a = "x" and b = "y" }
  operation Locked { input: x: Int  requires_auth: nobody  ensures: n' = x }
  conventions { Go.http_status_success = 302 }
)"));
  EXPECT_EQ(built->Codes(), (std::vector<std::string>{"E0627", "E0628", "E0629"}));
  EXPECT_EQ(built->Messages()[2],
            "E0629 operation `Locked` requires_auth references undeclared security scheme "
            "`nobody`; no security block is declared");
}

TEST(RouteValidation, NameCollisions) {
  auto built = BuildModel(Spec(R"(
  operation GetItem { output: c: Int  ensures: c = n }
  operation Get_Item { output: c: Int  ensures: c = n }
  conventions { Get_Item.http_path = "/other" }
)"));
  EXPECT_EQ(built->Codes(), std::vector<std::string>{"E0631"});
}

TEST(LintL07, OutputsDroppedBy204) {
  auto built = testing::BuildSpec(Spec(R"(
  operation Remove { input: id: Int  output: gone: Item
    requires: id in items  ensures: id not in items' and gone = pre(items)[id] }
  operation RemoveFlag { input: id: Int  output: ok: Bool
    requires: id in items  ensures: id not in items' and ok = true }
  operation RemoveKept { input: id: Int  output: gone: Item
    requires: id in items  ensures: id not in items' and gone = pre(items)[id] }
  operation Quiet { input: x: Int  output: y: Int  ensures: y = x }
  conventions {
    RemoveKept.http_status_success = 200
    Quiet.http_status_success = 204
  }
)"));
  std::vector<diag::Diagnostic> found =
      testing::RunLint(&check::CheckOutputsDroppedBy204, built->module);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].message,
            "operation `Remove` resolves to HTTP 204 No Content, so its declared outputs "
            "(`gone`) never reach the response; set `Remove.http_status_success = 200` in the "
            "conventions block");
  EXPECT_NE(found[1].message.find("`Quiet`"), std::string::npos);
}

TEST(LintL07, FixturesAreClean) {
  for (std::string_view name : {"url_shortener", "todo_list", "ecommerce", "auth_service"}) {
    std::string text = testing::FixtureText(name);
    if (text.empty()) {
      GTEST_SKIP() << "shared fixtures not found under " << testing::FixtureDir();
    }
    auto built = testing::BuildSpec(text);
    EXPECT_TRUE(testing::RunLint(&check::CheckOutputsDroppedBy204, built->module).empty()) << name;
  }
}

}  // namespace
}  // namespace s2r::convention
