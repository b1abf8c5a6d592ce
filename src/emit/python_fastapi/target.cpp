// The `python-fastapi` target: builds every context, renders the embedded templates, adds the
// `.spec-snapshot.json`, and returns the FileTree.
#include <algorithm>

#include <fmt/format.h>

#include "emit/python_fastapi/body_lowering.h"
#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/generated_secrets.h"
#include "emit/python_fastapi/hook_review.h"
#include "emit/python_fastapi/openapi.h"
#include "emit/python_fastapi/testgen/suite.h"
#include "emit/target.h"
#include "emit/template_renderer.h"
#include "emit/template_set.h"

namespace s2r::emit {

const TemplateSet& PythonFastapiTemplates();

namespace python_fastapi {
namespace {

using nlohmann::json;

json Snapshot(const TargetInput& in) {
  const convention::ServiceModel& model = in.model;
  json tables = json::array();
  for (const convention::Table& table : model.schema.tables) {
    json columns = json::array();
    for (const convention::Column& column : table.columns) {
      columns.push_back({{"name", column.name},
                         {"type", column.canonical_sql_type},
                         {"nullable", column.nullable},
                         {"primary_key", column.primary_key}});
    }
    json checks = json::array();
    for (const convention::CheckConstraint& check : table.checks) {
      checks.push_back({{"name", check.name}, {"sql", check.canonical_sql}});
    }
    json uniques = json::array();
    for (const convention::UniqueConstraint& unique : table.uniques) {
      uniques.push_back({{"name", unique.name}, {"columns", unique.columns}});
    }
    tables.push_back({{"name", table.name}, {"columns", columns}, {"checks", checks},
                      {"uniques", uniques}});
  }
  json operations = json::array();
  for (const convention::Operation& op : model.operations) {
    operations.push_back({{"name", op.name},
                          {"method", convention::MethodName(op.method)},
                          {"path", op.path},
                          {"status", op.status},
                          {"response", convention::ResponseKindName(op.response.kind)}});
  }
  return {{"spec", in.spec_name},
          {"service", model.name},
          {"dialect", convention::DialectName(model.dialect)},
          {"tables", tables},
          {"operations", operations}};
}

bool HasGuard(const std::vector<synth::Step>& steps, synth::GuardKind kind) {
  return std::any_of(steps.begin(), steps.end(), [kind](const synth::Step& step) {
    return (step.guard && step.guard->kind == kind) || HasGuard(step.then_steps, kind) ||
           HasGuard(step.else_steps, kind);
  });
}

// The convention model as this target serves it: answers that hand over generated secrets,
// and the 404/409/422 answers that `requires` clauses and the bodies (a row read in `ensures`,
// `the`) give.
convention::ServiceModel TargetModel(const TargetInput& input) {
  convention::ServiceModel model = input.model;
  RevealGeneratedSecrets(model, input.plans);
  for (convention::Operation& op : model.operations) {
    const synth::OperationPlan* plan = synth::FindPlan(input.plans, op.name);
    if (plan == nullptr) continue;
    bool body_answers_404 = false;
    if (!plan->stub) {
      auto body = LowerOperationBody(*plan, input.module, model, op);
      body_answers_404 = body && body->answers_not_found;
    }
    op.answers_not_found = HasGuard(plan->steps, synth::GuardKind::kMissingKey) || body_answers_404;
    op.answers_conflict = HasGuard(plan->steps, synth::GuardKind::kConflict);
    op.answers_invalid = HasGuard(plan->steps, synth::GuardKind::kInvalidValue);
  }
  return model;
}

class PythonFastapiTarget final : public Target {
 public:
  [[nodiscard]] std::string_view Name() const override { return "python-fastapi"; }

  [[nodiscard]] std::vector<UnrealisedOperation> UnrealisedOperations(
      const TargetInput& input) const override {
    std::vector<UnrealisedOperation> unrealised;
    convention::ServiceModel model = TargetModel(input);
    for (const convention::Operation& op : model.operations) {
      const synth::OperationPlan* plan = synth::FindPlan(input.plans, op.name);
      if (plan == nullptr || plan->stub) continue;
      auto body = LowerOperationBody(*plan, input.module, model, op);
      if (!body) {
        unrealised.push_back({op.name, body.error().clause, body.error().reason});
      }
    }
    return unrealised;
  }

  [[nodiscard]] Result<FileTree> Generate(const TargetInput& input) const override {
    convention::ServiceModel model = TargetModel(input);
    BuildState state{input, model, {}, {}, {}, {}, {}};
    BuildGroups(state);
    for (auto* build : {&BuildProject, &BuildSecurity, &BuildModels, &BuildSchemas, &BuildServices,
                        &BuildAdmin, &testgen::BuildTestSuite}) {
      if (Result<void> r = build(state); !r) {
        return tl::unexpected(r.error());
      }
    }
    const TemplateSet& templates = PythonFastapiTemplates();
    FileTree tree;
    for (const FileJob& job : state.files) {
      const std::string* text = templates.Find(job.template_path);
      if (text == nullptr) {
        return Fail(fmt::format("python-fastapi: missing template {}", job.template_path));
      }
      json context = state.global;
      for (const auto& [key, value] : job.context.items()) {
        context[key] = value;
      }
      Result<std::string> rendered = RenderTemplate(job.template_path, *text, context);
      if (!rendered) {
        return tl::unexpected(rendered.error());
      }
      GeneratedFile file{std::move(*rendered), job.ownership, false};
      if (Result<void> added = tree.Add(job.output_path, std::move(file)); !added) {
        return tl::unexpected(added.error());
      }
    }
    if (Result<void> added = tree.Add(".spec-snapshot.json", Snapshot(input).dump(2) + "\n");
        !added) {
      return tl::unexpected(added.error());
    }
    if (Result<void> added = tree.Add("openapi.yaml", RenderOpenApi(input.module, model));
        !added) {
      return tl::unexpected(added.error());
    }
    return tree;
  }

  void ReviewUserFiles(const TargetInput& input, const std::vector<ExistingUserFile>& files,
                       const SourceManager& sources, diag::DiagnosticSink& sink) const override {
    for (const ExistingUserFile& file : files) {
      if (file.path == kHooksModulePath) {
        ReviewHooks(input.model, sources, file.source, sink);
      }
    }
  }
};

}  // namespace
}  // namespace python_fastapi

const Target* FindTarget(std::string_view name) {
  static const python_fastapi::PythonFastapiTarget kPythonFastapi;
  if (name == kPythonFastapi.Name()) {
    return &kPythonFastapi;
  }
  return nullptr;
}

std::vector<std::string> TargetNames() { return {"python-fastapi"}; }

}  // namespace s2r::emit
