// Phase sequencing for the front end.
#include "driver/front_end.h"

#include "driver/source_loader.h"
#include "syntax/parse.h"

namespace s2r::driver {

FrontEndResult RunFrontEnd(SourceManager& sources, const std::string& path,
                           diag::DiagnosticSink& sink) {
  FrontEndResult result;
  Result<SourceId> source = LoadSource(sources, path);
  if (!source) {
    result.load_error = source.error().message;
    return result;
  }
  result.loaded = true;
  result.syntax = syntax::Parse(sources, *source, sink);
  return result;
}

}  // namespace s2r::driver
