// HTTP mapping of operations: method, path, status (defaults and convention overrides),
// parameter placement, route kind, request and response shapes; and route validation across
// the whole service (reserved routes, path syntax, duplicates, shadowing, registration order).
#pragma once

#include <vector>

#include "convention/classify.h"
#include "convention/conventions.h"
#include "convention/service_model.h"
#include "diag/diagnostic.h"
#include "ir/module.h"

namespace s2r::convention {

// The default success status: DELETE -> 204, Create/CreateChild -> 201, Delete -> 204, else 200.
[[nodiscard]] int DefaultStatus(HttpMethod method, OperationKind kind);

// Method, path and status of `op` with their provenance (conventions override defaults).
// `segment` is the target entity's URL segment, or empty for service-level operations.
struct Endpoint {
  HttpMethod method = HttpMethod::kGet;
  Provenance method_from = Provenance::kDefault;
  std::string path;
  Provenance path_from = Provenance::kDefault;
  int status = 200;
  Provenance status_from = Provenance::kDefault;
};
[[nodiscard]] Endpoint ResolveEndpoint(const ir::Module& module, const ir::Operation& op,
                                       const Classification& classification,
                                       const ConventionTable& conventions,
                                       std::string_view segment);

// Fills the HTTP side of `out` (endpoint, params, route kind, request, response). `out.name`,
// `out.entity`/`entity_index` and the model's entities must already be set. Reports E0627 and
// E0628.
void DeriveRoute(const ir::Module& module, const ir::Operation& op,
                 const Classification& classification, const ConventionTable& conventions,
                 const ServiceModel& model, Operation& out,
                 std::vector<diag::Diagnostic>& diagnostics);

// Validates every route (E0620-E0626) and fills model.route_order.
void ValidateRoutes(ServiceModel& model, std::vector<diag::Diagnostic>& diagnostics);

}  // namespace s2r::convention
