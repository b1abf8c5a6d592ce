// libFuzzer target: any byte string through the lexer and parser must end in diagnostics or a
// tree, never a crash, hang or sanitizer report. Clean parses continue through the IR builder,
// the lints and the IR dumps.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/source_manager.h"
#include "check/check.h"
#include "diag/sink.h"
#include "ir/build.h"
#include "ir/ir_dump.h"
#include "syntax/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  s2r::SourceManager sources;
  s2r::SourceId id =
      sources.Add("fuzz.spec", std::string(reinterpret_cast<const char*>(data), size));
  s2r::diag::CollectingSink sink;
  s2r::syntax::Service service = s2r::syntax::Parse(sources, id, sink);
  if (sink.HasErrors()) {
    return 0;
  }
  s2r::ir::Module module = s2r::ir::Build(service, sources, sink);
  s2r::check::RunLints(module, sink);
  (void)s2r::ir::DumpJson(module, sources);
  (void)s2r::ir::DumpIr(module);
  return 0;
}
