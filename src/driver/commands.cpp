// check, inspect and explain.
#include "driver/commands.h"

#include <iostream>

#include <fmt/format.h>

#include "convention/convention.h"
#include "convention/dump.h"
#include "driver/explain.h"
#include "driver/front_end.h"
#include "ir/ir_dump.h"
#include "syntax/ast_dump.h"

namespace s2r::driver {
namespace {

// Prints every diagnostic to stderr in the requested form; returns true when any is an error.
bool Emit(const CommonOptions& common, const SourceManager& sources,
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

int ReportLoadFailure(const CommonOptions& common, const std::string& path,
                      const std::string& reason) {
  SourceManager none;
  std::cerr << diag::Render(diag::FileNotFound(Span{}, path, reason), none, common.render);
  return kExitUsage;
}

}  // namespace

int RunCheck(const CommonOptions& common, const CheckOptions& options) {
  SourceManager sources;
  diag::CollectingSink sink;
  FrontEndResult front = RunFrontEnd(sources, options.spec_path, sink);
  if (!front.loaded) {
    return ReportLoadFailure(common, options.spec_path, front.load_error);
  }
  if (front.built_clean) {
    // Convention, route and security validation (the reference's `check` runs them too).
    (void)convention::BuildServiceModel(*front.module, convention::ConventionOptions{}, sink);
  }
  bool failed = Emit(common, sources, sink);
  if (!common.json_diagnostics) {
    if (failed) {
      std::cerr << fmt::format("{}: check failed ({})\n", options.spec_path,
                               diag::CountSummary(sink.diagnostics()));
    } else {
      const ir::Module& module = *front.module;
      std::cerr << fmt::format("{}: valid ({} operations, {} entities, {} invariants)\n",
                               options.spec_path, module.operations.size(),
                               module.entities.size(), module.invariants.size());
    }
  }
  return failed ? kExitSpecError : kExitOk;
}

int RunInspect(const CommonOptions& common, const InspectOptions& options) {
  SourceManager sources;
  diag::CollectingSink sink;
  FrontEndOptions front_options;
  front_options.run_lints = false;
  FrontEndResult front = RunFrontEnd(sources, options.spec_path, sink, front_options);
  if (!front.loaded) {
    return ReportLoadFailure(common, options.spec_path, front.load_error);
  }
  if (options.format == "model") {
    if (!front.built_clean) {
      Emit(common, sources, sink);
      return kExitSpecError;
    }
    convention::ConventionOptions model_options;
    model_options.dialect = options.db == "sqlite"  ? convention::Dialect::kSqlite
                            : options.db == "mysql" ? convention::Dialect::kMysql
                                                    : convention::Dialect::kPostgres;
    convention::ServiceModel model =
        convention::BuildServiceModel(*front.module, model_options, sink);
    if (Emit(common, sources, sink)) {
      return kExitSpecError;
    }
    std::cout << convention::DumpModelYaml(model, &sources);
    return kExitOk;
  }
  if (Emit(common, sources, sink)) {
    return kExitSpecError;
  }
  if (options.format == "ast") {
    std::cout << syntax::DumpService(*front.syntax);
  } else if (options.format == "json") {
    std::cout << ir::DumpJson(*front.module, sources);
  } else if (options.format == "ir") {
    std::cout << ir::DumpIr(*front.module);
  } else {
    std::cout << ir::DumpSummary(*front.module);
  }
  return kExitOk;
}

int RunExplain(const CommonOptions& /*common*/, const ExplainOptions& options) {
  const diag::CodeInfo* info = diag::FindCode(options.code);
  if (info == nullptr) {
    std::cerr << fmt::format("error: unknown diagnostic code `{}`\n", options.code);
    return kExitUsage;
  }
  std::cout << fmt::format("{} ({}): {}\n\n", info->spelling, diag::SeverityName(info->severity),
                           info->format);
  std::optional<std::string> text = ExplainText(info->spelling);
  std::cout << (text ? *text : "No longer explanation is written for this code yet.\n");
  return kExitOk;
}

}  // namespace s2r::driver
