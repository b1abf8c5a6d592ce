// models/<module>.py, models/__init__.py and the initial Alembic migration (§4.1, §4.2, §4.6).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/imports.h"
#include "emit/python_fastapi/names.h"
#include "emit/python_fastapi/type_map.h"

namespace s2r::emit::python_fastapi {

using convention::Dialect;
using nlohmann::json;

namespace {

const ir::Type* FieldTypeOf(const convention::ServiceModel& model, const convention::Table& table,
                            const convention::Column& column) {
  if (column.field.empty()) {
    return nullptr;
  }
  if (const convention::Entity* entity = model.FindEntity(table.entity)) {
    if (const convention::EntityField* field = entity->FindField(column.field)) {
      return &field->type;
    }
  }
  if (const convention::StateBinding* binding = model.FindState(column.field)) {
    return &binding->type;
  }
  return nullptr;
}

std::string Quoted(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    out += (out.empty() ? "" : ", ") + PyString(name);
  }
  return out;
}

json TableContext(const convention::ServiceModel& model, const convention::Table& table,
                  Dialect dialect) {
  json columns = json::array();
  for (const convention::Column& column : table.columns) {
    const ir::Type* field_type = FieldTypeOf(model, table, column);
    ColumnTypes types = SqlAlchemyTypes(column, dialect);
    std::string attr = ColumnAttr(column.name);
    std::string server_default = ServerDefault(column, dialect);
    json c;
    c["attr"] = attr;
    c["name"] = column.name;
    c["column_name"] = attr != column.name ? json(column.name) : json(false);
    c["mapped_type"] = ColumnPyType(column, field_type) + (column.nullable ? " | None" : "");
    c["orm_type"] = types.orm;
    c["ddl_type"] = types.ddl;
    c["primary_key"] = column.primary_key;
    c["autoincrement"] =
        column.primary_key ? json(column.autoincrement ? "True" : "False") : json(false);
    c["nullable"] = column.nullable ? "True" : "False";
    c["server_default"] = server_default.empty() ? json(false) : json(server_default);
    c["onupdate"] = column.on_update_now ? json("sa.func.now()") : json(false);
    columns.push_back(std::move(c));
  }
  json constraints = json::array();
  for (const convention::CheckConstraint& check : table.checks) {
    if (!check.supported || check.sql.empty()) {
      continue;
    }
    constraints.push_back(
        fmt::format("sa.CheckConstraint({}, name={})", PyString(check.sql), PyString(check.name)));
  }
  for (const convention::UniqueConstraint& unique : table.uniques) {
    constraints.push_back(fmt::format("sa.UniqueConstraint({}, name={})", Quoted(unique.columns),
                                      PyString(unique.name)));
  }
  for (const convention::ForeignKey& fk : table.foreign_keys) {
    constraints.push_back(fmt::format(
        "sa.ForeignKeyConstraint([{}], [{}], ondelete={}, name={})", PyString(fk.column),
        PyString(fk.ref_table + "." + fk.ref_column),
        PyString(fk.on_delete.empty() ? "CASCADE" : fk.on_delete), PyString(fk.name)));
  }
  json indexes = json::array();
  for (const convention::Index& index : table.indexes) {
    indexes.push_back({{"name", index.name},
                       {"columns", Quoted(index.columns)},
                       {"unique", index.unique ? "True" : "False"},
                       {"table", table.name}});
  }
  bool mysql = dialect == Dialect::kMysql;
  json orm_options = json::array();
  json ddl_kwargs = json::array();
  if (mysql) {
    orm_options.push_back(R"({"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"})");
    ddl_kwargs.push_back(R"(mysql_charset="utf8mb4")");
    ddl_kwargs.push_back(R"(mysql_collate="utf8mb4_bin")");
  }
  json ctx;
  ctx["table"] = table.name;
  ctx["columns"] = std::move(columns);
  ctx["has_table_args"] = !constraints.empty() || !indexes.empty() || !orm_options.empty();
  ctx["constraints"] = std::move(constraints);
  ctx["indexes"] = std::move(indexes);
  ctx["orm_table_options"] = std::move(orm_options);
  ctx["ddl_table_kwargs"] = std::move(ddl_kwargs);
  return ctx;
}

// Tables in FK-topological order (referenced tables first), stable otherwise.
std::vector<const convention::Table*> TopologicalTables(const convention::DatabaseSchema& schema) {
  std::vector<const convention::Table*> out;
  std::set<std::string> placed;
  std::vector<const convention::Table*> pending;
  for (const convention::Table& table : schema.tables) {
    pending.push_back(&table);
  }
  while (!pending.empty()) {
    bool progress = false;
    for (auto it = pending.begin(); it != pending.end();) {
      bool ready = true;
      for (const convention::ForeignKey& fk : (*it)->foreign_keys) {
        if (fk.ref_table != (*it)->name && !placed.contains(fk.ref_table)) {
          ready = false;
        }
      }
      if (ready) {
        placed.insert((*it)->name);
        out.push_back(*it);
        it = pending.erase(it);
        progress = true;
      } else {
        ++it;
      }
    }
    if (!progress) {  // a cycle: keep declaration order for the rest
      out.insert(out.end(), pending.begin(), pending.end());
      break;
    }
  }
  return out;
}

}  // namespace

Result<void> BuildModels(BuildState& state) {
  const convention::ServiceModel& model = state.model;
  Dialect dialect = model.dialect;
  for (const convention::Table& table : model.schema.tables) {
    state.table_ctx[table.name] = TableContext(model, table, dialect);
  }
  // Tables with a model: entities (declaration order), then service_state.
  std::vector<std::pair<const convention::Table*, const convention::Entity*>> modelled;
  for (const convention::Entity& entity : model.entities) {
    if (const convention::Table* table = model.schema.FindTable(entity.table)) {
      modelled.emplace_back(table, &entity);
    }
  }
  for (const convention::Table& table : model.schema.tables) {
    if (table.kind == convention::TableKind::kServiceState) {
      modelled.emplace_back(&table, nullptr);
    }
  }
  ImportBlock init_imports;
  const std::string orm_base = OrmBaseName(model);
  init_imports.From("app.db.base", orm_base);
  json model_classes = json::array();
  for (const auto& [table, entity] : modelled) {
    std::string class_name = entity ? entity->name : "ServiceState";
    std::string module = entity ? entity->snake : "service_state";
    state.model_of_table[table->name] = {class_name, module};
    json ctx = state.table_ctx[table->name];
    ImportBlock imports;
    imports.Import("sqlalchemy", "sa")
        .FromAll("sqlalchemy.orm", "Mapped", "mapped_column")
        .From("app.db.base", orm_base);
    for (const json& column : ctx["columns"]) {
      std::string mapped = column["mapped_type"].get<std::string>();
      std::string orm = column["orm_type"].get<std::string>();
      if (orm == "UtcDateTime()") {
        imports.From("app.db.types", "UtcDateTime");
      }
      if (mapped.find("datetime.") != std::string::npos) {
        imports.Import("datetime");
      }
      if (mapped.find("decimal.") != std::string::npos) {
        imports.Import("decimal");
      }
      if (mapped.find("uuid.") != std::string::npos) {
        imports.Import("uuid");
      }
      if (orm.rfind("postgresql.", 0) == 0) {
        imports.From("sqlalchemy.dialects", "postgresql");
      }
    }
    // Collections held in child rows: a read-only relationship, loaded with the parent
    // ("selectin": one extra SELECT, never a lazy load, which async sessions cannot do).
    json children = json::array();
    for (const convention::EntityField& field : entity ? entity->fields : std::vector<convention::EntityField>{}) {
      const convention::Entity* child = ChildRowsEntity(model, field);
      if (child == nullptr || child == entity) continue;
      imports.From("sqlalchemy.orm", "relationship");
      imports.From("app.models." + child->snake, child->name);
      children.push_back({{"attr", ColumnAttr(field.name)},
                          {"child", child->name},
                          {"order_by", child->name + "." + ColumnAttr(child->primary_key)}});
    }
    ctx["children"] = std::move(children);
    ctx["class_name"] = class_name;
    ctx["doc_subject"] = entity ? entity->name : "the scalar service state";
    ctx["imports"] = imports.Render();
    state.files.push_back({"app/models/entity.py.mustache", "app/models/" + module + ".py",
                           std::move(ctx)});
    init_imports.From("app.models." + module, class_name);
    model_classes.push_back(class_name);
  }
  state.files.push_back({"app/models/__init__.py.mustache", "app/models/__init__.py",
                         {{"imports", init_imports.Render()},
                          {"model_classes", std::move(model_classes)}}});

  // Migration.
  json tables = json::array();
  json reversed = json::array();
  bool uses_pg = false;
  bool uses_mysql = false;
  std::vector<const convention::Table*> ordered = TopologicalTables(model.schema);
  for (const convention::Table* table : ordered) {
    json ctx = std::move(state.table_ctx[table->name]);  // its last use
    for (const json& column : ctx["columns"]) {
      std::string ddl = column["ddl_type"].get<std::string>();
      uses_pg = uses_pg || ddl.rfind("postgresql.", 0) == 0;
      uses_mysql = uses_mysql || ddl.rfind("mysql.", 0) == 0;
    }
    tables.push_back(std::move(ctx));
  }
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) {
    reversed.push_back((*it)->name);
  }
  json dialect_import = json::array();
  if (uses_pg) {
    dialect_import.push_back("from sqlalchemy.dialects import postgresql");
  } else if (uses_mysql) {
    dialect_import.push_back("from sqlalchemy.dialects import mysql");
  }
  json seeds = json::array();
  for (const convention::Table& table : model.schema.tables) {
    if (table.kind != convention::TableKind::kServiceState) {
      continue;
    }
    std::string cols = "id";
    std::string values = "1";
    for (const convention::StateBinding& binding : model.state) {
      if (binding.storage == convention::StateStorage::kScalarColumn && binding.seed &&
          table.FindColumn(binding.column) != nullptr) {
        cols += ", " + binding.column;
        values += ", " + std::to_string(*binding.seed);
      }
    }
    seeds.push_back(PyString(fmt::format("INSERT INTO {} ({}) VALUES ({})", table.name, cols, values)));
  }
  state.files.push_back({"alembic/versions/001_initial_schema.py.mustache",
                         "alembic/versions/001_initial_schema.py",
                         {{"has_tables", !tables.empty()},
                          {"tables", std::move(tables)},
                          {"tables_reversed", std::move(reversed)},
                          {"migration_dialect_import", std::move(dialect_import)},
                          {"seed_statements", std::move(seeds)}}});
  return {};
}

}  // namespace s2r::emit::python_fastapi
