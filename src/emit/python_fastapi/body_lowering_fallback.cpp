// TODO(#4): placeholder until the real body lowering (branch `lowering`, body_lowering.cpp)
// lands. CMake drops this file as soon as body_lowering.cpp exists. Every body answers 501.
#include <fmt/format.h>

#include "emit/python_fastapi/body_lowering.h"

namespace s2r::emit::python_fastapi {

Result<LoweredBody> LowerOperationBody(const synth::OperationPlan& /*plan*/,
                                       const ir::Module& /*module*/,
                                       const convention::ServiceModel& /*model*/,
                                       const convention::Operation& operation) {
  LoweredBody body;
  body.text = fmt::format("        _rt.fail(501, \"{}: body not derived yet\")", operation.name);
  body.import_lines.push_back("from app.services import _runtime as _rt");
  return body;
}

}  // namespace s2r::emit::python_fastapi
