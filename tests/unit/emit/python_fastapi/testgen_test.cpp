// The conformance-suite generator: spec expressions as Python (py_expr), the suite files of a
// generated project, and `--no-tests`.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "emit/python_fastapi/testgen/py_expr.h"
#include "emit/target.h"
#include "unit/support/build_spec.h"
#include "unit/support/planned_spec.h"

namespace s2r::emit::python_fastapi::testgen {
namespace {

constexpr const char* kCounters = R"(service Counters {
  enum Status { OPEN, CLOSED }
  entity Ticket {
    id: Int
    title: String where len(value) >= 1
    status: Status
    opened_at: DateTime
    closed_at: Option[DateTime]
    tags: Set[String]
  }
  state {
    tickets: Int -> lone Ticket
    next_id: Int
  }
  operation Open {
    input: title: String, tags: Set[String]
    output: ticket: Ticket
    requires: len(title) >= 1
    ensures:
      ticket.id = pre(next_id)
      ticket.title = title
      ticket.status = OPEN
      ticket.tags = tags
      ticket.opened_at = now()
      next_id' = pre(next_id) + 1
      tickets' = pre(tickets) + {ticket.id -> ticket}
      ticket.id in tickets'
  }
  operation Close {
    input: id: Int, note: Option[String]
    output: ticket: Ticket
    requires:
      id in tickets
      tickets[id].status = OPEN
    ensures:
      ticket = pre(tickets)[id] with { status = CLOSED }
      note != none implies ticket.title = pre(tickets)[id].title
      ticket.closed_at = none
      ticket.opened_at <= pre(tickets)[id].opened_at
      #tickets' = #pre(tickets)
      ticket.tags = {}
  }
  operation Drop {
    input: id: Int
    requires: id in tickets
    ensures:
      id not in tickets'
      all k in tickets' | k != id
      let n = #pre(tickets) in #tickets' = n - 1
  }
  invariant fresh: all k in tickets | k < next_id
  invariant boundedTrue: #tickets <= 1000 iff true
  invariant boundedFalse: false iff #tickets > 1000
  invariant counted: #tickets > 0 iff next_id > 0
}
)";

// The ensures (or requires) conjuncts of one operation, top-level `and` not split.
const ir::Expr& Clause(const ir::Module& module, std::string_view op, std::size_t i,
                       bool ensures = true) {
  const ir::Operation* found = module.FindOperation(op);
  EXPECT_NE(found, nullptr);
  return ensures ? found->ensures_exprs.at(i) : found->requires_exprs.at(i);
}

PyEnv CallEnv(const ir::Module& module) {
  PyEnv env;
  env.module = &module;
  env.pre_state = "pre";
  env.post_state = "post";
  env.now = "now";
  env.inputs = {{"title", "title"}, {"tags", "tags"}, {"id", "id_"}, {"note", "note"}};
  env.outputs = {{"ticket", "body"}};
  return env;
}

std::string Py(const ir::Module& module, std::string_view op, std::size_t i) {
  auto text = TranslateText(Clause(module, op, i), CallEnv(module));
  EXPECT_TRUE(text.has_value()) << (text ? "" : text.error().reason);
  return text ? *text : "";
}

class PyExprTest : public ::testing::Test {
 protected:
  void SetUp() override {
    built_ = s2r::testing::BuildSpec(kCounters);
    ASSERT_FALSE(built_->sink.HasErrors()) << built_->Messages();
  }
  const ir::Module& module() const { return built_->module; }
  std::unique_ptr<s2r::testing::BuiltSpec> built_;
};

TEST_F(PyExprTest, OutputEqualsInputAndFieldSetToLiteral) {
  EXPECT_EQ(Py(module(), "Open", 1), R"(body["title"] == title)");
  EXPECT_EQ(Py(module(), "Open", 2), R"(body["status"] == "OPEN")");
  EXPECT_EQ(Py(module(), "Open", 3), R"(support.same_set(body["tags"], tags))");
}

TEST_F(PyExprTest, CountersReadPreAndPostState) {
  EXPECT_EQ(Py(module(), "Open", 0), R"(body["id"] == pre["next_id"])");
  EXPECT_EQ(Py(module(), "Open", 5), R"(post["next_id"] == pre["next_id"] + 1)");
}

TEST_F(PyExprTest, MapInsertAndMembership) {
  EXPECT_EQ(Py(module(), "Open", 6),
            R"(support.same_map(post["tickets"], {**pre["tickets"], **{body["id"]: body}}, )"
            R"(spec_model.ROW_SHAPES["Ticket"]))");
  EXPECT_EQ(Py(module(), "Open", 7), R"(body["id"] in post["tickets"])");
  EXPECT_EQ(Py(module(), "Drop", 0), R"(id_ not in post["tickets"])");
}

TEST_F(PyExprTest, NowIsTheObservedWindow) {
  EXPECT_EQ(Py(module(), "Open", 4), R"(support.same_instant(body["opened_at"], now))");
}

TEST_F(PyExprTest, EntityValuesCompareAsRows) {
  EXPECT_EQ(Py(module(), "Close", 0),
            R"(support.same_row(body, {**pre["tickets"][id_], "status": "CLOSED"}, )"
            R"(spec_model.ROW_SHAPES["Ticket"]))");
}

TEST_F(PyExprTest, ImpliesNegatesItsAntecedentTheRuffWay) {
  EXPECT_EQ(Py(module(), "Close", 1),
            R"(note is None or body["title"] == pre["tickets"][id_]["title"])");
  EXPECT_EQ(Py(module(), "Close", 2), R"(body["closed_at"] is None)");
}

TEST_F(PyExprTest, InstantsOrderThroughTheHelper) {
  EXPECT_EQ(Py(module(), "Close", 3),
            R"(support.ordered(body["opened_at"], "<=", pre["tickets"][id_]["opened_at"]))");
}

TEST_F(PyExprTest, CardinalityEmptinessQuantifiersAndLet) {
  EXPECT_EQ(Py(module(), "Close", 4), R"(len(post["tickets"]) == len(pre["tickets"]))");
  EXPECT_EQ(Py(module(), "Close", 5), R"(len(body["tags"]) == 0)");
  EXPECT_EQ(Py(module(), "Drop", 1), R"(all(k != id_ for k in post["tickets"]))");
  EXPECT_EQ(Py(module(), "Drop", 2),
            R"((lambda n: len(post["tickets"]) == n - 1)(len(pre["tickets"])))");
}

TEST_F(PyExprTest, RequiresNegationForTheExpectedStatus) {
  PyEnv env = CallEnv(module());
  env.post_state.clear();
  env.now.clear();
  auto missing = TranslateNegation(Clause(module(), "Close", 0, false), env);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->text, R"(id_ not in pre["tickets"])");
  auto wrong = TranslateNegation(Clause(module(), "Close", 1, false), env);
  ASSERT_TRUE(wrong.has_value());
  EXPECT_EQ(wrong->text, R"(pre["tickets"][id_]["status"] != "OPEN")");
}

TEST_F(PyExprTest, UnobservableNamesAreSkipsWithReasons) {
  PyEnv env = CallEnv(module());
  env.pre_state.clear();
  auto counter = TranslateText(Clause(module(), "Open", 0), env);
  ASSERT_FALSE(counter.has_value());
  EXPECT_NE(counter.error().reason.find("pre state of `next_id`"), std::string::npos)
      << counter.error().reason;
  env = CallEnv(module());
  env.now.clear();
  auto clock = TranslateText(Clause(module(), "Open", 4), env);
  ASSERT_FALSE(clock.has_value());
  EXPECT_NE(clock.error().reason.find("now()"), std::string::npos);
}

TEST_F(PyExprTest, InvariantsReadThePostState) {
  PyEnv env;
  env.module = &module();
  env.post_state = "post";
  env.bare_reads_post = true;
  auto text = TranslateText(module().invariants.at(0).expr, env);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, R"(all(k < post["next_id"] for k in post["tickets"]))");
}

TEST_F(PyExprTest, IffWithABoolLiteralIsTheOtherSideOrItsNegation) {
  PyEnv env;
  env.module = &module();
  env.post_state = "post";
  env.bare_reads_post = true;
  auto translate = [&](std::size_t i) {
    auto text = TranslateText(module().invariants.at(i).expr, env);
    EXPECT_TRUE(text.has_value());
    return text ? *text : "";
  };
  EXPECT_EQ(translate(1), R"(bool(len(post["tickets"]) <= 1000))");
  EXPECT_EQ(translate(2), R"(not len(post["tickets"]) > 1000)");
  EXPECT_EQ(translate(3), R"(bool(len(post["tickets"]) > 0) == bool(post["next_id"] > 0))");
}

TEST(PyNames, LocalsAvoidKeywordsBuiltinsAndTestNames) {
  EXPECT_EQ(PyLocalName("id"), "id_");
  EXPECT_EQ(PyLocalName("class"), "class_");
  EXPECT_EQ(PyLocalName("pre"), "pre_");
  EXPECT_EQ(PyLocalName("l"), "l_");
  EXPECT_EQ(PyLocalName("code"), "code");
  EXPECT_EQ(PyFunctionName("isValidURI"), "is_valid_uri");
}

// A spec every stage accepts (the one above exercises the translator only).
constexpr const char* kTickets = R"(service Tickets {
  enum Status { OPEN, CLOSED }
  entity Ticket {
    id: Int
    title: String where len(value) >= 1
    status: Status
  }
  state {
    tickets: Int -> lone Ticket
    next_id: Int
  }
  transition Lifecycle {
    entity: Ticket
    field: status
    OPEN -> CLOSED via Close
  }
  operation Open {
    input: title: String
    output: ticket: Ticket
    requires: len(title) >= 1
    ensures:
      ticket.id = pre(next_id)
      ticket.title = title
      ticket.status = OPEN
      next_id' = pre(next_id) + 1
      tickets' = pre(tickets) + {ticket.id -> ticket}
  }
  operation Close {
    input: id: Int
    output: ticket: Ticket
    requires:
      id in tickets
      tickets[id].status = OPEN
    ensures:
      ticket = pre(tickets)[id] with { status = CLOSED }
      tickets' = pre(tickets) + {id -> ticket}
  }
  invariant positive: next_id > 0
  invariant fresh: all k in tickets | k < next_id
  conventions {
    Close.http_method = "POST"
    Close.http_path = "/tickets/{id}/close"
  }
}
)";

// A whole project in memory: which tests/ files exist, with and without `--no-tests`.
Result<FileTree> Generate(const char* spec_text, const char* name, bool no_tests) {
  auto planned = s2r::testing::PlanSpecText(spec_text, name);
  if (!planned->Ok()) return Fail("spec did not build");
  TargetOptions options;
  options.no_tests = no_tests;
  return FindTarget("python-fastapi")->Prepare(planned->Input(options))->Generate();
}

TEST(ConformanceSuite, EmittedByDefault) {
  Result<FileTree> tree = Generate(kTickets, "tickets.spec", false);
  ASSERT_TRUE(tree.has_value()) << tree.error().message;
  for (const char* file :
       {"tests/__init__.py", "tests/conftest.py", "tests/support.py", "tests/spec_model.py",
        "tests/test_health.py", "tests/test_structural_tickets.py",
        "tests/test_behavioral_tickets.py", "tests/_testgen_skips.json"}) {
    EXPECT_NE(tree->Find(file), nullptr) << file;
  }
  const std::string& model = tree->Find("tests/spec_model.py")->content;
  EXPECT_NE(model.find(R"(INT_KEYED_STATE: frozenset[str] = frozenset({"tickets"}))"),
            std::string::npos)
      << model;
  EXPECT_NE(model.find(R"(return bool(all(k < post["next_id"] for k in post["tickets"])))"),
            std::string::npos)
      << model;
  const std::string& behavioral = tree->Find("tests/test_behavioral_tickets.py")->content;
  EXPECT_NE(behavioral.find("def test_close_in_required_state() -> None:"), std::string::npos);
  EXPECT_NE(behavioral.find("id_ = make_tickets(data)"), std::string::npos) << behavioral;
  EXPECT_NE(behavioral.find("def test_close_in_wrong_status() -> None:"), std::string::npos);
  EXPECT_NE(behavioral.find("def test_open_rejects_invalid_title() -> None:"), std::string::npos);
  const std::string& readme = tree->Find("README.md")->content;
  EXPECT_NE(readme.find("## Testing"), std::string::npos);
  const std::string& skips = tree->Find("tests/_testgen_skips.json")->content;
  EXPECT_NE(skips.find("\"behavioral_skipped\""), std::string::npos) << skips;
}

TEST(ConformanceSuite, NoTestsOmitsTheDirectory) {
  Result<FileTree> tree = Generate(kTickets, "tickets_no_tests.spec", true);
  ASSERT_TRUE(tree.has_value()) << tree.error().message;
  for (const auto& [path, file] : tree->files()) {
    EXPECT_NE(path.rfind("tests/", 0), 0u) << path;
  }
  EXPECT_EQ(tree->Find("README.md")->content.find("## Testing"), std::string::npos);
}

}  // namespace
}  // namespace s2r::emit::python_fastapi::testgen
