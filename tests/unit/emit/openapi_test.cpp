// openapi.yaml of the python-fastapi target: routes, statuses, parameters, schemas, determinism,
// and OpenAPI 3.1 validity (openapi-spec-validator from the test venv, when available).
#include "emit/python_fastapi/openapi.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "unit/convention/model_support.h"

namespace s2r::emit::python_fastapi {
namespace {

using testing::BuildModel;

struct Rendered {
  std::unique_ptr<testing::BuiltModel> built;
  std::string text;
  YAML::Node doc;
};

Rendered Render(const std::string& spec_text) {
  Rendered r;
  r.built = BuildModel(spec_text, convention::Dialect::kSqlite);
  EXPECT_TRUE(r.built->Codes().empty() || !r.built->sink.HasErrors());
  r.text = RenderOpenApi(r.built->spec->module, r.built->model);
  r.doc = YAML::Load(r.text);
  return r;
}

std::string Ref(const YAML::Node& n) { return n["$ref"].as<std::string>(""); }

TEST(OpenApiTest, UrlShortenerRoutesAndStatuses) {
  S2R_FIXTURE_OR_SKIP(text, "url_shortener");
  Rendered r = Render(text);
  const YAML::Node& doc = r.doc;
  EXPECT_EQ(doc["openapi"].as<std::string>(), "3.1.0");
  EXPECT_EQ(doc["info"]["title"].as<std::string>(), "UrlShortener");
  const YAML::Node paths = doc["paths"];
  // Infrastructure and admin routes the app serves.
  EXPECT_TRUE(paths["/health"]["get"]);
  EXPECT_TRUE(paths["/ready"]["get"]["responses"]["503"]);
  EXPECT_TRUE(paths["/metrics"]["get"]["responses"]["200"]["content"]["text/plain"]);
  EXPECT_TRUE(paths["/admin/reset"]["post"]["responses"]["204"]);
  EXPECT_TRUE(paths["/admin/reset"]["post"]["responses"]["401"]);
  EXPECT_TRUE(paths["/admin/state"]["get"]);
  EXPECT_EQ(Ref(paths["/admin/seed/url_mapping"]["post"]["requestBody"]["content"]
                     ["application/json"]["schema"]),
            "#/components/schemas/UrlMappingSeed");

  // POST /shorten: ShortenRequest -> 201 ShortenResponse.
  const YAML::Node shorten = paths["/shorten"]["post"];
  ASSERT_TRUE(shorten);
  EXPECT_EQ(shorten["operationId"].as<std::string>(), "shorten");
  EXPECT_EQ(Ref(shorten["requestBody"]["content"]["application/json"]["schema"]),
            "#/components/schemas/ShortenRequest");
  EXPECT_EQ(Ref(shorten["responses"]["201"]["content"]["application/json"]["schema"]),
            "#/components/schemas/ShortenResponse");
  EXPECT_TRUE(shorten["responses"]["422"]);
  EXPECT_TRUE(shorten["responses"]["409"]);
  EXPECT_FALSE(shorten["responses"]["200"]);

  // GET /{code}: 302 with Location, 404, 422; the ShortCode constraints on the path param.
  const YAML::Node resolve = paths["/{code}"]["get"];
  ASSERT_TRUE(resolve);
  EXPECT_TRUE(resolve["responses"]["302"]["headers"]["Location"]);
  EXPECT_FALSE(resolve["responses"]["302"]["content"]);
  EXPECT_EQ(Ref(resolve["responses"]["404"]["content"]["application/json"]["schema"]),
            "#/components/schemas/ErrorResponse");
  EXPECT_EQ(Ref(resolve["responses"]["422"]["content"]["application/json"]["schema"]),
            "#/components/schemas/HTTPValidationError");
  const YAML::Node code = resolve["parameters"][0];
  EXPECT_EQ(code["name"].as<std::string>(), "code");
  EXPECT_EQ(code["in"].as<std::string>(), "path");
  EXPECT_TRUE(code["required"].as<bool>());
  EXPECT_EQ(code["schema"]["type"].as<std::string>(), "string");
  EXPECT_EQ(code["schema"]["minLength"].as<int>(), 6);
  EXPECT_EQ(code["schema"]["pattern"].as<std::string>(), "^[a-zA-Z0-9]+$");

  // DELETE /{code}: 204 without content, 404.
  const YAML::Node del = paths["/{code}"]["delete"];
  ASSERT_TRUE(del);
  EXPECT_TRUE(del["responses"]["204"]);
  EXPECT_FALSE(del["responses"]["204"]["content"]);
  EXPECT_TRUE(del["responses"]["404"]);

  // GET /urls: paginated list of UrlMappingRead.
  const YAML::Node list = paths["/urls"]["get"];
  ASSERT_TRUE(list);
  const YAML::Node body = list["responses"]["200"]["content"]["application/json"]["schema"];
  EXPECT_EQ(body["type"].as<std::string>(), "array");
  EXPECT_EQ(Ref(body["items"]), "#/components/schemas/UrlMappingRead");
  ASSERT_EQ(list["parameters"].size(), 2u);
  EXPECT_EQ(list["parameters"][0]["name"].as<std::string>(), "limit");
  EXPECT_EQ(list["parameters"][0]["schema"]["maximum"].as<int>(), 100);
  EXPECT_EQ(list["parameters"][1]["name"].as<std::string>(), "offset");
  EXPECT_FALSE(list["responses"]["404"]);

  // Components: the models the app uses, with pydantic's constraints.
  const YAML::Node schemas = doc["components"]["schemas"];
  EXPECT_TRUE(schemas["ErrorResponse"]);
  EXPECT_TRUE(schemas["HTTPValidationError"]);
  EXPECT_TRUE(schemas["ValidationError"]);
  EXPECT_EQ(schemas["ShortenRequest"]["properties"]["url"]["minLength"].as<int>(), 1);
  EXPECT_EQ(schemas["ShortenRequest"]["required"][0].as<std::string>(), "url");
  EXPECT_TRUE(schemas["ShortenResponse"]["properties"]["short_url"]);
  EXPECT_TRUE(schemas["UrlMappingRead"]["properties"]["id"]);
  EXPECT_FALSE(schemas["UrlMappingRead"]["properties"]["code"]["minLength"]);
  EXPECT_EQ(schemas["UrlMappingSeed"]["properties"]["click_count"]["minimum"].as<int>(), 0);
  // Not served by any route: not documented.
  EXPECT_FALSE(schemas["UrlMappingCreate"]);
  EXPECT_FALSE(schemas["UrlMappingUpdate"]);
  EXPECT_TRUE(doc["components"]["securitySchemes"]["AdminBearer"]);
}

TEST(OpenApiTest, TodoListRoutes) {
  S2R_FIXTURE_OR_SKIP(text, "todo_list");
  Rendered r = Render(text);
  const YAML::Node paths = r.doc["paths"];
  const YAML::Node create = paths["/todos"]["post"];
  ASSERT_TRUE(create);
  EXPECT_TRUE(create["responses"]["201"]);
  EXPECT_EQ(Ref(create["responses"]["201"]["content"]["application/json"]["schema"]),
            "#/components/schemas/TodoRead");
  const YAML::Node get = paths["/todos/{id}"]["get"];
  ASSERT_TRUE(get);
  EXPECT_TRUE(get["responses"]["404"]);
  EXPECT_EQ(get["parameters"][0]["schema"]["type"].as<std::string>(), "integer");
  const YAML::Node list = paths["/todos"]["get"];
  ASSERT_TRUE(list);
  bool has_filter = false;
  bool has_limit = false;
  for (const YAML::Node& p : list["parameters"]) {
    if (p["name"].as<std::string>() == "status_filter") {
      has_filter = true;
      EXPECT_FALSE(p["required"].as<bool>());
      EXPECT_TRUE(p["schema"]["anyOf"]);
    }
    has_limit = has_limit || p["name"].as<std::string>() == "limit";
  }
  EXPECT_TRUE(has_filter);
  EXPECT_TRUE(has_limit);
  for (const char* action : {"start", "complete", "reopen", "archive"}) {
    const YAML::Node t = paths[std::string("/todos/{id}/") + action]["post"];
    ASSERT_TRUE(t) << action;
    EXPECT_TRUE(t["responses"]["404"]) << action;
    EXPECT_TRUE(t["responses"]["409"]) << action;
  }
  // The Status enum as pydantic renders a Literal.
  const YAML::Node read = r.doc["components"]["schemas"]["TodoRead"];
  ASSERT_TRUE(read);
  EXPECT_TRUE(read["properties"]["status"]["enum"]);
}

// A Set input of a GET route is a repeated query parameter that may be absent (the empty set):
// not required and not nullable, as FastAPI reports `Query(default_factory=list)`.
TEST(OpenApiTest, SetQueryParametersMayBeAbsent) {
  S2R_FIXTURE_OR_SKIP(text, "set_ops");
  Rendered r = Render(text);
  const YAML::Node merge = r.doc["paths"]["/merge"]["get"];
  ASSERT_TRUE(merge);
  ASSERT_EQ(merge["parameters"].size(), 2u);
  for (const YAML::Node& p : merge["parameters"]) {
    EXPECT_EQ(p["in"].as<std::string>(), "query");
    EXPECT_FALSE(p["required"].as<bool>()) << p["name"].as<std::string>();
    EXPECT_EQ(p["schema"]["type"].as<std::string>(), "array");
    EXPECT_FALSE(p["schema"]["anyOf"]);
  }
  const YAML::Node member = r.doc["paths"]["/membership-in-union/{x}"]["get"];
  ASSERT_TRUE(member);
  EXPECT_TRUE(member["parameters"][0]["required"].as<bool>());  // x, in the path
}

TEST(OpenApiTest, Deterministic) {
  S2R_FIXTURE_OR_SKIP(text, "todo_list");
  Rendered a = Render(text);
  Rendered b = Render(text);
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.text.find("generated by spec-to-rest"), 2u);
}

// Writes the YAML and runs openapi-spec-validator from the test venv
// (`scripts/python-env tests`); skips when the venv or the validator is unavailable.
void ExpectValid(const std::string& yaml, const std::string& name) {
  std::string venv;
  if (const char* env = std::getenv("S2R_VENV"); env != nullptr && *env != '\0') {
    venv = env;
  } else {
    std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
    std::filesystem::path cache = std::getenv("S2R_CACHE_DIR")
                                      ? std::filesystem::path(std::getenv("S2R_CACHE_DIR"))
                                      : std::filesystem::path(home) / ".cache" / "spec-to-rest";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(cache, ec)) {
      if (entry.path().filename().string().rfind("venv-", 0) == 0 &&
          std::filesystem::exists(entry.path() / "bin" / "openapi-spec-validator")) {
        venv = entry.path().string();
        break;
      }
    }
  }
  std::filesystem::path validator = std::filesystem::path(venv) / "bin" / "openapi-spec-validator";
  if (venv.empty() || !std::filesystem::exists(validator)) {
    GTEST_SKIP() << "openapi-spec-validator not found: run `scripts/python-env tests` (or set "
                    "S2R_VENV to a venv that has it) to validate the OpenAPI document";
  }
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("s2r_openapi_" + name + "_" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(file);
    out << yaml;
  }
  std::string cmd = validator.string() + " " + file.string() + " > " + file.string() + ".log 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream log(file.string() + ".log");
  std::string output((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_EQ(rc, 0) << output;
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + ".log");
}

TEST(OpenApiTest, ValidOpenApi31) {
  for (const char* name : {"url_shortener", "todo_list", "auth_service"}) {
    std::string text = testing::FixtureText(name);
    if (text.empty()) continue;
    auto built = BuildModel(text, convention::Dialect::kPostgres);
    ExpectValid(RenderOpenApi(built->spec->module, built->model), name);
    if (::testing::Test::IsSkipped()) return;
  }
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
