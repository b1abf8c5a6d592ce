// Security schemes in the python-fastapi target: the dependencies app/security.py defines, the
// routes that depend on them, the credential settings, pyjwt, and openapi.yaml's
// securitySchemes / security / 401 (examples/secured_notes.spec: JWT bearer, ApiKey header,
// Basic, two OR sets).
#include "emit/python_fastapi/security.h"

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "emit/python_fastapi/openapi.h"
#include "emit/target.h"
#include "synth/synth.h"
#include "unit/convention/model_support.h"
#include "unit/support/spec_files.h"

namespace s2r::emit::python_fastapi {
namespace {

using testing::BuildModel;

struct Generated {
  std::unique_ptr<testing::BuiltModel> built;
  FileTree tree;

  [[nodiscard]] std::string File(const std::string& path) const {
    const GeneratedFile* file = tree.Find(path);
    EXPECT_NE(file, nullptr) << path;
    return file == nullptr ? std::string() : file->content;
  }
};

Generated Generate(const std::string& text) {
  Generated out;
  out.built = BuildModel(text, convention::Dialect::kSqlite);
  EXPECT_FALSE(out.built->sink.HasErrors()) << ::testing::PrintToString(out.built->Messages());
  diag::CollectingSink sink;
  std::vector<synth::OperationPlan> plans =
      synth::DerivePlans(out.built->spec->module, out.built->spec->sources, sink, {});
  TargetInput input{out.built->spec->module, out.built->model, plans, "notes.spec", text, {}};
  Result<FileTree> tree = FindTarget("python-fastapi")->Prepare(input)->Generate();
  EXPECT_TRUE(tree.has_value()) << (tree ? "" : tree.error().message);
  if (tree) out.tree = std::move(*tree);
  return out;
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(PythonSecurity, DependencyPerSchemeAndPerOrSet) {
  auto built = BuildModel(testing::ReadSpec("secured_notes"));
  std::vector<AuthDependency> deps = AuthDependencies(built->model);
  std::vector<std::string> names;
  for (const AuthDependency& d : deps) names.push_back(d.function);
  EXPECT_EQ(names, (std::vector<std::string>{"require_token", "require_key", "require_login",
                                             "require_key_or_login", "require_token_or_login"}));
  // DeleteNote says `login, token`: the set keeps declaration order.
  const AuthDependency* del = FindAuthDependency(deps, built->Op("DeleteNote"));
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->function, "require_token_or_login");
  EXPECT_EQ(FindAuthDependency(deps, built->Op("ListNotes")), nullptr);
}

TEST(PythonSecurity, DependencyNamesNeverClash) {
  auto built = BuildModel(R"(service S {
  entity Item { name: String }
  state { items: Int -> lone Item  n: Int }
  security {
    admin: Bearer
    a: Basic
    b: Basic
    a_or_b: Basic
  }
  operation Inc { requires_auth: a, b  ensures: n' = n + 1 }
}
)");
  std::vector<std::string> names;
  for (const AuthDependency& d : AuthDependencies(built->model)) names.push_back(d.function);
  EXPECT_EQ(names, (std::vector<std::string>{"require_admin_2", "require_a", "require_b",
                                             "require_a_or_b", "require_a_or_b_2"}));
}

TEST(PythonSecurity, SettingsDescriptionsAndChallenges) {
  auto built = BuildModel(testing::ReadSpec("secured_notes"));
  const convention::ServiceModel& m = built->model;
  std::vector<AuthSetting> jwt = SchemeSettings(*m.FindSecurity("token"));
  ASSERT_EQ(jwt.size(), 2u);
  EXPECT_EQ(jwt[0].attr, "jwt_secret");
  EXPECT_EQ(jwt[0].py_type, "SecretStr | None");
  EXPECT_EQ(jwt[1].env, "JWT_ALGORITHM");
  EXPECT_EQ(jwt[1].env_default, "HS256");
  std::vector<AuthSetting> basic = SchemeSettings(*m.FindSecurity("login"));
  ASSERT_EQ(basic.size(), 2u);
  EXPECT_EQ(basic[0].attr, "auth_basic_login_username");
  EXPECT_EQ(basic[0].py_type, "str | None");
  EXPECT_EQ(basic[1].env, "AUTH_BASIC_LOGIN_PASSWORD");
  EXPECT_EQ(SchemeSettings(*m.FindSecurity("key"))[0].env, "AUTH_KEY_KEY");
  EXPECT_EQ(SchemeDescription(*m.FindSecurity("key")),
            "API key in the X-API-Key header, equal to AUTH_KEY_KEY.");
  EXPECT_EQ(SchemeChallenge(*m.FindSecurity("login"), m.name), "Basic realm=\"SecuredNotes\"");
  EXPECT_EQ(SchemeChallenge(*m.FindSecurity("token"), m.name), "Bearer");
}

TEST(PythonSecurity, GeneratedProject) {
  Generated g = Generate(testing::ReadSpec("secured_notes"));
  std::string security = g.File("app/security.py");
  EXPECT_TRUE(Has(security, "import jwt\n")) << security;
  EXPECT_TRUE(Has(security, "class _OptionalBasic(HTTPBasic):"));
  EXPECT_TRUE(Has(security, "_scheme_key = APIKeyHeader(\n    name=\"X-API-Key\",\n"
                            "    scheme_name=\"key\",\n"));
  EXPECT_TRUE(Has(security, "_scheme_token = HTTPBearer(\n    bearerFormat=\"JWT\",\n"
                            "    scheme_name=\"token\",\n"));
  EXPECT_TRUE(Has(security, "_scheme_login = _OptionalBasic(\n    scheme_name=\"login\",\n"));
  EXPECT_TRUE(Has(security, "jwt.decode(credential.credentials, secret, "
                            "algorithms=[settings.jwt_algorithm])"));
  EXPECT_TRUE(Has(security, "async def require_key_or_login(\n"
                            "    key: Annotated[str | None, Depends(_scheme_key)],\n"
                            "    login: Annotated[HTTPBasicCredentials | None, "
                            "Depends(_scheme_login)],\n) -> None:"));
  EXPECT_TRUE(Has(security, "    if not (_check_key(key) or _check_login(login)):\n"
                            "        raise _unauthorized("
                            "\"ApiKey, Basic realm=\\\"SecuredNotes\\\"\")"));
  EXPECT_TRUE(Has(security, "def require_admin("));

  std::string router = g.File("app/routers/notes.py");
  EXPECT_TRUE(Has(router, "@router.post(\"/notes\", status_code=201, responses=AUTH_RESPONSES, "
                          "dependencies=[Depends(require_token)])"))
      << router;
  EXPECT_TRUE(Has(router, "dependencies=[Depends(require_token_or_login)])"));
  EXPECT_TRUE(Has(router, "@router.get(\"/notes\", status_code=200)"));
  EXPECT_TRUE(Has(router, "from app.security import AUTH_RESPONSES, require_key_or_login,"));

  std::string config = g.File("app/config.py");
  EXPECT_TRUE(Has(config, "    jwt_secret: SecretStr | None = None\n"));
  EXPECT_TRUE(Has(config, "    jwt_algorithm: str = \"HS256\"\n"));
  EXPECT_TRUE(Has(config, "    auth_key_key: SecretStr | None = None\n"));
  EXPECT_TRUE(Has(config, "    auth_basic_login_username: str | None = None\n"));
  std::string env = g.File(".env.example");
  EXPECT_TRUE(Has(env, "\nJWT_SECRET=\n"));
  EXPECT_TRUE(Has(env, "\nJWT_ALGORITHM=HS256\n"));
  EXPECT_TRUE(Has(env, "\nAUTH_BASIC_LOGIN_PASSWORD=\n"));
  EXPECT_TRUE(Has(g.File("pyproject.toml"), "    \"pyjwt>=2.10\",\n"));
  EXPECT_TRUE(Has(g.File("README.md"), "- `POST /notes`: CreateNote (authentication: `token`)"));
  EXPECT_TRUE(Has(g.File("README.md"), "## Authentication"));
}

TEST(PythonSecurity, NoSchemesNoAuthCode) {
  Generated g = Generate(R"(service S {
  entity Item { name: String }
  state { items: Int -> lone Item  n: Int }
  operation Inc { ensures: n' = n + 1 }
}
)");
  std::string security = g.File("app/security.py");
  EXPECT_TRUE(Has(security, "def require_admin("));
  EXPECT_FALSE(Has(security, "AUTH_RESPONSES"));
  EXPECT_FALSE(Has(security, "import jwt"));
  EXPECT_FALSE(Has(security, "from typing import Annotated, Any"));
  EXPECT_FALSE(Has(g.File("pyproject.toml"), "pyjwt"));
  EXPECT_FALSE(Has(g.File("app/config.py"), "jwt_secret"));
  EXPECT_FALSE(Has(g.File("README.md"), "## Authentication"));
}

TEST(PythonSecurity, OpenApiSchemesAndRequirements) {
  auto built = BuildModel(testing::ReadSpec("secured_notes"));
  YAML::Node doc = YAML::Load(RenderOpenApi(built->spec->module, built->model));
  YAML::Node schemes = doc["components"]["securitySchemes"];
  EXPECT_EQ(schemes["token"]["type"].as<std::string>(), "http");
  EXPECT_EQ(schemes["token"]["scheme"].as<std::string>(), "bearer");
  EXPECT_EQ(schemes["token"]["bearerFormat"].as<std::string>(), "JWT");
  EXPECT_EQ(schemes["key"]["type"].as<std::string>(), "apiKey");
  EXPECT_EQ(schemes["key"]["in"].as<std::string>(), "header");
  EXPECT_EQ(schemes["key"]["name"].as<std::string>(), "X-API-Key");
  EXPECT_EQ(schemes["login"]["scheme"].as<std::string>(), "basic");
  EXPECT_TRUE(schemes["AdminBearer"]);

  YAML::Node create = doc["paths"]["/notes"]["post"];
  ASSERT_EQ(create["security"].size(), 1u);
  EXPECT_TRUE(create["security"][0]["token"].IsSequence());
  EXPECT_TRUE(create["responses"]["401"]["headers"]["WWW-Authenticate"]);
  YAML::Node get = doc["paths"]["/notes/{id}"]["get"];
  ASSERT_EQ(get["security"].size(), 2u);
  EXPECT_TRUE(get["security"][0]["key"]);
  EXPECT_TRUE(get["security"][1]["login"]);
  EXPECT_TRUE(get["responses"]["401"]);
  YAML::Node list = doc["paths"]["/notes"]["get"];
  EXPECT_FALSE(list["security"]);
  EXPECT_FALSE(list["responses"]["401"]);
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
