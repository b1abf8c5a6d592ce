// The generated project's conformance suite (tests/): a live-service client with session
// guards, health checks, a Schemathesis run over openapi.yaml with the spec's invariants, and
// per-operation Hypothesis property tests of `requires`/`ensures`. Every clause that does not
// become a check is listed with its reason in tests/_testgen_skips.json.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "emit/python_fastapi/contexts.h"

namespace s2r::emit::python_fastapi::testgen {

// One clause (or check) of the spec that the suite does not test, and why.
struct SkipEntry {
  std::string family;     // `structural` or `behavioral`
  std::string operation;  // the operation, or `<invariants>` / `<temporals>`
  std::string kind;       // `ensures[2]`, `requires[0]`, `invariant[name]`, `check[...]`
  std::string clause;     // the clause as written (compact), or the check's name
  std::string reason;
};

// Adds the tests/ files to `state.files` (after BuildProject has set the global context).
// Does nothing when `state.in.options.no_tests` is set.
[[nodiscard]] Result<void> BuildTestSuite(BuildState& state);

}  // namespace s2r::emit::python_fastapi::testgen
