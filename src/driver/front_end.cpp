// Phase sequencing for the front end: each phase runs only when the previous one was clean.
#include "driver/front_end.h"

#include "check/check.h"
#include "driver/source_loader.h"
#include "ir/build.h"
#include "syntax/parse.h"

namespace s2r::driver {
namespace {

// Forwards to another sink and counts the errors that pass through.
class ErrorCounter final : public diag::DiagnosticSink {
 public:
  explicit ErrorCounter(diag::DiagnosticSink& next) : next_(next) {}
  void Report(diag::Diagnostic diagnostic) override {
    if (diagnostic.severity == diag::Severity::kError) {
      ++errors_;
    }
    next_.Report(std::move(diagnostic));
  }
  [[nodiscard]] std::size_t errors() const { return errors_; }

 private:
  diag::DiagnosticSink& next_;
  std::size_t errors_ = 0;
};

}  // namespace

FrontEndResult RunFrontEnd(SourceManager& sources, const std::string& path,
                           diag::DiagnosticSink& sink, const FrontEndOptions& options) {
  FrontEndResult result;
  Result<SourceId> source = LoadSource(sources, path);
  if (!source) {
    result.load_error = source.error().message;
    return result;
  }
  result.loaded = true;
  ErrorCounter counter(sink);
  result.syntax = syntax::Parse(sources, *source, counter);
  if (counter.errors() > 0) {
    return result;
  }
  result.module = ir::Build(*result.syntax, sources, counter);
  result.built_clean = counter.errors() == 0;
  if (counter.errors() > 0 || !options.run_lints) {
    return result;
  }
  check::RunLints(*result.module, counter);
  return result;
}

}  // namespace s2r::driver
