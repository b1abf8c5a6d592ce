// Context builders of the python-fastapi target, one per template family. Each fills the JSON
// contract of docs/emit-context.md from the ServiceModel; target.cpp renders them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "emit/file_tree.h"
#include "emit/python_fastapi/body_lowering.h"
#include "emit/target.h"

namespace s2r::emit::python_fastapi {

struct FileJob {
  std::string template_path;  // under templates/, with `.mustache`
  std::string output_path;
  nlohmann::json context;     // file keys; overlaid on the global context
  Ownership ownership = Ownership::kGenerated;
};

// An operation group: the operations of one entity, or the service-level ones (`state_ops`).
struct OpGroup {
  const convention::Entity* entity = nullptr;  // null for service-level operations
  std::string module;          // schemas/services module (`url_mapping`, `state_ops`)
  std::string router_module;   // routers module
  std::string service_class;
  std::string tag;
  std::string doc_subject;
  std::vector<const convention::Operation*> operations;
};

// Operation name -> its lowered service-method body.
using LoweredBodies = std::map<std::string, LoweredBody, std::less<>>;

struct BuildState {
  const TargetInput& in;
  const convention::ServiceModel& model;
  // Every operation with a plan; lowered once, before generation.
  const LoweredBodies& bodies;
  nlohmann::json global;
  std::vector<FileJob> files;
  std::vector<OpGroup> groups;
  // Table name -> table context (columns, constraints, indexes, options) shared by the model
  // and the migration.
  std::map<std::string, nlohmann::json> table_ctx;
  // Table name -> (class, module) for tables with an ORM model.
  std::map<std::string, std::pair<std::string, std::string>> model_of_table;
};

// `first`/`last` flags on every item of a list of objects.
nlohmann::json FlagList(nlohmann::json items);
// Python annotation of an operation/entity value without recording imports.
std::string SchemaModule(const convention::ServiceModel& model, const convention::Operation& op);
// Pydantic / Path / Query constraint kwargs (`min_length=1`, `pattern=r"..."`, `ge=0`), in order.
std::vector<std::string> ApiConstraints(const convention::Constraints& constraints,
                                        const ir::Type& type, convention::Dialect dialect);
// The result annotation of an operation's service method (`<E>Read`, `None`...).
std::string ResultType(const convention::Operation& op);
// The ORM attribute name of a column.
std::string ColumnAttr(const std::string& column);
// The child entity of a collection field held in child rows (`items: Set[LineItem]`), else null.
const convention::Entity* ChildRowsEntity(const convention::ServiceModel& model,
                                          const convention::EntityField& field);
// The declarative base class of the ORM models: `Base`, unless the spec has an entity of that
// name (model classes are named after entities), then `OrmBase` (or `OrmBase2`, ...).
std::string OrmBaseName(const convention::ServiceModel& model);

void BuildGroups(BuildState& state);
Result<void> BuildModels(BuildState& state);     // models/*.py, models/__init__.py, migration
Result<void> BuildSchemas(BuildState& state);    // schemas/*.py, enums.py
Result<void> BuildServices(BuildState& state);   // services/*.py, routers/<entities>.py
Result<void> BuildAdmin(BuildState& state);      // routers/admin.py
// app/security.py and the global keys `auth_settings`, `auth_schemes`, `extra_dependencies`;
// runs after BuildProject (which sets the global object).
Result<void> BuildSecurity(BuildState& state);
Result<void> BuildProject(BuildState& state);    // global keys and once-per-project files

}  // namespace s2r::emit::python_fastapi
