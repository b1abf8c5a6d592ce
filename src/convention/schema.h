// Database schema derivation: entity tables (columns, PKs, FKs by name and by type, UNIQUE on
// relation keys, CHECKs from the shared validation), junction tables, the service_state
// singleton, partial indexes, aggregate triggers; and where each state field lives.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "convention/conventions.h"
#include "convention/service_model.h"
#include "diag/diagnostic.h"
#include "ir/module.h"

namespace s2r::convention {

struct SchemaInputs {
  const ir::Module& module;
  const ConventionTable& conventions;
  Dialect dialect;
  const std::map<std::string, std::int64_t>& backed_scalars;
  // State fields primed by at least one operation.
  const std::set<std::string>& written_state;
};

// Fills model.entities[*].fields/primary_key/synthesized_id/timestamps/invariant_checks/
// state_fields/table_index, model.state, model.schema and model.has_service_state. Entity names
// (model.entities[*].name/table/...) must already be set, in module order. Reports schema
// diagnostics (E0630 partial index degraded, E0631 column/table collisions, E0632 reserved
// table names, E0633 contradictory refinements) to `diagnostics`.
void BuildSchema(const SchemaInputs& inputs, ServiceModel& model,
                 std::vector<diag::Diagnostic>& diagnostics);

// The written name of a type: its alias, entity/enum name, or primitive (`Int`, `String`...);
// empty for containers. Two types with the same written name are interchangeable keys.
[[nodiscard]] std::string WrittenTypeName(const ir::Type& type);

}  // namespace s2r::convention
