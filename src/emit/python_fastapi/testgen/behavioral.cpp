// tests/test_behavioral_<service>.py: per-operation property tests of requires/ensures.
#include "emit/python_fastapi/testgen/suite_internal.h"

namespace s2r::emit::python_fastapi::testgen {

void BuildBehavioral(SuiteContext& ctx, std::vector<FileJob>& files) {
  // Not generated yet: the structural family and the invariants come first.
  (void)ctx;
  (void)files;
}

}  // namespace s2r::emit::python_fastapi::testgen
