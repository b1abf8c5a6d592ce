// tests/: the static files, tests/spec_model.py, the structural family and the skip list.
#include "emit/python_fastapi/testgen/suite.h"

#include <set>

#include <fmt/format.h>

#include "convention/expr_util.h"
#include "convention/naming.h"
#include "emit/python_fastapi/imports.h"
#include "emit/python_fastapi/names.h"
#include "emit/python_fastapi/testgen/suite_internal.h"
#include "ir/infer_type.h"

namespace s2r::emit::python_fastapi::testgen {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Examples per Hypothesis test in the default `conformance` profile: keeps a whole run of the
// suite within about a minute for the example specs.
constexpr int kMaxExamples = 25;

std::string Compact(const ir::Expr& expr) { return convention::ExprText(expr); }

// Which state fields /admin/state cannot show as their spec value (admin.cpp's projection).
void FindUnobservableState(SuiteContext& ctx) {
  for (const convention::StateBinding& binding : ctx.model.state) {
    switch (binding.storage) {
      case convention::StateStorage::kJunctionTable:
        ctx.unobservable_state[binding.name] = fmt::format(
            "state `{}` lives in a junction table, which /admin/state lists as raw rows",
            binding.name);
        break;
      case convention::StateStorage::kForeignKeyColumn:
        ctx.unobservable_state[binding.name] = fmt::format(
            "state `{}` maps entities to entities, which /admin/state shows as keys",
            binding.name);
        break;
      case convention::StateStorage::kEntityRows:
      case convention::StateStorage::kEntityColumns:
      case convention::StateStorage::kScalarColumn:
      case convention::StateStorage::kStateColumn:
      case convention::StateStorage::kSetting:
        break;
    }
  }
}

struct FunctionDef {
  std::string name;
  std::vector<ir::Param> params;
  const ir::Expr* body = nullptr;
  bool predicate = false;
};

// Spec functions and predicates (a user predicate shadows the preamble one of the same name).
std::vector<FunctionDef> CollectFunctions(const ir::Module& module) {
  std::vector<FunctionDef> defs;
  std::set<std::string> seen;
  for (const ir::Function& f : module.functions) {
    if (seen.insert(f.name).second) defs.push_back({f.name, f.params, &f.body, false});
  }
  for (const ir::Predicate& p : module.predicates) {
    if (seen.insert(p.name).second) defs.push_back({p.name, p.params, &p.body, true});
  }
  return defs;
}

// tests/spec_model.py: functions, invariants, row shapes; records invariant skips.
json SpecModelContext(SuiteContext& ctx) {
  std::vector<FunctionDef> defs = CollectFunctions(ctx.module);
  // Fixpoint: a function is defined when its body translates, given the ones defined so far.
  for (const FunctionDef& def : defs) ctx.functions[def.name] = "";
  std::map<std::string, std::string> bodies;
  for (bool changed = true; changed;) {
    changed = false;
    for (const FunctionDef& def : defs) {
      if (!ctx.functions[def.name].empty()) continue;
      PyEnv env = ctx.Env();
      env.model_prefix = "";
      auto body = TranslateText(*def.body, env);
      if (!body) {
        ctx.functions[def.name] = body.error().reason;
        changed = true;
      } else {
        bodies[def.name] = *body;
      }
    }
  }
  ImportBlock imports;
  imports.From("collections.abc", "Callable").From("tests", "support").From("tests.support",
                                                                             "State");
  json functions = json::array();
  for (const FunctionDef& def : defs) {
    if (!ctx.functions[def.name].empty()) continue;
    std::string params;
    std::string spec_params;
    for (const ir::Param& p : def.params) {
      params += (params.empty() ? "" : ", ") + PyLocalName(p.name) + ": Any";
      spec_params += (spec_params.empty() ? "" : ", ") + p.name;
    }
    imports.From("typing", "Any");
    std::string body = bodies[def.name];
    functions.push_back(
        {{"signature", fmt::format("{}({}) = {}", def.name, spec_params, Compact(*def.body))},
         {"py_name", PyFunctionName(def.name)},
         {"params", params},
         {"returns", def.predicate ? "bool" : "Any"},
         {"body", def.predicate ? "bool(" + body + ")" : body}});
  }

  json invariants = json::array();
  PyEnv env = ctx.Env();
  env.model_prefix = "";
  env.post_state = "post";
  env.bare_reads_post = true;
  auto add_invariant = [&](const std::string& name, const ir::Expr& expr, const std::string& kind,
                           const std::string& py_stem) {
    auto body = TranslateText(expr, env);
    if (!body) {
      for (const char* family : {"structural", "behavioral"}) {
        ctx.Skip(family, "<invariants>", kind, Compact(expr), body.error().reason);
      }
      return;
    }
    invariants.push_back({{"name", name},
                          {"name_literal", PyString(name)},
                          {"text", Compact(expr)},
                          {"py_name", py_stem},
                          {"body", *body}});
  };
  for (std::size_t i = 0; i < ctx.module.invariants.size(); ++i) {
    const ir::Invariant& inv = ctx.module.invariants[i];
    std::string name = inv.name.value_or(fmt::format("invariant_{}", i));
    add_invariant(name, inv.expr, fmt::format("invariant[{}]", name),
                  "invariant_" + convention::ToSnakeCase(name));
  }
  for (const ir::Temporal& temporal : ctx.module.temporals) {
    std::string kind = fmt::format("temporal[{}]", temporal.name);
    switch (temporal.kind) {
      case ir::TemporalKind::kAlways:
        add_invariant("always " + temporal.name, temporal.body, kind,
                      "always_" + convention::ToSnakeCase(temporal.name));
        break;
      case ir::TemporalKind::kEventually:
        for (const char* family : {"structural", "behavioral"}) {
          ctx.Skip(family, "<temporals>", kind, Compact(temporal.body),
                   "eventually(...) is a property of whole runs; one call cannot witness it");
        }
        break;
      case ir::TemporalKind::kFairness:
      case ir::TemporalKind::kInvalid:
        for (const char* family : {"structural", "behavioral"}) {
          ctx.Skip(family, "<temporals>", kind, Compact(temporal.body),
                   "fairness is not observable by black-box tests");
        }
        break;
    }
  }

  std::set<std::string> int_keyed;
  if (ctx.module.state) {
    for (const ir::StateField& field : *ctx.module.state) {
      const ir::Type& t = ir::Unwrapped(field.type);
      if ((t.kind == ir::TypeKind::kRelation || t.kind == ir::TypeKind::kMap) && !t.args.empty() &&
          ir::Unwrapped(t.args[0]).kind == ir::TypeKind::kInt) {
        int_keyed.insert(field.name);
      }
    }
  }
  std::string keyed;
  for (const std::string& name : int_keyed) keyed += (keyed.empty() ? "" : ", ") + PyString(name);
  json shapes = json::array();
  for (const convention::Entity& entity : ctx.model.entities) {
    std::string fields;
    if (entity.synthesized_id) fields += PyString(entity.primary_key) + ": \"value\"";
    for (const convention::EntityField& field : entity.fields) {
      bool stored = field.storage == convention::FieldStorage::kColumn ||
                    field.storage == convention::FieldStorage::kJsonColumn;
      if (!stored || (!field.ref_entity.empty() && !field.is_id) || field.sensitive) continue;
      fields += fmt::format("{}{}: \"{}\"", fields.empty() ? "" : ", ", PyString(field.name),
                            FieldShape(field.type));
    }
    shapes.push_back(fmt::format("{}: {{{}}}", PyString(entity.name), fields));
  }
  std::set<std::string> reserved = {".",     "..",   "health",  "ready",       "metrics",
                                    "docs",  "redoc", "admin",  "openapi.json"};
  for (const convention::Operation& op : ctx.model.operations) {
    std::size_t start = 0;
    while (start <= op.path.size()) {
      std::size_t end = op.path.find('/', start);
      if (end == std::string::npos) end = op.path.size();
      std::string part = op.path.substr(start, end - start);
      if (!part.empty() && part.front() != '{') reserved.insert(part);
      start = end + 1;
    }
  }
  std::string reserved_list;
  for (const std::string& part : reserved) {
    reserved_list += (reserved_list.empty() ? "" : ", ") + PyString(part);
  }
  return {{"imports", imports.Render()},
          {"reserved_segments", "frozenset({" + reserved_list + "})"},
          {"int_keyed", keyed.empty() ? "frozenset()" : "frozenset({" + keyed + "})"},
          {"row_shapes", shapes},
          {"row_shapes_open", shapes.empty() ? "{" : "{"},
          {"row_shapes_close", shapes.empty() ? "}" : "\n}"},
          {"functions", functions},
          {"invariants", invariants}};
}

// A regex whose class escapes mean different things to JSON Schema (ECMA-262), pydantic (Rust
// `regex`, Unicode) and Python `re` (Unicode, str.isspace): `\s` admits U+0085 in the last two
// only, `\d` admits every Unicode digit in the last two only.
bool DialectSensitive(std::string_view regex) {
  for (std::size_t i = 0; i + 1 < regex.size(); ++i) {
    if (regex[i] == '\\') {
      char next = regex[i + 1];
      if (next == 's' || next == 'S' || next == 'd' || next == 'D' || next == 'w' ||
          next == 'W' || next == 'b' || next == 'B') {
        return true;
      }
      ++i;
    }
  }
  return false;
}

std::string SensitivePattern(const convention::Operation& op) {
  for (const convention::Parameter& p : op.params) {
    for (const convention::Constraints* c : {&p.validation.value, &p.validation.element}) {
      for (const convention::Pattern& pattern : c->patterns) {
        if (DialectSensitive(pattern.regex)) return pattern.regex;
      }
    }
  }
  return "";
}

bool SameSpan(const Span& a, const Span& b) { return a.begin == b.begin && a.end == b.end; }

// True when `conjunct` became a constraint of some input's schema (a `requires` atom on one
// input, reduced for pydantic and openapi.yaml alike).
bool CapturedBySchema(const convention::Operation& op, const ir::Expr& conjunct) {
  for (const convention::Parameter& p : op.params) {
    const convention::Constraints& c = p.validation.value;
    for (const auto* bound :
         {c.minimum ? &*c.minimum : nullptr, c.maximum ? &*c.maximum : nullptr}) {
      if (bound != nullptr && SameSpan(bound->span, conjunct.span)) return true;
    }
    for (const auto* length :
         {c.min_length ? &*c.min_length : nullptr, c.max_length ? &*c.max_length : nullptr}) {
      if (length != nullptr && SameSpan(length->span, conjunct.span)) return true;
    }
    for (const convention::Pattern& pattern : c.patterns) {
      if (SameSpan(pattern.span, conjunct.span)) return true;
    }
    if (!c.allowed_values.empty() && SameSpan(c.allowed_values_span, conjunct.span)) return true;
  }
  return false;
}

// A `requires` conjunct on the inputs alone that openapi.yaml cannot state (`x in (a union b)`):
// the service answers 422 to schema-valid requests that break it. Empty when there is none.
std::string UnstatedPrecondition(const SuiteContext& ctx, const convention::Operation& op) {
  std::vector<const ir::Expr*> conjuncts;
  for (const ir::Expr& clause : ctx.module.operations[op.ir_index].requires_exprs) {
    convention::SplitAnd(clause, conjuncts);
  }
  for (const ir::Expr* c : conjuncts) {
    if (c->kind == ir::ExprKind::kBoolLit) continue;
    bool state = false;
    ir::ForEachSubexpression(*c, [&](const ir::Expr& e) {
      state = state || (e.kind == ir::ExprKind::kIdentifier && e.ref == ir::RefKind::kStateField);
    });
    if (!state && !CapturedBySchema(op, *c)) return Compact(*c);
  }
  return "";
}

json StructuralContext(SuiteContext& ctx) {
  ImportBlock imports;
  imports.From("pathlib", "Path").From("typing", "Any").Import("schemathesis");
  imports.From("tests", "spec_model");
  imports.From("tests.support", "BASE_URL");
  ctx.Skip("structural", "<generation>", "generation[allow_x00]", "strings containing NUL",
           "PostgreSQL text cannot hold NUL, so the service answers 422 for it; openapi.yaml "
           "does not state that, so Schemathesis draws no NUL characters");
  json excluded = json::array();
  for (const convention::Operation& op : ctx.model.operations) {
    std::vector<std::pair<std::string, std::string>> checks;  // (check, reason)
    std::string regex = SensitivePattern(op);
    if (!regex.empty()) {
      std::string reason = fmt::format(
          "pattern {} uses a class escape (\\s, \\d, \\w, \\b) that JSON Schema (ECMA-262) "
          "reads differently from the service's pydantic and Python regex engines, so "
          "schema-valid requests may be rejected and invalid ones accepted",
          PyRegex(regex));
      checks.emplace_back("positive_data_acceptance", reason);
      checks.emplace_back("negative_data_rejection", reason);
    }
    std::string unstated = UnstatedPrecondition(ctx, op);
    if (!unstated.empty() && regex.empty()) {
      checks.emplace_back(
          "positive_data_acceptance",
          fmt::format("requires `{}` constrains the inputs beyond what openapi.yaml can state, "
                      "so the service answers 422 to schema-valid requests that break it",
                      unstated));
    }
    if (checks.empty()) continue;
    std::string names;
    std::string reasons;
    for (const auto& [check, reason] : checks) {
      ctx.Skip("structural", op.name, fmt::format("check[{}]", check), check, reason);
      imports.From("schemathesis.specs.openapi.checks", check);
      names += (names.empty() ? "" : ", ") + check;
      if (reasons.find(reason) == std::string::npos) {
        reasons += (reasons.empty() ? "" : "; ") + reason;
      }
    }
    std::string label = fmt::format("{} {}", convention::MethodName(op.method), op.path);
    excluded.push_back({{"label", PyString(label)},
                        {"reason", fmt::format("{}: {}", op.name, reasons)},
                        {"checks", names}});
  }
  return {{"imports", imports.Render()},
          {"excluded", excluded},
          {"excluded_open", "{"},
          {"excluded_close", excluded.empty() ? "}" : "\n}"}};
}

std::string SkipsJson(const SuiteContext& ctx) {
  ordered_json out;
  out["version"] = 1;
  out["service"] = ctx.model.name;
  for (const char* family : {"structural", "behavioral"}) {
    ordered_json list = ordered_json::array();
    for (const SkipEntry& skip : ctx.skips) {
      if (skip.family != family) continue;
      list.push_back({{"operation", skip.operation},
                      {"kind", skip.kind},
                      {"clause", skip.clause},
                      {"reason", skip.reason}});
    }
    out[std::string(family) + "_skipped"] = list;
  }
  return out.dump(2) + "\n";
}

}  // namespace

Result<void> BuildTestSuite(BuildState& state) {
  state.global["has_tests"] = !state.in.options.no_tests;
  if (state.in.options.no_tests) {
    return {};
  }
  SuiteContext ctx{state.in.module, state.model, state.in.plans, {}, {}, {}};
  FindUnobservableState(ctx);
  state.global["max_examples"] = std::to_string(kMaxExamples);
  for (const char* path : {"tests/__init__.py", "tests/conftest.py", "tests/support.py",
                           "tests/test_health.py"}) {
    state.files.push_back({std::string(path) + ".mustache", path, json::object()});
  }
  state.files.push_back(
      {"tests/spec_model.py.mustache", "tests/spec_model.py", SpecModelContext(ctx)});
  state.files.push_back({"tests/test_structural.py.mustache",
                         fmt::format("tests/test_structural_{}.py", state.model.snake),
                         StructuralContext(ctx)});
  BuildBehavioral(ctx, state.files);
  state.files.push_back({"tests/_testgen_skips.json.mustache", "tests/_testgen_skips.json",
                         {{"skips_json", SkipsJson(ctx)}}});
  return {};
}

}  // namespace s2r::emit::python_fastapi::testgen
