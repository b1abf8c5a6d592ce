// The `python-fastapi` target: builds every context, renders the embedded templates, adds the
// `.spec-snapshot.json`, and returns the FileTree.
#include <algorithm>
#include <memory>
#include <vector>

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
    tables.push_back({{"name", table.name},
                      {"columns", std::move(columns)},
                      {"checks", std::move(checks)},
                      {"uniques", std::move(uniques)}});
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
          {"tables", std::move(tables)},
          {"operations", std::move(operations)}};
}

bool HasGuard(const std::vector<synth::Step>& steps, synth::GuardKind kind) {
  return std::any_of(steps.begin(), steps.end(), [kind](const synth::Step& step) {
    return (step.guard && step.guard->kind == kind) || HasGuard(step.then_steps, kind) ||
           HasGuard(step.else_steps, kind);
  });
}

// The convention model as this target serves it: answers that hand over generated secrets,
// and the 404/409/422 answers that `requires` clauses give (the bodies add the 404s of a row
// read in `ensures` or `the`, once lowered).
convention::ServiceModel TargetModel(const TargetInput& input) {
  convention::ServiceModel model = input.model;
  RevealGeneratedSecrets(model, input.plans);
  for (convention::Operation& op : model.operations) {
    const synth::OperationPlan* plan = synth::FindPlan(input.plans, op.name);
    if (plan == nullptr) continue;
    op.answers_not_found = HasGuard(plan->steps, synth::GuardKind::kMissingKey);
    op.answers_conflict = HasGuard(plan->steps, synth::GuardKind::kConflict);
    op.answers_invalid = HasGuard(plan->steps, synth::GuardKind::kInvalidValue);
  }
  return model;
}

// The python-fastapi derivation of one input: the target model and every lowered body.
class PreparedPythonFastapi final : public PreparedTarget {
 public:
  explicit PreparedPythonFastapi(const TargetInput& input)
      : input_(input), model_(TargetModel(input)) {
    for (convention::Operation& op : model_.operations) {
      const synth::OperationPlan* plan = synth::FindPlan(input_.plans, op.name);
      if (plan == nullptr) continue;  // Generate reports it
      auto body = LowerOperationBody(*plan, input_.module, model_, op);
      if (body) {
        op.answers_not_found = op.answers_not_found || (!plan->stub && body->answers_not_found);
        bodies_.emplace(op.name, std::move(*body));
      } else {
        unrealised_.push_back({op.name, body.error().clause, body.error().reason});
      }
    }
  }

  [[nodiscard]] const std::vector<UnrealisedOperation>& Unrealised() const override {
    return unrealised_;
  }

  [[nodiscard]] Result<FileTree> Generate() const override {
    if (!unrealised_.empty()) {
      const UnrealisedOperation& first = unrealised_.front();
      return Fail(fmt::format("cannot lower operation `{}`: {}", first.operation, first.reason));
    }
    BuildState state{input_, model_, bodies_, {}, {}, {}, {}, {}};
    BuildGroups(state);
    for (auto* build : {&BuildProject, &BuildSecurity, &BuildModels, &BuildSchemas, &BuildServices,
                        &BuildAdmin, &testgen::BuildTestSuite}) {
      if (Result<void> r = build(state); !r) {
        return tl::unexpected(r.error());
      }
    }
    // By template, so that each template is parsed once; the tree orders files by path.
    std::vector<const FileJob*> jobs;
    for (const FileJob& job : state.files) {
      jobs.push_back(&job);
    }
    std::stable_sort(jobs.begin(), jobs.end(), [](const FileJob* a, const FileJob* b) {
      return a->template_path < b->template_path;
    });
    TemplateRenderer renderer(PythonFastapiTemplates(), state.global);
    FileTree tree;
    for (const FileJob* job_pointer : jobs) {
      const FileJob& job = *job_pointer;
      Result<std::string> rendered = renderer.Render(job.template_path, job.context);
      if (!rendered) {
        return tl::unexpected(rendered.error());
      }
      GeneratedFile file{std::move(*rendered), job.ownership, false};
      if (Result<void> added = tree.Add(job.output_path, std::move(file)); !added) {
        return tl::unexpected(added.error());
      }
    }
    if (Result<void> added = tree.Add(".spec-snapshot.json", Snapshot(input_).dump(2) + "\n");
        !added) {
      return tl::unexpected(added.error());
    }
    if (Result<void> added = tree.Add("openapi.yaml", RenderOpenApi(input_.module, model_));
        !added) {
      return tl::unexpected(added.error());
    }
    return tree;
  }

 private:
  const TargetInput& input_;
  convention::ServiceModel model_;
  LoweredBodies bodies_;
  std::vector<UnrealisedOperation> unrealised_;
};

class PythonFastapiTarget final : public Target {
 public:
  [[nodiscard]] std::string_view Name() const override { return "python-fastapi"; }

  [[nodiscard]] std::unique_ptr<PreparedTarget> Prepare(const TargetInput& input) const override {
    return std::make_unique<PreparedPythonFastapi>(input);
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
