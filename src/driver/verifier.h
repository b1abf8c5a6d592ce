// Loads the verifier module (verify/entry_points.h) the first time a command verifies.
#pragma once

#include <string>

#include "base/result.h"
#include "verify/entry_points.h"

namespace s2r::driver {

// The module file's name; `make build` puts it beside the binary.
inline constexpr const char* kVerifierModuleName = "spec-to-rest-verifier.so";

// The entry points of the module at $S2R_VERIFIER when set, else beside the running binary.
// Loaded once per process; fails with the path tried and the loader's reason.
[[nodiscard]] Result<const verify::EntryPoints*> LoadVerifier();

}  // namespace s2r::driver
