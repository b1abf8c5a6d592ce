// Security schemes in the service model: kinds and arguments, each operation's accepted set,
// and scheme names that would collide in the generated service (E0631).
#include <gtest/gtest.h>

#include "convention/dump.h"
#include "unit/convention/model_support.h"

namespace s2r::convention {
namespace {

using testing::BuildModel;

constexpr std::string_view kSpec = R"(service S {
  entity Item { name: String }
  state { items: Int -> lone Item  n: Int }
  security {
    jwt: Bearer(bearer_format: "jwt")
    opaque: Bearer
    typed: Bearer(bearer_format: "opaque")
    header_key: ApiKey(header: "X-API-Key")
    query_key: ApiKey(query: "api_key")
    cookie_key: ApiKey(cookie: "session")
    basicLogin: Basic
  }
  operation Open { ensures: n' = n + 1 }
  operation One { requires_auth: jwt  ensures: n' = n + 1 }
  operation Either { requires_auth: header_key, jwt  ensures: n' = n + 1 }
  operation Repeated { requires_auth: jwt, header_key, jwt  ensures: n' = n + 1 }
  operation Undeclared { requires_auth: missing, opaque  ensures: n' = n + 1 }
}
)";

TEST(SecurityModel, SchemeKindsAndArguments) {
  auto built = BuildModel(kSpec);
  const ServiceModel& m = built->model;
  ASSERT_EQ(m.security.size(), 7u);
  const SecuritySchemeModel* jwt = m.FindSecurity("jwt");
  ASSERT_NE(jwt, nullptr);
  // bearer_format compares case-insensitively and is kept as written.
  EXPECT_EQ(jwt->kind, SecurityKind::kBearerJwt);
  EXPECT_EQ(jwt->bearer_format, "jwt");
  EXPECT_EQ(m.FindSecurity("opaque")->kind, SecurityKind::kBearerToken);
  EXPECT_EQ(m.FindSecurity("opaque")->bearer_format, "");
  EXPECT_EQ(m.FindSecurity("typed")->kind, SecurityKind::kBearerToken);
  EXPECT_EQ(m.FindSecurity("typed")->bearer_format, "opaque");
  const SecuritySchemeModel* header = m.FindSecurity("header_key");
  EXPECT_EQ(header->kind, SecurityKind::kApiKey);
  EXPECT_EQ(header->location, ApiKeyLocation::kHeader);
  EXPECT_EQ(header->parameter_name, "X-API-Key");
  EXPECT_EQ(m.FindSecurity("query_key")->location, ApiKeyLocation::kQuery);
  EXPECT_EQ(m.FindSecurity("query_key")->parameter_name, "api_key");
  EXPECT_EQ(m.FindSecurity("cookie_key")->location, ApiKeyLocation::kCookie);
  const SecuritySchemeModel* basic = m.FindSecurity("basicLogin");
  EXPECT_EQ(basic->kind, SecurityKind::kBasic);
  EXPECT_EQ(basic->snake, "basic_login");
  EXPECT_EQ(m.FindSecurity("nothing"), nullptr);
  EXPECT_EQ(SecurityKindName(SecurityKind::kBearerJwt), "Bearer");
  EXPECT_EQ(ApiKeyLocationName(ApiKeyLocation::kCookie), "cookie");
}

TEST(SecurityModel, AcceptedSchemesAreOneSetInDeclarationOrder) {
  auto built = BuildModel(kSpec);
  EXPECT_TRUE(built->Op("Open").auth.empty());
  EXPECT_EQ(built->Op("One").auth, (std::vector<std::string>{"jwt"}));
  EXPECT_EQ(built->Op("Either").auth, (std::vector<std::string>{"jwt", "header_key"}));
  EXPECT_EQ(built->Op("Repeated").auth, built->Op("Either").auth);
  // The undeclared name is an error and is not part of the set.
  EXPECT_EQ(built->Codes(), (std::vector<std::string>{"E0629"}));
  EXPECT_EQ(built->Op("Undeclared").auth, (std::vector<std::string>{"opaque"}));
}

TEST(SecurityModel, DumpShowsArguments) {
  auto built = BuildModel(kSpec);
  std::string yaml = DumpModelYaml(built->model);
  EXPECT_NE(yaml.find("name: jwt\n    kind: Bearer\n    bearer_format: jwt\n    verify: jwt"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("name: query_key\n    kind: ApiKey\n    in: query\n    parameter: api_key"),
            std::string::npos)
      << yaml;
}

TEST(SecurityModel, SchemesWhoseSnakeNamesAgreeCollide) {
  auto built = BuildModel(R"(service S {
  entity Item { name: String }
  state { items: Int -> lone Item  n: Int }
  security {
    apiKey: ApiKey(header: "A")
    api_key: ApiKey(header: "B")
  }
  operation Inc { requires_auth: api_key  ensures: n' = n + 1 }
}
)");
  EXPECT_EQ(built->Messages(),
            (std::vector<std::string>{
                "E0631 security schemes `apiKey` and `api_key` both map to the settings and "
                "dependency name `api_key`"}));
}

}  // namespace
}  // namespace s2r::convention
