// tests/test_behavioral_<service>.py: per operation, property tests that call it with inputs
// drawn from the spec's types in an arranged state and check its answer against the `requires`
// clauses (the expected status) and its effect against the `ensures` clauses.
#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "convention/expr_util.h"
#include "convention/naming.h"
#include "convention/validation.h"
#include "emit/python_fastapi/imports.h"
#include "emit/python_fastapi/names.h"
#include "emit/python_fastapi/testgen/arrangement.h"
#include "emit/python_fastapi/testgen/strategies.h"
#include "emit/python_fastapi/testgen/suite_internal.h"
#include "synth/expr_util.h"

namespace s2r::emit::python_fastapi::testgen {
namespace {

using nlohmann::json;

constexpr const char* kFamily = "behavioral";

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Text safe inside a """docstring""" (spec clauses may hold backslashes and quotes).
std::string Doc(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

std::string Tuple(const std::set<int>& statuses) {
  std::string out;
  for (int s : statuses) out += (out.empty() ? "" : ", ") + std::to_string(s);
  return "(" + out + (statuses.size() == 1 ? ",)" : ")");
}

struct Input {
  // The input as the API validates it (for an <E>Create body, with the entity field's
  // constraints merged in).
  convention::Parameter param;
  std::string local;     // Python name in the test
  std::string strategy;  // module constant with its strategy
};

// Everything the file needs about one operation.
struct OpSuite {
  const convention::Operation* op = nullptr;
  std::vector<Input> inputs;

  [[nodiscard]] std::string Params() const {
    std::string out;
    for (const Input& in : inputs) out += (out.empty() ? "" : ", ") + in.local + ": Any";
    return out;
  }
  // `a=a, b=b`
  [[nodiscard]] std::string Args() const {
    std::string out;
    for (const Input& in : inputs) out += (out.empty() ? "" : ", ") + in.local + "=" + in.local;
    return out;
  }
  [[nodiscard]] const Input* Find(const std::string& name) const {
    for (const Input& in : inputs) {
      if (in.param.name == name) return &in;
    }
    return nullptr;
  }
};

class BehavioralBuilder {
 public:
  BehavioralBuilder(SuiteContext& ctx)
      : ctx_(ctx), arrangement_(ctx.module, ctx.model, ctx.plans) {}

  void Build(std::vector<FileJob>& files) {
    for (const convention::Operation& op : ctx_.model.operations) {
      if (!arrangement_.Callable(op)) {
        ctx_.Skip(kFamily, op.name, "operation", op.name,
                  op.auth.empty() ? "the operation has no derived body (501 stub)"
                                  : "the operation requires credentials the suite does not have");
        continue;
      }
      auto suite = Inputs(op);
      if (!suite) {
        ctx_.Skip(kFamily, op.name, "operation", op.name, suite.error().reason);
        continue;
      }
      suites_.push_back(std::move(*suite));
    }
    if (suites_.empty()) return;
    json operations = json::array();
    for (const OpSuite& suite : suites_) operations.push_back(Operation(suite));
    json makers = json::array();
    for (const Producer& producer : arrangement_.Producers()) {
      if (const OpSuite* suite = Find(producer.op->name)) makers.push_back(Maker(producer, *suite));
    }
    ImportBlock imports;
    bool any_inputs = !makers.empty();
    for (const OpSuite& suite : suites_) any_inputs = any_inputs || !suite.inputs.empty();
    if (any_inputs) imports.From("typing", "Any");
    imports.Import("httpx").From("hypothesis", "given");
    imports.From("hypothesis", "strategies as st").FromAll("tests", "spec_model", "support");
    imports.FromAll("tests.support", "State", "api");
    files.push_back({"tests/test_behavioral.py.mustache",
                     fmt::format("tests/test_behavioral_{}.py", ctx_.model.snake),
                     {{"imports", imports.Render()},
                      {"strategies", strategies_},
                      {"makers", makers},
                      {"operations", operations}}});
  }

 private:
  const OpSuite* Find(const std::string& op) const {
    for (const OpSuite& s : suites_) {
      if (s.op->name == op) return &s;
    }
    return nullptr;
  }

  Translated<OpSuite> Inputs(const convention::Operation& op) {
    OpSuite suite{&op, {}};
    std::vector<std::string> lines;
    for (convention::Parameter p : op.params) {
      auto strategy = ValidStrategy(p, ctx_.model);
      if (!strategy) {
        return tl::unexpected(
            Skip{fmt::format("input `{}`: {}", p.name, strategy.error().reason)});
      }
      std::string constant = Upper(op.snake + "_" + convention::ToSnakeCase(p.name));
      lines.push_back(fmt::format("{} = {}", constant, *strategy));
      std::string local = PyLocalName(p.name);
      suite.inputs.push_back({std::move(p), local, constant});
    }
    for (std::string& line : lines) strategies_.push_back(std::move(line));
    return suite;
  }

  // `data.draw(CONST, label="Op.input")`
  static std::string Draw(const Input& in, const convention::Operation& op) {
    return fmt::format("data.draw({}, label={})", in.strategy,
                       PyString(op.name + "." + in.param.name));
  }

  // Keyword arguments for calling `suite`'s operation: bound locals where given, else draws.
  static std::string CallArgs(const OpSuite& suite,
                              const std::map<std::string, std::string>& bound) {
    std::string out;
    for (const Input& in : suite.inputs) {
      auto it = bound.find(in.param.name);
      std::string value = it != bound.end() ? it->second : Draw(in, *suite.op);
      out += (out.empty() ? "" : ", ") + in.local + "=" + value;
    }
    return out;
  }

  std::string Request(const OpSuite& suite) const {
    const convention::Operation& op = *suite.op;
    std::string path = op.path;
    bool templated = false;
    for (const Input& in : suite.inputs) {
      if (in.param.location != convention::ParamLocation::kPath) continue;
      std::string placeholder = "{" + in.param.name + "}";
      std::size_t at = path.find(placeholder);
      if (at == std::string::npos) continue;
      path.replace(at, placeholder.size(), "{support.segment(" + in.local + ")}");
      templated = true;
    }
    std::string args = (templated ? "f" : "") + PyString(path);
    std::string body;
    std::string query;
    for (const Input& in : suite.inputs) {
      std::string item = fmt::format("{}: {}", PyString(in.param.name), in.local);
      if (in.param.location == convention::ParamLocation::kBody) {
        body += (body.empty() ? "" : ", ") + item;
      } else if (in.param.location == convention::ParamLocation::kQuery) {
        query += (query.empty() ? "" : ", ") + item;
      }
    }
    bool has_body = op.request.kind != convention::RequestBodyKind::kNone;
    if (has_body) args += ", json={" + body + "}";
    if (!query.empty()) args += ", params=support.query({" + query + "})";
    std::string method(convention::MethodName(op.method));
    if (op.status >= 300 && op.status < 400) {
      return fmt::format("support.unfollowed({}, {})", PyString(method), args);
    }
    if (has_body && (op.method == convention::HttpMethod::kGet ||
                     op.method == convention::HttpMethod::kDelete)) {
      return fmt::format("api.request({}, {})", PyString(method), args);
    }
    std::string lower;
    for (char c : method) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return fmt::format("api.{}({})", lower, args);
  }

  PyEnv InputEnv(const OpSuite& suite) const {
    PyEnv env = ctx_.Env();
    for (const Input& in : suite.inputs) env.inputs[in.param.name] = in.local;
    return env;
  }

  struct Guard {
    int status = 0;
    std::string comment;
    std::optional<std::string> condition;  // when the guard fails; nullopt: not translatable
  };

  // The requires conjuncts and transition rules as ordered guards, for expect_<op>.
  json Expect(const OpSuite& suite) {
    const convention::Operation& op = *suite.op;
    std::vector<Guard> guards;
    PyEnv env = InputEnv(suite);
    env.pre_state = "pre";
    std::vector<const ir::Expr*> conjuncts = arrangement_.Requires(op);
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
      const ir::Expr& c = *conjuncts[i];
      if (synth::IsTrueLiteral(c)) continue;
      Guard guard{arrangement_.GuardStatus(op, c),
                  fmt::format("requires: {}", convention::ExprText(c)), {}};
      auto text = TranslateNegation(c, env);
      if (text) {
        guard.condition = text->text;
      } else {
        ctx_.Skip(kFamily, op.name, fmt::format("requires[{}]", i), convention::ExprText(c),
                  fmt::format("{}; the tests accept a {} answer wherever it might fail",
                              text.error().reason, guard.status));
      }
      guards.push_back(std::move(guard));
    }
    TransitionGuards(suite, env, guards);
    std::stable_sort(guards.begin(), guards.end(),
                     [](const Guard& a, const Guard& b) { return a.status < b.status; });
    json items = json::array();
    std::set<int> unknown;
    for (const Guard& g : guards) {
      if (!g.condition) {
        unknown.insert(g.status);
        continue;
      }
      std::set<int> statuses = unknown;
      statuses.insert(g.status);
      items.push_back(
          {{"comment", g.comment}, {"condition", *g.condition}, {"statuses", Tuple(statuses)}});
    }
    std::set<int> success = unknown;
    success.insert(op.status);
    return {{"guards", items}, {"success", Tuple(success)}};
  }

  // The `from` state and `when` guards of the transition rules this operation is the via of.
  void TransitionGuards(const OpSuite& suite, const PyEnv& base, std::vector<Guard>& guards) {
    const convention::Operation& op = *suite.op;
    for (const ir::Transition& t : ctx_.module.transitions) {
      std::set<std::string> froms;
      std::vector<const ir::TransitionRule*> rules;
      for (const ir::TransitionRule& rule : t.rules) {
        if (rule.via == op.name) {
          froms.insert(rule.from);
          rules.push_back(&rule);
        }
      }
      if (rules.empty()) continue;
      std::string row;
      for (const KeyNeed& need : arrangement_.KeyNeeds(op)) {
        const convention::StateBinding* b = ctx_.model.FindState(need.relation);
        if (b != nullptr && b->entity == t.entity && row.empty()) {
          row = fmt::format("pre[{}][{}]", PyString(need.relation), suite.Find(need.input)->local);
        }
      }
      std::string values;
      for (const std::string& v : froms) values += (values.empty() ? "" : ", ") + PyString(v);
      Guard from{409, fmt::format("transition {}: {} moves {} only from {}", t.name, op.name,
                                  t.field, values), {}};
      if (!row.empty()) {
        from.condition = fmt::format("{}[{}] not in ({}{})", row, PyString(t.field), values,
                                     froms.size() == 1 ? "," : "");
      } else {
        ctx_.Skip(kFamily, op.name, fmt::format("transition[{}]", t.name), t.name,
                  "no `<key> in <relation>` requires names the row the transition moves; the "
                  "tests accept a 409 answer in its place");
      }
      guards.push_back(from);
      for (const ir::TransitionRule* rule : rules) {
        if (!rule->guard) continue;
        std::string text = convention::ExprText(*rule->guard);
        Guard when{409, fmt::format("transition {}: {} -> {} via {} when {}", t.name, rule->from,
                                    rule->to, op.name, text), {}};
        PyEnv env = base;
        env.entity_row = row;
        auto cond = row.empty() ? Translated<PyCode>(tl::unexpected(Skip{"no row"}))
                                : TranslateNegation(*rule->guard, env);
        if (cond) {
          std::string negated = cond->precedence > kPyAnd ? cond->text : "(" + cond->text + ")";
          when.condition = fmt::format("{}[{}] == {} and {}", row, PyString(t.field),
                                       PyString(rule->from), negated);
        } else {
          ctx_.Skip(kFamily, op.name, fmt::format("transition[{}_to_{}]", rule->from, rule->to),
                    text, cond.error().reason + "; the tests accept a 409 answer in its place");
        }
        guards.push_back(when);
      }
    }
  }

  // The ensures conjuncts as assertions, for check_<op>.
  json Checks(const OpSuite& suite) {
    const convention::Operation& op = *suite.op;
    PyEnv env = InputEnv(suite);
    env.pre_state = "pre";
    env.post_state = "post";
    env.now = "now";
    switch (op.response.kind) {
      case convention::ResponseKind::kEntity:
      case convention::ResponseKind::kEntityList:
        for (const std::string& out : op.response.outputs) env.outputs[out] = "body";
        break;
      case convention::ResponseKind::kOutputs:
        for (const std::string& out : op.response.outputs) {
          env.outputs[out] = fmt::format("body[{}]", PyString(out));
        }
        break;
      case convention::ResponseKind::kRedirect:
        if (!op.response.location_output.empty()) {
          env.outputs[op.response.location_output] = "response.headers[\"location\"]";
          env.url_outputs.insert(op.response.location_output);
        }
        break;
      case convention::ResponseKind::kNoContent:
      case convention::ResponseKind::kEmpty:
        break;
    }
    std::vector<const ir::Expr*> conjuncts;
    for (const ir::Expr& clause : arrangement_.Ir(op).ensures_exprs) {
      convention::SplitAnd(clause, conjuncts);
    }
    json lines = json::array();
    static const std::regex kUsesBody(R"(\bbody\b)");
    bool uses_body = false;
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
      const ir::Expr& c = *conjuncts[i];
      std::string text = convention::ExprText(c);
      auto cond = TranslateText(c, env);
      if (!cond) {
        ctx_.Skip(kFamily, op.name, fmt::format("ensures[{}]", i), text, cond.error().reason);
        continue;
      }
      uses_body = uses_body || std::regex_search(*cond, kUsesBody);
      lines.push_back(fmt::format("# ensures[{}]: {}", i, text));
      lines.push_back(fmt::format("assert {}, {}", *cond,
                                  PyString(fmt::format("{} ensures[{}]: {}", op.name, i, text))));
    }
    if (uses_body) lines.insert(lines.begin(), "body = support.body(response)");
    return lines;
  }

  json Test(std::string name, std::string doc, std::vector<std::string> lines,
            std::optional<std::pair<std::set<int>, std::string>> wanted) {
    json w = false;
    if (wanted) {
      w = json{{"statuses", Tuple(wanted->first)}, {"what", PyString(wanted->second)}};
    }
    return {{"test_name", std::move(name)}, {"doc", Doc(doc)}, {"lines", lines},
            {"wanted", w}};
  }

  // Lines that make the key of every key need, and bind them by input name.
  std::optional<std::vector<std::string>> MakeKeys(const OpSuite& suite,
                                                   std::map<std::string, std::string>& bound) {
    std::vector<std::string> lines;
    for (const KeyNeed& need : arrangement_.KeyNeeds(*suite.op)) {
      const Producer* producer = arrangement_.ProducerOf(need.relation);
      if (producer == nullptr || Find(producer->op->name) == nullptr) return std::nullopt;
      const Input* in = suite.Find(need.input);
      lines.push_back(fmt::format("{} = make_{}(data)", in->local, need.relation));
      bound[need.input] = in->local;
    }
    return lines;
  }

  // Arrangement steps along `path` for the key in `local`.
  std::vector<std::string> Steps(const std::vector<StatusStep>& path, const std::string& local) {
    std::vector<std::string> lines;
    for (const StatusStep& step : path) {
      const OpSuite* via = Find(step.via->name);
      if (via == nullptr) continue;
      std::map<std::string, std::string> bound{{step.key_input, local}};
      lines.push_back(fmt::format("support.arranged(call_{}({}), ({},))  # {} -> {}",
                                  via->op->snake, CallArgs(*via, bound), step.via->status,
                                  step.from, step.to));
    }
    return lines;
  }

  using Wanted = std::optional<std::pair<std::set<int>, std::string>>;

  static std::string RunLine(const OpSuite& suite,
                             const std::map<std::string, std::string>& bound) {
    return "seen.append(run_" + suite.op->snake + "(" + CallArgs(suite, bound) + "))";
  }

  json Tests(const OpSuite& suite) {
    json tests = json::array();
    tests.push_back(ResetStateTest(suite));
    if (auto test = RequiredStateTest(suite)) tests.push_back(std::move(*test));
    for (json& test : ViolationTests(suite)) tests.push_back(std::move(test));
    for (json& test : InvalidInputTests(suite)) tests.push_back(std::move(test));
    return tests;
  }

  // The seed state: a missing key answers 404; otherwise the call must succeed.
  json ResetStateTest(const OpSuite& suite) {
    const convention::Operation& op = *suite.op;
    Wanted wanted;
    if (!arrangement_.KeyNeeds(op).empty()) {
      wanted = {{404}, "answered 404 for a missing key"};
    } else {
      bool state_conflicts = false;
      for (const ir::Expr* c : arrangement_.Requires(op)) {
        state_conflicts = state_conflicts ||
                          (!synth::IsTrueLiteral(*c) && arrangement_.GuardStatus(op, *c) == 409);
      }
      if (!state_conflicts) wanted = {{op.status}, "succeeded"};
    }
    return Test(fmt::format("test_{}_on_reset_state", op.snake),
                fmt::format("{} on the seed state.", op.name),
                {"support.reset()", RunLine(suite, {})}, wanted);
  }

  // A state where its requires hold: keys made by producers, the status advanced.
  std::optional<json> RequiredStateTest(const OpSuite& suite) {
    const convention::Operation& op = *suite.op;
    if (arrangement_.KeyNeeds(op).empty()) return std::nullopt;
    std::optional<StatusNeed> status = arrangement_.StatusNeedOf(op);
    std::map<std::string, std::string> bound;
    auto lines = MakeKeys(suite, bound);
    if (!lines) {
      ctx_.Skip(kFamily, op.name, "arrangement", op.name,
                "no operation makes the keys its requires need, so only its answers on the "
                "seed state are checked");
      return std::nullopt;
    }
    bool reachable = true;
    if (status) {
      const Producer* producer = arrangement_.ProducerOf(status->key.relation);
      std::optional<std::vector<StatusStep>> path;
      if (producer != nullptr && producer->initial_status) {
        path = arrangement_.PathTo(status->key.relation, *producer->initial_status,
                                   status->allowed, true);
      }
      if (path) {
        auto steps = Steps(*path, suite.Find(status->key.input)->local);
        lines->insert(lines->end(), steps.begin(), steps.end());
      }
      reachable = path.has_value() && !status->guarded_via;
      if (!reachable) {
        ctx_.Skip(kFamily, op.name, "ensures", op.name,
                  status->guarded_via
                      ? "a transition rule via this operation has a `when` guard that the "
                        "arrangement through operations cannot establish; its ensures are "
                        "checked only in examples where the guard happens to hold"
                      : "no unguarded transition path reaches the status its requires need; "
                        "its ensures are checked only where it happens to hold");
      }
    }
    // Any other state condition is not arranged: it may hold by construction (a new book has
    // all copies available) or never (an item id drawn at random), so examples that reach it
    // are not demanded.
    std::string unarranged = arrangement_.UnarrangedCondition(op);
    if (reachable && !unarranged.empty()) {
      reachable = false;
      ctx_.Skip(kFamily, op.name, "ensures", unarranged,
                fmt::format("the arrangement does not establish `{}`; its ensures are checked "
                            "only in examples where it happens to hold",
                            unarranged));
    }
    lines->insert(lines->begin(), "support.reset()");
    lines->push_back(RunLine(suite, bound));
    Wanted wanted;
    if (reachable) wanted = {{op.status}, "reached a state where its requires hold"};
    return Test(fmt::format("test_{}_in_required_state", op.snake),
                fmt::format("{} where its requires hold.", op.name), *lines, wanted);
  }

  // Violated state requires: a key that exists already, a status outside the allowed ones.
  std::vector<json> ViolationTests(const OpSuite& suite) {
    const convention::Operation& op = *suite.op;
    std::vector<json> tests;
    std::vector<const ir::Expr*> conjuncts = arrangement_.Requires(op);
    std::set<std::size_t> violated;
    for (const KeyConflict& conflict : arrangement_.KeyConflicts(op)) {
      const Producer* producer = arrangement_.ProducerOf(conflict.relation);
      if (producer == nullptr || Find(producer->op->name) == nullptr) continue;
      std::map<std::string, std::string> bound;
      auto lines = MakeKeys(suite, bound);
      if (!lines) continue;
      const Input* in = suite.Find(conflict.input);
      lines->push_back(fmt::format("{} = make_{}(data)", in->local, conflict.relation));
      bound[conflict.input] = in->local;
      lines->insert(lines->begin(), "support.reset()");
      lines->push_back(RunLine(suite, bound));
      std::string text = convention::ExprText(*conjuncts[conflict.clause]);
      tests.push_back(Test(fmt::format("test_{}_requires_{}_violated", op.snake, conflict.clause),
                           fmt::format("{} when `{}` fails.", op.name, text), *lines,
                           std::make_pair(std::set<int>{409}, "violated `" + text + "`")));
      violated.insert(conflict.clause);
    }
    if (auto test = WrongStatusTest(suite, violated)) tests.push_back(std::move(*test));
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
      const ir::Expr& c = *conjuncts[i];
      if (synth::IsTrueLiteral(c) || violated.count(i) > 0) continue;
      if (arrangement_.GuardStatus(op, c) == 409) {
        ctx_.Skip(kFamily, op.name, fmt::format("requires[{}] violated", i),
                  convention::ExprText(c),
                  "checked as the expected status of every call, but no arrangement makes it "
                  "fail on purpose");
      }
    }
    return tests;
  }

  // The row's status moved outside the ones the operation accepts: 409.
  std::optional<json> WrongStatusTest(const OpSuite& suite, std::set<std::size_t>& violated) {
    const convention::Operation& op = *suite.op;
    std::optional<StatusNeed> status = arrangement_.StatusNeedOf(op);
    if (!status || arrangement_.KeyNeeds(op).empty()) return std::nullopt;
    const Producer* producer = arrangement_.ProducerOf(status->key.relation);
    if (producer == nullptr || !producer->initial_status) return std::nullopt;
    auto path = arrangement_.PathTo(status->key.relation, *producer->initial_status,
                                    status->allowed, false);
    std::map<std::string, std::string> bound;
    auto lines = path ? MakeKeys(suite, bound) : std::nullopt;
    if (!lines) return std::nullopt;
    auto steps = Steps(*path, suite.Find(status->key.input)->local);
    lines->insert(lines->end(), steps.begin(), steps.end());
    lines->insert(lines->begin(), "support.reset()");
    lines->push_back(RunLine(suite, bound));
    std::string allowed;
    for (const std::string& v : status->allowed) allowed += (allowed.empty() ? "" : ", ") + v;
    for (std::size_t clause : status->clauses) violated.insert(clause);
    return Test(fmt::format("test_{}_in_wrong_{}", op.snake,
                            convention::ToSnakeCase(status->field)),
                fmt::format("{} when {} is outside {{{}}}.", op.name, status->field, allowed),
                *lines,
                std::make_pair(std::set<int>{409},
                               fmt::format("found {} outside {{{}}}", status->field, allowed)));
  }

  // Inputs that break the spec's own constraints: 422 before anything else.
  std::vector<json> InvalidInputTests(const OpSuite& suite) {
    const convention::Operation& op = *suite.op;
    std::vector<json> tests;
    for (const Input& in : suite.inputs) {
      auto invalid = ViolatingStrategy(in.param, ctx_.model);
      if (!invalid) continue;
      std::string constant = in.strategy + "_INVALID";
      strategies_.push_back(fmt::format("{} = {}", constant, invalid->strategy));
      std::map<std::string, std::string> bound{
          {in.param.name, fmt::format("data.draw({}, label={})", constant,
                                       PyString(op.name + "." + in.param.name))}};
      std::vector<std::string> lines = {
          "pre = spec_model.state()",
          fmt::format("response = call_{}({})", op.snake, CallArgs(suite, bound)),
          fmt::format("assert response.status_code == 422, support.mismatch({}, (422,), response)",
                      PyString(op.name)),
          fmt::format("assert spec_model.state() == pre, {}",
                      PyString(op.name + " was rejected but changed the state")),
          "seen.append(response.status_code)"};
      tests.push_back(Test(
          fmt::format("test_{}_rejects_invalid_{}", op.snake,
                      convention::ToSnakeCase(in.param.name)),
          fmt::format("{} answers 422 when `{}` breaks {}.", op.name, in.param.name,
                      invalid->constraint),
          lines, std::make_pair(std::set<int>{422}, "was rejected")));
    }
    return tests;
  }

  json Operation(const OpSuite& suite) {
    const convention::Operation& op = *suite.op;
    std::string args = suite.Args();
    json expect = Expect(suite);
    json checks = Checks(suite);
    json tests = Tests(suite);
    std::string params = suite.Params();
    return {{"name", op.name},
            {"name_literal", PyString(op.name)},
            {"snake", op.snake},
            {"params", params},
            {"args", args},
            {"args_tail", args.empty() ? "" : ", " + args},
            {"params_tail", params.empty() ? "" : ", " + params},
            {"request", Request(suite)},
            {"guards", expect["guards"]},
            {"success", expect["success"]},
            {"success_status", std::to_string(op.status)},
            {"checks", checks},
            {"unchanged_message", PyString(op.name + " was rejected but changed the state")},
            {"tests", tests}};
  }

  json Maker(const Producer& producer, const OpSuite& suite) {
    std::map<std::string, std::string> bound;
    std::vector<std::string> lines;
    for (const KeyNeed& need : arrangement_.KeyNeeds(*producer.op)) {
      const Input* in = suite.Find(need.input);
      lines.push_back(fmt::format("{} = make_{}(data)", in->local, need.relation));
      bound[need.input] = in->local;
    }
    lines.push_back(fmt::format("response = call_{}({})", producer.op->snake,
                                CallArgs(suite, bound)));
    lines.push_back(fmt::format("support.arranged(response, ({},))", producer.op->status));
    lines.push_back("return " + producer.key_expr);
    return {{"name", "make_" + producer.relation},
            {"doc", fmt::format("A new key of `{}`, made by {}.", producer.relation,
                                producer.op->name)},
            {"lines", lines}};
  }

  SuiteContext& ctx_;
  Arrangement arrangement_;
  std::vector<OpSuite> suites_;
  std::vector<std::string> strategies_;
};

}  // namespace

void BuildBehavioral(SuiteContext& ctx, std::vector<FileJob>& files) {
  BehavioralBuilder builder(ctx);
  builder.Build(files);
}

}  // namespace s2r::emit::python_fastapi::testgen
