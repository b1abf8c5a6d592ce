// Hypothesis strategies (Python source text) for operation inputs, from the spec types and the
// refinements the convention phase reduced into convention::Validation.
#pragma once

#include <string>

#include "convention/service_model.h"
#include "emit/python_fastapi/testgen/py_expr.h"

namespace s2r::emit::python_fastapi::testgen {

// Values every constraint of `param` admits. Strings in the URL path also avoid `/`, `.`/`..`
// and the service's static path segments (spec_model.usable_segment), so that a drawn value is
// routed to the operation. Skip when the type has no JSON-safe strategy (entities, maps).
[[nodiscard]] Translated<std::string> ValidStrategy(const convention::Parameter& param,
                                                    const convention::ServiceModel& model);

// Values that break one of the spec's own constraints on `param` (a `where` refinement, an
// entity invariant or a `requires` atom on this input), so that the service must answer 422.
// Skip when no constraint of that origin exists or none can be violated by a routable value.
struct InvalidStrategy {
  std::string strategy;
  std::string constraint;  // what is violated, for the test's docstring (`len(value) >= 6`)
};
[[nodiscard]] Translated<InvalidStrategy> ViolatingStrategy(const convention::Parameter& param,
                                                            const convention::ServiceModel& model);

}  // namespace s2r::emit::python_fastapi::testgen
