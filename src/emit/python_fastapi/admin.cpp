// routers/admin.py: reset, state export and seeding (§4.7).
#include <fmt/format.h>

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/imports.h"
#include "emit/python_fastapi/names.h"
#include "ir/infer_type.h"

namespace s2r::emit::python_fastapi {

using convention::StateStorage;
using nlohmann::json;

namespace {

// What a service_state column holds after a reset: the empty collection its migration defaults
// to (JSON `[]` or `{}`), else none.
std::string ResetValue(const ir::Type& declared) {
  const ir::Type* type = &declared;
  while (type->kind == ir::TypeKind::kOption && !type->args.empty()) {
    type = &type->args[0];
  }
  if (type->kind == ir::TypeKind::kSet || type->kind == ir::TypeKind::kSeq) {
    return "[]";
  }
  return type->IsCollection() ? "{}" : "None";
}

}  // namespace

Result<void> BuildAdmin(BuildState& state) {
  const convention::ServiceModel& model = state.model;
  ImportBlock imports;
  imports.Import("datetime").Import("decimal").Import("uuid").Import("sqlalchemy", "sa");
  imports.From("typing", "Any")
      .FromAll("fastapi", "APIRouter", "Depends", "Response")
      .From("app.database", "SessionDep")
      .From("app.db.base", OrmBaseName(model))
      .From("app.security", "require_admin");

  // Reset: children before parents (reverse declaration order approximates it; FK CASCADE
  // covers the rest), then the singleton back to its seeds.
  json reset = json::array();
  for (auto it = model.entities.rbegin(); it != model.entities.rend(); ++it) {
    reset.push_back(fmt::format("sa.delete({})", it->name));
    imports.From("app.models", it->name);
  }
  std::string seed_values;
  for (const convention::StateBinding& binding : model.state) {
    if (binding.storage == StateStorage::kScalarColumn && binding.seed) {
      seed_values += fmt::format("{}{}={}", seed_values.empty() ? "" : ", ",
                                 ColumnAttr(binding.column), *binding.seed);
    } else if (binding.storage == StateStorage::kStateColumn) {
      seed_values += fmt::format("{}{}={}", seed_values.empty() ? "" : ", ",
                                 ColumnAttr(binding.column), ResetValue(binding.type));
    }
  }
  if (model.has_service_state && !seed_values.empty()) {
    reset.push_back(fmt::format(
        "sa.update(ServiceState).where(ServiceState.id == 1).values({})", seed_values));
    imports.From("app.models", "ServiceState");
  }

  json loads = json::array();
  json fields = json::array();
  std::set<std::string> loaded;
  bool state_row = false;
  auto load_rows = [&](const convention::Entity& entity) {
    std::string var = "rows_" + entity.snake;
    if (loaded.insert(var).second) {
      loads.push_back(fmt::format(
          "{} = (await session.execute(sa.select({}).order_by({}.{}))).scalars().all()", var,
          entity.name, entity.name, ColumnAttr(entity.primary_key)));
      imports.From("app.models", entity.name);
    }
    return var;
  };
  for (const convention::StateBinding& binding : model.state) {
    std::string expr = "None";
    const convention::Entity* entity = model.FindEntity(binding.entity);
    switch (binding.storage) {
      case StateStorage::kEntityColumns:
        if (entity) {
          expr = fmt::format("{{row.{}: _jsonable(row.{}) for row in {}}}",
                             ColumnAttr(binding.key_column), ColumnAttr(binding.value_column),
                             load_rows(*entity));
        }
        break;
      case StateStorage::kEntityRows:
        if (entity) {
          std::string var = load_rows(*entity);
          // A collection field held in child rows (`items: Set[LineItem]`) is part of the
          // entity's value in the spec, so the snapshot nests those rows under the field.
          std::string nested;
          for (const convention::EntityField& field : entity->fields) {
            const convention::Entity* child = ChildRowsEntity(model, field);
            if (child == nullptr) continue;
            nested += fmt::format(", {}: [_row_to_dict(c) for c in {} if c.{} == row.{}]",
                                  PyString(field.name), load_rows(*child),
                                  ColumnAttr(field.child_fk_column),
                                  ColumnAttr(entity->primary_key));
          }
          std::string value =
              nested.empty() ? "_row_to_dict(row)" : "{**_row_to_dict(row)" + nested + "}";
          expr = binding.key_column.empty()
                     ? fmt::format("[{} for row in {}]", value, var)
                     : fmt::format("{{row.{}: {} for row in {}}}",
                                   ColumnAttr(binding.key_column), value, var);
        }
        break;
      case StateStorage::kForeignKeyColumn:
        if (entity) {
          expr = fmt::format("{{row.{}: row.{} for row in {} if row.{} is not None}}",
                             ColumnAttr(entity->primary_key), ColumnAttr(binding.value_column),
                             load_rows(*entity), ColumnAttr(binding.value_column));
        }
        break;
      case StateStorage::kScalarColumn:
      case StateStorage::kStateColumn:
        if (!state_row) {
          loads.push_back(
              "state_row = await _rt.load_singleton(session, ServiceState, for_update=False)");
          imports.From("app.services", "_runtime as _rt").From("app.models", "ServiceState");
          state_row = true;
        }
        expr = fmt::format("_jsonable(state_row.{})", ColumnAttr(binding.column));
        break;
      case StateStorage::kSetting:
        expr = "settings." + EscapeAttr(binding.setting);
        imports.From("app.config", "settings");
        break;
      case StateStorage::kJunctionTable:
        expr = fmt::format(
            "[dict(r) for r in (await session.execute(sa.text({}))).mappings().all()]",
            PyString("SELECT * FROM " + binding.table));
        break;
    }
    fields.push_back({{"key", binding.name}, {"expr", expr}});
  }

  json seeds = json::array();
  for (const convention::Entity& entity : model.entities) {
    imports.From("app.models", entity.name);
    imports.From("app.schemas." + entity.snake, entity.name + "Seed");
    std::string pk = ColumnAttr(entity.primary_key);
    std::string body = fmt::format(
        "    row = {}(**payload.model_dump(exclude_none=True))\n"
        "    session.add(row)\n"
        "    await session.commit()\n"
        "    return {{{}: row.{}}}",
        entity.name, PyString(entity.primary_key), pk);
    seeds.push_back({{"snake", entity.snake},
                     {"entity", entity.name},
                     {"seed_model", entity.name + "Seed"},
                     {"body", body}});
  }
  state.files.push_back({"app/routers/admin.py.mustache", "app/routers/admin.py",
                         {{"imports", imports.Render()},
                          {"reset_statements", reset},
                          {"state_loads", loads},
                          {"state_fields", fields},
                          {"seeds", seeds}}});
  return {};
}

}  // namespace s2r::emit::python_fastapi
