// Internal passes of the schema derivation (schema.cpp drives them).
#pragma once

#include <vector>

#include "convention/service_model.h"
#include "diag/diagnostic.h"
#include "ir/module.h"

namespace s2r::convention {

// Adds CHECK `ck_<table>_<column>_<suffix>` unless an identical one exists. An empty `sql`
// marks it unsupported by the dialect (the API still validates).
void AddCheck(Table& table, const std::string& column, CheckKind kind, std::string suffix,
              std::string sql, std::string canonical, ConstraintOrigin origin, Span span);

// The CHECKs a column's reduced constraints imply, in a fixed order: allowed values, minimum,
// maximum, lengths, patterns. Column-width and dialect-limit bounds are API-only.
void AddValidationChecks(Table& table, const std::string& column, const Constraints& constraints,
                         Dialect dialect);

// Adds a trigger per entity invariant `tgt = sum|count|min|max(coll[, x => x.f])` whose `coll`
// is a child collection (FieldStorage::kChildRows) to model.schema.triggers.
void DetectAggregateTriggers(const ir::Module& module, ServiceModel& model);

// Reports tables named like Alembic's or the service_state table (E0632) and duplicate table or
// column names (E0631).
void CheckSchemaNames(ServiceModel& model, std::vector<diag::Diagnostic>& diagnostics);

}  // namespace s2r::convention
