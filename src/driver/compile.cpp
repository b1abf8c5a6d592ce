// compile and diff: parse -> build -> lints -> ServiceModel -> synthesis plans -> [verify] ->
// target -> Writer. Nothing is written when any stage fails.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <variant>

#include <fmt/format.h>

#include "convention/convention.h"
#include "driver/commands.h"
#include "driver/front_end.h"
#include "driver/user_files.h"
#include "driver/verifier.h"
#include "emit/target.h"
#include "emit/writer.h"
#include "synth/synth.h"
#include "verify/report.h"
#include "verify/verify.h"

namespace s2r::driver {
namespace {

bool EmitDiagnostics(const CommonOptions& common, const SourceManager& sources,
                     const diag::CollectingSink& sink) {
  std::vector<diag::Diagnostic> sorted = sink.Sorted();
  if (common.json_diagnostics) {
    std::cerr << diag::RenderJson(sorted, sources);
  } else {
    for (const diag::Diagnostic& d : sorted) {
      std::cerr << diag::Render(d, sources, common.render) << "\n";
    }
  }
  return sink.HasErrors();
}

struct Generated {
  emit::FileTree tree;
};

// Verification gate: the verify engineer plugs the SMT checks in here. Returns false (after
// reporting) when verification fails; `--ignore-verify` skips it.
// The verification gate (seed page, "Verify-as-gate"): any failing, unknown or skipped check
// blocks code generation with the verifier's exit code; --ignore-verify bypasses it with a
// warning. Returns 0 when generation may proceed.
int VerifyGate(const ir::Module& module, const SourceManager& sources,
               const CommonOptions& common, const CompileOptions& options) {
  if (options.ignore_verify) {
    std::cerr << "warning: verification skipped (--ignore-verify); the generated service may "
                 "break its invariants\n";
    return kExitOk;
  }
  Result<const verify::EntryPoints*> verifier = LoadVerifier();
  if (!verifier) {
    std::cerr << "error: " << verifier.error().message << "\n";
    return kExitBackend;
  }
  verify::GateResult gate = (*verifier)->run_gate(module, {});
  if (gate.Passed()) {
    return kExitOk;
  }
  verify::TextOptions text;
  text.color = common.render.color;
  text.quiet = true;
  text.spec_path = options.spec_path;
  std::cerr << verify::RenderText(gate.report, sources, text);
  std::cerr << fmt::format("error: compile blocked by verification ({}); nothing was written. "
                           "Fix the spec, or pass --ignore-verify to generate anyway\n",
                           verify::ExitLabel(gate.exit_code));
  return gate.exit_code;
}

// Runs every stage; returns the tree or an exit code.
std::variant<Generated, int> Pipeline(const CommonOptions& common, const CompileOptions& options) {
  if (options.framework != "fastapi" || options.lang != "python" ||
      (options.db != "postgres" && options.db != "sqlite" && options.db != "mysql")) {
    std::cerr << fmt::format(
        "error: unsupported combination --framework {} --lang {} --db {}\n"
        "supported: --framework fastapi --lang python --db postgres|sqlite|mysql\n",
        options.framework, options.lang, options.db);
    return kExitUsage;
  }
  convention::ConventionOptions conv;
  conv.dialect = options.db == "sqlite"  ? convention::Dialect::kSqlite
                 : options.db == "mysql" ? convention::Dialect::kMysql
                                         : convention::Dialect::kPostgres;
  SourceManager sources;
  diag::CollectingSink sink;
  FrontEndResult front = RunFrontEnd(sources, options.spec_path, sink);
  if (!front.loaded) {
    std::cerr << diag::Render(diag::FileNotFound(Span{}, options.spec_path, front.load_error),
                              sources, common.render);
    return kExitUsage;
  }
  if (sink.HasErrors() || !front.module) {
    EmitDiagnostics(common, sources, sink);
    return kExitSpecError;
  }
  const ir::Module& module = *front.module;
  convention::ServiceModel model = convention::BuildServiceModel(module, conv, sink);
  if (sink.HasErrors()) {
    EmitDiagnostics(common, sources, sink);
    return kExitSpecError;
  }
  synth::SynthOptions synth_options;
  synth_options.allow_stubs = options.allow_stubs;
  std::vector<synth::OperationPlan> plans =
      synth::DerivePlans(module, sources, sink, synth_options);
  const emit::Target* target = emit::FindTarget("python-fastapi");
  std::string spec_text;
  std::string spec_name = std::filesystem::path(options.spec_path).filename().string();
  emit::TargetInput input{module, model, plans, spec_name, spec_text, {}};
  input.options.no_tests = options.no_tests;
  std::unique_ptr<emit::PreparedTarget> prepared = target->Prepare(input);
  // A plan the target cannot express is the same user-facing problem as one that cannot be
  // derived: E0901, or a 501 stub with --allow-stubs.
  if (!prepared->Unrealised().empty()) {
    bool stubbed = false;
    for (const emit::UnrealisedOperation& unrealised : prepared->Unrealised()) {
      const ir::Operation* operation = module.FindOperation(unrealised.operation);
      auto plan = std::find_if(plans.begin(), plans.end(), [&](const synth::OperationPlan& p) {
        return p.operation == unrealised.operation;
      });
      if (operation != nullptr && plan != plans.end()) {
        stubbed |= synth::RejectOrStub(*operation, unrealised.clause, unrealised.reason, sources,
                                       synth_options, *plan, sink);
      }
    }
    // Stubbed plans change what the target derives from them.
    if (stubbed) {
      prepared = target->Prepare(input);
    }
  }
  if (EmitDiagnostics(common, sources, sink)) {
    return kExitSpecError;
  }
  if (int gate = VerifyGate(module, sources, common, options); gate != kExitOk) {
    return gate;
  }
  Result<emit::FileTree> tree = prepared->Generate();
  if (!tree) {
    std::cerr << "error: code generation failed: " << tree.error().message << "\n";
    return kExitSpecError;
  }
  // User-owned files are never rewritten, so ones that no longer fit the spec (stale hooks)
  // are only reported, as warnings.
  diag::CollectingSink review;
  target->ReviewUserFiles(input, LoadExistingUserFiles(*tree, options.out_dir, sources), sources,
                          review);
  if (!review.diagnostics().empty()) {
    EmitDiagnostics(common, sources, review);
  }
  return Generated{std::move(*tree)};
}

void PrintPlan(const std::vector<emit::PlannedFile>& plan) {
  for (const emit::PlannedFile& file : plan) {
    std::cout << fmt::format("{:<9} {}\n", emit::ActionName(file.action), file.path);
  }
}

}  // namespace

int RunCompile(const CommonOptions& common, const CompileOptions& options) {
  std::variant<Generated, int> result = Pipeline(common, options);
  if (auto* code = std::get_if<int>(&result)) {
    return *code;
  }
  const emit::FileTree& tree = std::get<Generated>(result).tree;
  if (options.dry_run) {
    Result<std::vector<emit::PlannedFile>> plan = emit::Plan(tree, options.out_dir);
    if (!plan) {
      std::cerr << "error: " << plan.error().message << "\n";
      return kExitSpecError;
    }
    PrintPlan(*plan);
    return kExitOk;
  }
  Result<std::vector<emit::PlannedFile>> written = emit::Write(tree, options.out_dir);
  if (!written) {
    std::cerr << "error: " << written.error().message << "\n";
    return kExitSpecError;
  }
  std::size_t changed = 0;
  for (const emit::PlannedFile& file : *written) {
    changed += file.action == emit::FileAction::kCreate || file.action == emit::FileAction::kUpdate;
  }
  std::cerr << fmt::format("{}: wrote {} ({} files, {} changed)\n", options.spec_path,
                           options.out_dir, written->size(), changed);
  return kExitOk;
}

int RunDiff(const CommonOptions& common, const CompileOptions& options) {
  std::variant<Generated, int> result = Pipeline(common, options);
  if (auto* code = std::get_if<int>(&result)) {
    return *code;
  }
  Result<std::vector<emit::PlannedFile>> plan =
      emit::Plan(std::get<Generated>(result).tree, options.out_dir);
  if (!plan) {
    std::cerr << "error: " << plan.error().message << "\n";
    return kExitSpecError;
  }
  PrintPlan(*plan);
  for (const emit::PlannedFile& file : *plan) {
    if (file.action == emit::FileAction::kCreate || file.action == emit::FileAction::kUpdate) {
      return 1;
    }
  }
  return kExitOk;
}

}  // namespace s2r::driver
