// schemas/<module>.py (Create/Read/Update/Seed, <Op>Request/<Op>Response) and enums.py (§4.3).
#include <fmt/format.h>

#include <algorithm>

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/generated_secrets.h"
#include "emit/python_fastapi/imports.h"
#include "emit/python_fastapi/names.h"
#include "emit/python_fastapi/type_map.h"

namespace s2r::emit::python_fastapi {

using nlohmann::json;

namespace {

// Every string value in `value` (keys excepted), each followed by a line break: the text of a
// schema module's models, searched for the names the module must import.
void CollectStrings(const json& value, std::string& out) {
  if (value.is_string()) {
    out += value.get_ref<const std::string&>();
    out += '\n';
  } else if (value.is_structured()) {
    for (const json& item : value) CollectStrings(item, out);
  }
}

// True when some model field passes arguments to pydantic's Field (its `field_args` is text).
bool AnyFieldArgs(const json& models) {
  return std::any_of(models.begin(), models.end(), [](const json& m) {
    const json& fields = m.at("fields");
    return std::any_of(fields.begin(), fields.end(),
                       [](const json& f) { return f.at("field_args").is_string(); });
  });
}

struct FieldSpec {
  std::string attr;
  std::string wire;
  std::string py_type;  // without `| None`
  bool nullable = false;
  std::vector<std::string> constraints;
  std::string field;  // the spec's field name (entity fields only)
};

json FieldContext(const FieldSpec& f, bool optional, bool with_constraints) {
  bool nullable = f.nullable || optional;
  std::vector<std::string> args;
  if (nullable) {
    args.emplace_back("default=None");
  }
  if (with_constraints) {
    args.insert(args.end(), f.constraints.begin(), f.constraints.end());
    // Input models: JSON Schema's `boolean` admits no `0` or `"true"`, so pydantic must not
    // coerce (openapi.yaml describes exactly what is accepted); integers use JsonInt. Only these
    // types: strict datetimes or UUIDs would reject the ISO strings JSON carries.
    if (f.py_type == "bool") {
      args.emplace_back("strict=True");
    }
  }
  if (f.attr != f.wire) {
    args.push_back("alias=" + PyString(f.wire));
  }
  bool needs_field = !args.empty() && !(args.size() == 1 && args[0] == "default=None");
  std::string joined;
  for (const std::string& a : args) {
    joined += (joined.empty() ? "" : ", ") + a;
  }
  std::string py_type = with_constraints && f.py_type == "int" ? "JsonInt" : f.py_type;
  return {{"attr", f.attr},
          {"py_type", py_type + (nullable ? " | None" : "")},
          {"field_args", needs_field ? json(joined) : json(false)},
          {"default", nullable ? json("None") : json(false)}};
}

// One `model_config = ConfigDict(...)` line: a second assignment would replace the first.
json Model(const std::string& name, const std::string& doc, json fields, bool from_attributes,
           bool escaped, const std::string& base = "BaseModel") {
  std::string config;
  for (auto [on, arg] : {std::pair{from_attributes, "from_attributes=True"},
                         std::pair{escaped, "populate_by_name=True"}}) {
    if (on) config += (config.empty() ? "" : ", ") + std::string(arg);
  }
  return {{"class_name", name},
          {"base", base},
          {"doc", doc},
          {"config", config.empty() ? json(false) : json::array({config})},
          {"fields", std::move(fields)}};
}

ir::Type Unwrapped(const ir::Type& t) {
  if (t.kind == ir::TypeKind::kOption && !t.args.empty()) return t.args[0];
  return t;
}

}  // namespace

Result<void> BuildSchemas(BuildState& state) {
  const convention::ServiceModel& model = state.model;
  const ir::Module& module = state.in.module;
  std::map<std::string, std::pair<std::string, json>> files;  // module -> (doc, models)
  std::map<std::string, ImportBlock> imports;

  for (const convention::Entity& entity : model.entities) {
    ImportBlock& imp = imports[entity.snake];
    imp.FromAll("pydantic", "BaseModel", "ConfigDict", "Field");
    std::vector<FieldSpec> declared;
    std::vector<bool> sensitive;
    for (const convention::EntityField& field : entity.fields) {
      if (field.is_id || (field.storage != convention::FieldStorage::kColumn &&
                          field.storage != convention::FieldStorage::kJsonColumn)) {
        continue;
      }
      FieldSpec f;
      std::string column = field.column.empty() ? field.name : field.column;
      f.attr = ColumnAttr(column);
      f.wire = column;
      f.field = field.name;
      f.py_type = PyType(Unwrapped(field.type), &imp);
      f.nullable = field.nullable;
      f.constraints = ApiConstraints(field.validation.value, field.type, model.dialect);
      declared.push_back(f);
      sensitive.push_back(field.sensitive);
    }
    bool escaped = false;
    for (const FieldSpec& f : declared) escaped = escaped || f.attr != f.wire;
    json create = json::array();
    json read = json::array();
    json update = json::array();
    json seed = json::array();
    read.push_back({{"attr", "id"}, {"py_type", "int"}, {"field_args", false}, {"default", false}});
    seed.push_back(FieldContext({"id", "id", "int", false,
                                 ApiConstraints({}, ir::Type::Of(ir::TypeKind::kInt), model.dialect), {}},
                                true, true));
    if (const convention::EntityField* id = entity.FindField(entity.primary_key);
        id != nullptr && !entity.synthesized_id) {
      FieldSpec f{ColumnAttr(entity.primary_key), entity.primary_key, "int", false,
                  ApiConstraints(id->validation.value, id->type, model.dialect), {}};
      seed[0] = FieldContext(f, true, true);
    }
    for (std::size_t i = 0; i < declared.size(); ++i) {
      create.push_back(FieldContext(declared[i], false, true));
      if (!sensitive[i]) read.push_back(FieldContext(declared[i], false, false));
      update.push_back(FieldContext(declared[i], true, true));
      seed.push_back(FieldContext(declared[i], false, true));
    }
    // A collection held in child rows (`items: Set[LineItem]`) is part of the entity's value:
    // the read view lists it (the ORM relationship of the same name loads it).
    for (const convention::EntityField& field : entity.fields) {
      const convention::Entity* child = ChildRowsEntity(model, field);
      if (child == nullptr) continue;
      read.push_back({{"attr", ColumnAttr(field.name)},
                      {"py_type", "list[" + child->read_schema + "]"},
                      {"field_args", "default_factory=list"},
                      {"default", false}});
    }
    json models = json::array();
    models.push_back(Model(entity.create_schema, "Create payload for " + entity.name + ".",
                           std::move(create), false, escaped));
    models.push_back(Model(entity.read_schema, "Read view of " + entity.name + ".",
                           std::move(read), true, escaped));
    std::vector<std::string> revealed = RevealedFields(model, entity);
    if (!revealed.empty()) {
      json secrets = json::array();
      for (std::size_t i = 0; i < declared.size(); ++i) {
        bool shown = std::find(revealed.begin(), revealed.end(), declared[i].field) != revealed.end();
        if (sensitive[i] && shown) secrets.push_back(FieldContext(declared[i], false, false));
      }
      models.push_back(Model(WithSecretsSchema(entity),
                             "Read view of " + entity.name +
                                 " with the secrets the operation generated (shown once).",
                             std::move(secrets), false, false, entity.read_schema));
    }
    models.push_back(Model(entity.update_schema,
                           "Update payload for " + entity.name + " (every field optional).",
                           std::move(update), false, escaped));
    models.push_back(Model(entity.name + "Seed",
                           "Admin seed payload for " + entity.name + " (`id` optional).",
                           std::move(seed), false, escaped));
    files[entity.snake] = {entity.name, std::move(models)};
  }

  for (const convention::Operation& op : model.operations) {
    std::string mod = SchemaModule(model, op);
    auto& [doc, models] = files[mod];
    if (doc.empty()) doc = mod == "state_ops" ? "the service-level operations" : mod;
    if (!models.is_array()) models = json::array();
    ImportBlock& imp = imports[mod];
    imp.FromAll("pydantic", "BaseModel", "ConfigDict", "Field");
    if (op.request.kind == convention::RequestBodyKind::kOperation) {
      json fields = json::array();
      bool escaped = false;
      for (const std::string& name : op.request.fields) {
        const convention::Parameter* p = op.FindParam(name);
        if (p == nullptr) continue;
        FieldSpec f{EscapeAttr(name), name, PyType(Unwrapped(p->type), &imp),
                    p->type.kind == ir::TypeKind::kOption || !p->required,
                    ApiConstraints(p->validation.value, p->type, model.dialect), {}};
        escaped = escaped || f.attr != f.wire;
        fields.push_back(FieldContext(f, false, true));
      }
      models.push_back(
          Model(op.request.schema, "Body of " + op.name + ".", std::move(fields), false, escaped));
    }
    if (op.response.kind == convention::ResponseKind::kOutputs) {
      json fields = json::array();
      bool escaped = false;
      const ir::Operation& ir_op = module.operations.at(op.ir_index);
      for (const std::string& name : op.response.outputs) {
        const ir::Param* out = ir_op.FindOutput(name);
        if (out == nullptr) continue;
        FieldSpec f{EscapeAttr(name), name, PyType(Unwrapped(out->type), &imp),
                    out->type.kind == ir::TypeKind::kOption, {}, {}};
        escaped = escaped || f.attr != f.wire;
        fields.push_back(FieldContext(f, false, false));
      }
      models.push_back(
          Model(op.response.schema, "Outputs of " + op.name + ".", std::move(fields), false,
                escaped));
    }
  }

  for (auto& [mod, entry] : files) {
    // Keep only the pydantic names the models use (F401).
    std::string all;
    CollectStrings(entry.second, all);
    ImportBlock& imp = imports[mod];
    ImportBlock used;
    if (!entry.second.empty()) {
      used.From("pydantic", "BaseModel");
    }
    if (all.find("ConfigDict") != std::string::npos || all.find("from_attributes") != std::string::npos ||
        all.find("populate_by_name") != std::string::npos) {
      used.From("pydantic", "ConfigDict");
    }
    if (AnyFieldArgs(entry.second)) used.From("pydantic", "Field");
    if (all.find("JsonInt") != std::string::npos) used.From("app.schemas", "JsonInt");
    if (all.find("datetime.") != std::string::npos) used.Import("datetime");
    if (all.find("uuid.") != std::string::npos) used.Import("uuid");
    for (const convention::EnumModel& e : model.enums) {
      if (all.find(e.name + "Value") != std::string::npos) used.From("app.schemas.enums", e.name + "Value");
    }
    for (const convention::Entity& other : model.entities) {
      if (other.snake != mod && all.find("list[" + other.read_schema + "]") != std::string::npos) {
        used.From("app.schemas." + other.snake, other.read_schema);
      }
    }
    (void)imp;
    state.files.push_back({"app/schemas/entity.py.mustache", "app/schemas/" + mod + ".py",
                           {{"doc_subject", entry.first},
                            {"imports", used.Render()},
                            {"models", std::move(entry.second)}}});
  }
  if (!model.enums.empty()) {
    json enums = json::array();
    for (const convention::EnumModel& e : model.enums) {
      json values = json::array();
      for (const std::string& v : e.values) values.push_back({{"value", v}});
      enums.push_back({{"alias", e.name + "Value"}, {"values", FlagList(values)}});
    }
    state.files.push_back(
        {"app/schemas/enums.py.mustache", "app/schemas/enums.py", {{"enums", enums}}});
  }
  return {};
}

}  // namespace s2r::emit::python_fastapi
