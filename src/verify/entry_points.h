// The verifier's entry points, as `spec-to-rest` finds them in the verifier module
// (src/verify_module/): the binary does not link libz3, whose eager binding of some 3,000
// symbols cost every command, verifying or not, about 0.8 ms of start-up.
#pragma once

#include <functional>

#include "ir/module.h"
#include "verify/verify.h"

namespace s2r::verify {

struct EntryPoints {
  // Changes whenever this struct or a type it passes changes; a module built for another
  // layout is refused instead of misread.
  int layout_version = 0;
  GateResult (*run_gate)(const ir::Module& module, std::function<double()> clock) = nullptr;
  VerifyReport (*verify)(const ir::Module& module, const VerifyOptions& options) = nullptr;
};

inline constexpr int kEntryPointsLayoutVersion = 1;

// The module's one exported symbol: `extern "C" const EntryPoints* s2r_verify_entry_points()`.
inline constexpr const char* kEntryPointsSymbol = "s2r_verify_entry_points";

}  // namespace s2r::verify
