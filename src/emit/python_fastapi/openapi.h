// openapi.yaml: the OpenAPI 3.1 document of the generated python-fastapi project (DECISIONS 5).
//
// It describes what the generated app serves, route for route: the infrastructure routes of
// main.py (/health, /ready, /metrics), the /admin surface (reset, state, one seed route per
// entity; HTTP bearer, 401/404), and one operation per spec operation with its success status,
// path/query parameters (the same constraints as the pydantic/Path/Query declarations, from the
// one Validation reduction), limit/offset on paginated list routes, the request body schema
// (<E>Create or <Op>Request), the success body (<E>Read, list of <E>Read, <Op>Response, none for
// 204/empty results, a Location header for redirects), 404/409 `{"detail": str}` errors and
// FastAPI's 422 HTTPValidationError. Operations with requires_auth list their schemes under
// `security` (any one suffices) and document the 401 their dependency answers; every declared
// scheme is in components.securitySchemes under its spec name, next to AdminBearer. Component
// schemas mirror the pydantic models and are listed only when referenced. Output is deterministic: declaration order, no timestamps.
#pragma once

#include <string>

#include "convention/service_model.h"
#include "ir/module.h"

namespace s2r::emit::python_fastapi {

// The YAML text of openapi.yaml (ends with a newline).
[[nodiscard]] std::string RenderOpenApi(const ir::Module& module,
                                        const convention::ServiceModel& model);

}  // namespace s2r::emit::python_fastapi
