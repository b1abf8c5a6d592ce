// python-fastapi target: names, literals, import blocks, and a few context values of a whole
// generated project (in-memory FileTree).
#include <yaml-cpp/yaml.h>

#include <gtest/gtest.h>

#include "unit/support/planned_spec.h"
#include "unit/support/spec_files.h"

#include <memory>
#include <optional>
#include <string>

#include "emit/python_fastapi/imports.h"
#include "emit/python_fastapi/names.h"
#include "emit/target.h"

namespace s2r::emit::python_fastapi {
namespace {

TEST(PythonNames, EscapesKeywordsAndBuiltins) {
  EXPECT_EQ(EscapeAttr("class"), "class_");
  EXPECT_EQ(EscapeAttr("match"), "match_");
  EXPECT_EQ(EscapeAttr("id"), "id");
  EXPECT_EQ(EscapeLocal("id"), "id_");
  EXPECT_EQ(EscapeLocal("list"), "list_");
  EXPECT_EQ(EscapeLocal("code"), "code");
}

TEST(PythonLiterals, Strings) {
  EXPECT_EQ(PyString("a\"b\\c\n"), R"("a\"b\\c\n")");
  EXPECT_EQ(PyString(std::string("\x01\x7f", 2)), R"("\x01\x7f")");
}

TEST(PythonLiterals, Regexes) {
  EXPECT_EQ(PyRegex("^[a-z]+$"), R"(r"^[a-z]+$")");
  EXPECT_EQ(PyRegex(R"(a"b)"), R"("a\"b")");
  EXPECT_EQ(PyRegex(R"(ab\)"), R"("ab\\")");
  EXPECT_EQ(AnchoredRegex("^[a-z]+$"), "^[a-z]+$");
  EXPECT_EQ(AnchoredRegex("[a-z]+"), "^(?:[a-z]+)$");
  EXPECT_EQ(AnchoredRegex(R"(^a\$)"), R"(^(?:^a\$)$)");
  EXPECT_EQ(SqlString(R"(it's \d)", false), R"('it''s \d')");
  EXPECT_EQ(SqlString(R"(it's \d)", true), R"('it''s \\d')");
}

TEST(PythonImports, IsortOrder) {
  ImportBlock block;
  block.Import("sqlalchemy", "sa").FromAll("typing", "cast", "Protocol");
  block.FromAll("app.pagination", "pagination", "Pagination").Import("datetime");
  block.AddLine("from app.services import _runtime as _rt");
  block.AddLine("from app.config import settings, MAX");
  EXPECT_EQ(block.Render(),
            "import datetime\nfrom typing import Protocol, cast\n\n"
            "import sqlalchemy as sa\n\n"
            "from app.config import MAX, settings\n"
            "from app.pagination import Pagination, pagination\n"
            "from app.services import _runtime as _rt");
}

TEST(PythonImports, ExplodesLongLines) {
  ImportBlock block;
  block.FromAll("app.schemas.a_very_long_module_name", "AlphaBetaGammaCreate",
                "AlphaBetaGammaRead", "AlphaBetaGammaUpdate", "AlphaBetaGammaSeed");
  EXPECT_EQ(block.Render(),
            "from app.schemas.a_very_long_module_name import (\n"
            "    AlphaBetaGammaCreate,\n    AlphaBetaGammaRead,\n    AlphaBetaGammaSeed,\n"
            "    AlphaBetaGammaUpdate,\n)");
}

constexpr const char* kSpec = R"(service Shop {
  entity Item {
    sku: String where len(value) >= 3
    price: Int where value > 0
  }
  state {
    items: String -> lone Item
  }
  operation AddItem {
    input: sku: String, price: Int
    output: item: Item
    requires: sku not in items
    ensures: items' = pre(items) + {sku -> item}
  }
}
)";

// The project generated from `spec` (written to a temporary `<name>.spec`), or nullopt when the
// spec does not build on this front end.
std::optional<FileTree> Generate(const char* spec, const std::string& name) {
  s2r::testing::PlanOptions options;
  options.conventions.dialect = convention::Dialect::kSqlite;
  options.synthesis.allow_stubs = true;
  auto planned = s2r::testing::PlanSpecText(spec, name + ".spec", options);
  if (!planned->Ok()) return std::nullopt;
  Result<FileTree> tree = FindTarget("python-fastapi")->Prepare(planned->Input())->Generate();
  EXPECT_TRUE(tree.has_value()) << tree.error().message;
  if (!tree.has_value()) return std::nullopt;
  return std::move(*tree);
}

TEST(PythonFastapiTarget, GeneratesProjectInMemory) {
  std::optional<FileTree> tree = Generate(kSpec, "shop");
  if (!tree) {
    GTEST_SKIP() << "fixture spec did not build on this front end";
  }
  const GeneratedFile* hooks = tree->Find("app/extensions/hooks.py");
  ASSERT_NE(hooks, nullptr);
  EXPECT_EQ(hooks->ownership, Ownership::kUserOwned);
  const GeneratedFile* models = tree->Find("app/models/item.py");
  ASSERT_NE(models, nullptr);
  EXPECT_NE(models->content.find("class Item(Base):"), std::string::npos);
  EXPECT_NE(models->content.find("sa.Integer()"), std::string::npos);  // sqlite serial id
  const GeneratedFile* schemas = tree->Find("app/schemas/item.py");
  ASSERT_NE(schemas, nullptr);
  EXPECT_NE(schemas->content.find("min_length=3"), std::string::npos);
  EXPECT_NE(schemas->content.find("class ItemRead(BaseModel):"), std::string::npos);
  const GeneratedFile* config = tree->Find("app/config.py");
  ASSERT_NE(config, nullptr);
  EXPECT_NE(config->content.find("sqlite+aiosqlite:///./shop.db"), std::string::npos);
  // 422 answers go through the redaction of sensitive inputs.
  const GeneratedFile* main_py = tree->Find("app/main.py");
  ASSERT_NE(main_py, nullptr);
  EXPECT_NE(main_py->content.find("redact_validation_errors(exc.errors())"), std::string::npos);
  ASSERT_NE(tree->Find(".spec-snapshot.json"), nullptr);
  ASSERT_NE(tree->Find("alembic/versions/001_initial_schema.py"), nullptr);
  // Deterministic.
  std::optional<FileTree> again = Generate(kSpec, "shop");
  ASSERT_TRUE(again.has_value());
  for (const auto& [p, file] : tree->files()) {
    EXPECT_EQ(again->Find(p)->content, file.content) << p;
  }
}

constexpr const char* kParentChildSpec = R"(service Baskets {
  entity Line {
    id: Int
    basket_id: Int
    qty: Int where value > 0
  }
  entity Basket {
    id: Int
    lines: Set[Line]
  }
  state {
    baskets: Int -> lone Basket
    next_id: Int
  }
  operation NewBasket {
    output: basket: Basket
    ensures:
      basket.id = pre(next_id)
      basket.lines = {}
      next_id' = pre(next_id) + 1
      baskets' = pre(baskets) + {basket.id -> basket}
  }
}
)";

// One preparation (target model, lowered bodies) serves any number of Generate calls.
TEST(PythonFastapiTarget, GeneratesFromOnePreparation) {
  auto planned = s2r::testing::PlanSpecText(kParentChildSpec, "prepared_baskets.spec");
  ASSERT_TRUE(planned->Ok()) << planned->sink.diagnostics().size() << " diagnostics";
  TargetInput input = planned->Input();
  std::unique_ptr<PreparedTarget> prepared = FindTarget("python-fastapi")->Prepare(input);
  EXPECT_TRUE(prepared->Unrealised().empty());
  Result<FileTree> first = prepared->Generate();
  Result<FileTree> second = prepared->Generate();
  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_TRUE(second.has_value()) << second.error().message;
  ASSERT_EQ(first->files().size(), second->files().size());
  for (const auto& [p, file] : first->files()) {
    ASSERT_NE(second->Find(p), nullptr) << p;
    EXPECT_EQ(second->Find(p)->content, file.content) << p;
  }
  // Without a plan for NewBasket there is no body to emit: an operational error, not a tree.
  std::vector<synth::OperationPlan> no_plans;
  TargetInput planless{*planned->module, planned->model, no_plans, "baskets.spec",
                       kParentChildSpec, {}};
  Result<FileTree> tree = FindTarget("python-fastapi")->Prepare(planless)->Generate();
  ASSERT_FALSE(tree.has_value());
  EXPECT_NE(tree.error().message.find("NewBasket"), std::string::npos) << tree.error().message;
}

// A collection held in child rows is part of the parent's read view: a read-only relationship
// loaded with the parent, a list in <E>Read and in openapi.yaml, and a refresh before returning.
TEST(PythonFastapiTarget, ChildRowsAreListedInTheReadView) {
  auto planned = s2r::testing::PlanSpecText(kParentChildSpec, "baskets.spec");
  ASSERT_TRUE(planned->Ok()) << planned->sink.diagnostics().size() << " diagnostics";
  TargetInput input = planned->Input();
  Result<FileTree> tree = FindTarget("python-fastapi")->Prepare(input)->Generate();
  ASSERT_TRUE(tree.has_value()) << tree.error().message;
  const std::string& orm = tree->Find("app/models/basket.py")->content;
  EXPECT_NE(orm.find("lines: Mapped[list[Line]] = relationship(viewonly=True, lazy=\"selectin\""),
            std::string::npos) << orm;
  EXPECT_NE(orm.find("from app.models.line import Line"), std::string::npos) << orm;
  const std::string& schema = tree->Find("app/schemas/basket.py")->content;
  EXPECT_NE(schema.find("lines: list[LineRead] = Field(default_factory=list)"), std::string::npos)
      << schema;
  EXPECT_NE(schema.find("from app.schemas.line import LineRead"), std::string::npos) << schema;
  const std::string& service = tree->Find("app/services/basket.py")->content;
  EXPECT_LT(service.find("await self.session.refresh(basket, [\"lines\"])"),
            service.find("return BasketRead.model_validate(basket)")) << service;
  const std::string& openapi = tree->Find("openapi.yaml")->content;
  EXPECT_NE(openapi.find("LineRead:"), std::string::npos) << openapi;
}

// State kept as JSON in service_state goes back to its migration default on /admin/reset: an
// empty map or list, never JSON null (which the bodies cannot index).
TEST(PythonFastapiTarget, AdminResetEmptiesStateCollections) {
  constexpr const char* kTally = R"(service Tally {
  state {
    counts: Int -> lone Int
    log: Seq[Int]
  }
  operation Put {
    input: k: Int, v: Int
    requires: true
    ensures: counts' = pre(counts) + {k -> v}
  }
  operation Log {
    input: v: Int
    requires: true
    ensures: log' = pre(log) + [v]
  }
}
)";
  std::optional<FileTree> tree = Generate(kTally, "tally");
  ASSERT_TRUE(tree.has_value());
  const GeneratedFile* admin = tree->Find("app/routers/admin.py");
  ASSERT_NE(admin, nullptr);
  EXPECT_NE(admin->content.find(".values(counts={}, log=[])"), std::string::npos)
      << admin->content;
}

// openapi.yaml lists 404 for a route without path parameters whose body can answer it: here
// `the` finding no element (not a `requires` clause), and not for the route that cannot.
TEST(PythonFastapiTarget, NotFoundFromABodyIsDocumented) {
  constexpr const char* kPrices = R"(service Prices {
  entity Item {
    id: Int
    price: Int
  }
  state {
    items: Int -> lone Item
  }
  operation Expensive {
    output: found: Int
    ensures: found = the k in items | items[k].price > 100
  }
  operation Count {
    output: n: Int
    ensures: n = #items
  }
}
)";
  std::optional<FileTree> tree = Generate(kPrices, "prices");
  ASSERT_TRUE(tree.has_value());
  YAML::Node doc = YAML::Load(tree->Find("openapi.yaml")->content);
  EXPECT_TRUE(doc["paths"]["/expensive"]["get"]["responses"]["404"]) << doc["paths"];
  EXPECT_FALSE(doc["paths"]["/count"]["get"]["responses"]["404"]) << doc["paths"];
}

// A GET route's Set input is a repeated query parameter; absent, it is the empty set, which the
// operation accepts (`requires: true`), so the route must not answer 422 for it.
TEST(PythonFastapiTarget, SetQueryParametersDefaultToEmpty) {
  constexpr const char* kSets = R"(service Sets {
  state {
    total: Int
  }
  operation Merge {
    input: a: Set[Int], b: Set[Int]
    output: u: Set[Int]
    requires: true
    ensures: u = a union b
  }
}
)";
  std::optional<FileTree> tree = Generate(kSets, "sets");
  ASSERT_TRUE(tree.has_value());
  const GeneratedFile* router = tree->Find("app/routers/state_ops.py");
  ASSERT_NE(router, nullptr);
  EXPECT_NE(router->content.find("a: Annotated[list[int], Query(default_factory=list)],"),
            std::string::npos)
      << router->content;
  EXPECT_EQ(router->content.find("| None"), std::string::npos) << router->content;
}

// Login samples the session's tokens: they are sensitive (hidden from SessionRead) but exist
// nowhere else, so Login and RefreshToken answer SessionWithSecrets; Register's password_hash,
// derived from an input, stays hidden.
TEST(PythonFastapiTarget, GeneratedSecretsAreHandedOverOnce) {
  S2R_SKIP_WITHOUT_SPEC("auth_service");
  auto planned = s2r::testing::PlanSpecFile(s2r::testing::SpecPath("auth_service"));
  ASSERT_TRUE(planned->Ok());
  Result<FileTree> tree = FindTarget("python-fastapi")->Prepare(planned->Input())->Generate();
  ASSERT_TRUE(tree.has_value()) << tree.error().message;
  const std::string& schema = tree->Find("app/schemas/session.py")->content;
  EXPECT_NE(schema.find("class SessionWithSecrets(SessionRead):\n    \"\"\""), std::string::npos)
      << schema;
  EXPECT_NE(schema.find("    access_token: str\n    refresh_token: str\n"), std::string::npos);
  const std::string& users = tree->Find("app/services/user.py")->content;
  EXPECT_NE(users.find("async def login(self, *, email: str, password: str) -> SessionWithSecrets"),
            std::string::npos);
  EXPECT_NE(users.find("async def register(self, *, email: str, password: str, display_name: str) "
                       "-> UserRead"),
            std::string::npos);
  const std::string& user_schema = tree->Find("app/schemas/user.py")->content;
  EXPECT_EQ(user_schema.find("WithSecrets"), std::string::npos) << user_schema;
  const std::string& openapi = tree->Find("openapi.yaml")->content;
  EXPECT_NE(openapi.find("SessionWithSecrets:"), std::string::npos);
  // `email in user_by_email` answers 404 on a route without path parameters: documented.
  std::size_t login = openapi.find("  /auth/login:");
  std::size_t next = openapi.find("\n  /", login + 1);
  ASSERT_NE(login, std::string::npos);
  std::string login_doc = openapi.substr(login, next - login);
  EXPECT_NE(login_doc.find("\"404\":"), std::string::npos) << login_doc;
  std::size_t reg = openapi.find("  /auth/register:");
  std::string register_doc = openapi.substr(reg, openapi.find("\n  /", reg + 1) - reg);
  EXPECT_EQ(register_doc.find("\"404\":"), std::string::npos) << register_doc;
}

}  // namespace
}  // namespace s2r::emit::python_fastapi
