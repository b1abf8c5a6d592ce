// libFuzzer target: any byte string through the lexer and parser must end in diagnostics or a
// tree, never a crash, hang or sanitizer report. Clean parses continue through the IR builder
// and lints once those phases exist on the branch being fuzzed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/source_manager.h"
#include "diag/sink.h"
#include "syntax/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  s2r::SourceManager sources;
  s2r::SourceId id =
      sources.Add("fuzz.spec", std::string(reinterpret_cast<const char*>(data), size));
  s2r::diag::CollectingSink sink;
  s2r::syntax::Service service = s2r::syntax::Parse(sources, id, sink);
  (void)service;
  return 0;
}
