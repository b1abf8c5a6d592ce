// Lowering of one synthesis plan to the Python body of a service method (`_<snake>`).
//
// Contract with the emitter (src/emit/python_fastapi/services.cpp), docs/emit-context.md §4.4/§7:
//
// * The body runs inside `async def _<snake>(self, *, <params>) -> <result_type>:` of
//   `<E>Service` (or `StateOpsService` for service-level operations). In scope: `self.session`
//   (AsyncSession), the keyword-only params, and whatever the body lists in `import_lines`.
// * Params, in order: one per `convention::Operation::params` entry (declaration order), named
//   `convention::SafePythonName(param.name)` (keywords AND builtins escaped: `id` -> `id_`),
//   typed by the Python spelling of the input type (`T | None` for Option inputs); then, when
//   `operation.response.kind == kEntityList`, `limit: int` and `offset: int`.
// * Return value by `operation.response.kind`:
//     kEntity     -> `<E>Read.model_validate(row)`            (result type `<E>Read`)
//     kEntityList -> `[<E>Read.model_validate(r) for r in rows]` (`list[<E>Read]`, use _rt.page)
//     kOutputs    -> `<Op>Response(<out>=..., ...)`           (`<Op>Response`, escaped attrs)
//     kRedirect   -> the Location string                      (`str`)
//     kEmpty / kNoContent -> nothing (`None`)
//   Model classes live in `app.models` (`from app.models import <E>`), schemas in
//   `app.schemas.<entity snake>` (`<Op>Request/Response` of service-level ops in
//   `app.schemas.state_ops`), enums in `app.schemas.enums` (`<Enum>Value`), runtime helpers as
//   `from app.services import _runtime as _rt`, settings as `from app.config import settings`.
// * ORM attribute of a column = convention::SafePythonName(column, /*avoid_builtins=*/false).
// * The body commits itself before returning.
#pragma once

#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "base/span.h"
#include "convention/service_model.h"
#include "ir/module.h"
#include "synth/plan.h"

namespace s2r::emit::python_fastapi {

struct LoweredBody {
  std::string text;                       // 8-space indented Python, no trailing newline
  std::vector<std::string> import_lines;  // full import statements the body needs
  // The body may answer 404: a missing key, or no value for `the`, `min` or `max`.
  bool answers_not_found = false;
};

// Why a plan has no Python form: the clause being lowered (a span of the spec) and the reason.
struct LoweringFailure {
  Span clause;
  std::string reason;
};

[[nodiscard]] tl::expected<LoweredBody, LoweringFailure> LowerOperationBody(
    const synth::OperationPlan& plan, const ir::Module& module,
    const convention::ServiceModel& model, const convention::Operation& operation);

}  // namespace s2r::emit::python_fastapi
