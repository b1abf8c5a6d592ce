// The loadable verifier module (spec-to-rest-verifier.so): the verify library and libz3 behind
// one exported C symbol that the binary looks up when a command verifies.
#include "verify/entry_points.h"

namespace {

const s2r::verify::EntryPoints kEntryPoints{
    s2r::verify::kEntryPointsLayoutVersion,
    [](const s2r::ir::Module& module, std::function<double()> clock) {
      return s2r::verify::RunGate(module, std::move(clock));
    },
    [](const s2r::ir::Module& module, const s2r::verify::VerifyOptions& options) {
      return s2r::verify::Verify(module, options);
    },
};

}  // namespace

extern "C" __attribute__((visibility("default"))) const s2r::verify::EntryPoints*
s2r_verify_entry_points() {
  return &kEntryPoints;
}
