#include "emit/python_fastapi/openapi.h"

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/generated_secrets.h"
#include "emit/python_fastapi/yaml_text.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <cstdint>
#include <limits>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emit/python_fastapi/security.h"

namespace s2r::emit::python_fastapi {

namespace {

using convention::Constraints;
using convention::Operation;
using convention::ParamLocation;
using convention::ResponseKind;
using convention::ServiceModel;
using Json = nlohmann::ordered_json;

constexpr std::int64_t kPageLimitDefault = 50;   // app/pagination.py (pagination.default_limit)
constexpr std::int64_t kPageLimitMax = 100;      // pagination.max_limit
constexpr std::int64_t kOffsetMax = 2147483647;  // 2**31 - 1

constexpr std::string_view kSchemaRef = "#/components/schemas/";

std::string Ref(std::string_view schema) { return fmt::format("{}{}", kSchemaRef, schema); }

// Adds to `names` every component schema `value` refers to: any string in it, key or value,
// that is a whole reference (`#/components/schemas/<name>`).
void CollectRefs(const Json& value, std::set<std::string, std::less<>>& names) {
  auto add = [&names](const std::string& text) {
    if (text.size() > kSchemaRef.size() && text.compare(0, kSchemaRef.size(), kSchemaRef) == 0) {
      names.insert(text.substr(kSchemaRef.size()));
    }
  };
  if (value.is_string()) {
    add(value.get_ref<const std::string&>());
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      add(key);
      CollectRefs(item, names);
    }
  } else if (value.is_array()) {
    for (const Json& item : value) {
      CollectRefs(item, names);
    }
  }
}

const ir::Type& Unwrapped(const ir::Type& type) {
  if (type.kind == ir::TypeKind::kOption && !type.args.empty()) {
    return type.args[0];
  }
  return type;
}

// The pydantic pattern: the spec regex when anchored as `^…$` (unescaped `$`), else
// `^(?:…)$` (docs/emit-context.md §6.2).
std::string AnchoredRegex(std::string_view pattern) {
  bool anchored = false;
  if (pattern.size() >= 2 && pattern.front() == '^' && pattern.back() == '$') {
    std::size_t run = 0;
    for (std::size_t i = pattern.size() - 1; i > 0 && pattern[i - 1] == '\\'; --i) {
      ++run;
    }
    anchored = run % 2 == 0;
  }
  return anchored ? std::string(pattern) : fmt::format("^(?:{})$", pattern);
}

// A decimal literal as a JSON number (integer when it has no fraction or exponent).
Json Number(const std::string& text, bool integer) {
  if (integer) {
    try {
      return Json(std::stoll(text));
    } catch (...) {
      return Json(text);
    }
  }
  try {
    return Json(std::stod(text));
  } catch (...) {
    return Json(text);
  }
}

// JSON Schema of a value of `type` (Option already unwrapped), as pydantic renders it.
Json TypeSchema(const ir::Type& type, const ServiceModel& model) {
  switch (type.kind) {
    case ir::TypeKind::kBool:
      return {{"type", "boolean"}};
    case ir::TypeKind::kInt:
    case ir::TypeKind::kEntity:  // entity references travel as their integer id
      return {{"type", "integer"}};
    case ir::TypeKind::kFloat:
      return {{"type", "number"}};
    case ir::TypeKind::kDateTime:
      return {{"type", "string"}, {"format", "date-time"}};
    case ir::TypeKind::kDuration:
      return {{"type", "string"}, {"format", "duration"}};
    case ir::TypeKind::kUuid:
      return {{"type", "string"}, {"format", "uuid"}};
    case ir::TypeKind::kEnum: {
      Json values = Json::array();
      for (const convention::EnumModel& e : model.enums) {
        if (e.name == type.name) {
          for (const std::string& v : e.values) values.push_back(v);
        }
      }
      return {{"type", "string"}, {"enum", values}};
    }
    case ir::TypeKind::kSet:
    case ir::TypeKind::kSeq:
      return {{"type", "array"},
              {"items", type.args.empty() ? Json{{"type", "string"}}
                                          : TypeSchema(Unwrapped(type.args[0]), model)}};
    case ir::TypeKind::kMap:
    case ir::TypeKind::kRelation:
      return {{"type", "object"},
              {"additionalProperties", type.args.size() == 2
                                           ? TypeSchema(Unwrapped(type.args[1]), model)
                                           : Json{{"type", "string"}}}};
    default:
      return {{"type", "string"}};
  }
}

// Adds the API constraints the generated pydantic/Path/Query declarations enforce (the same
// choices as the python-fastapi schema builder: first pattern only, integers always bounded,
// int64 when the reduction gives no bound).
void AddConstraints(Json& schema, const Constraints& c, const ir::Type& type) {
  bool is_int = type.kind == ir::TypeKind::kInt || type.kind == ir::TypeKind::kEntity;
  bool is_float = type.kind == ir::TypeKind::kFloat;
  bool is_string = type.kind == ir::TypeKind::kString;
  bool is_array = type.kind == ir::TypeKind::kSet || type.kind == ir::TypeKind::kSeq;
  bool is_object = type.kind == ir::TypeKind::kMap || type.kind == ir::TypeKind::kRelation;
  auto length = [&](std::string_view what, std::int64_t value) {
    if (is_string) {
      schema[fmt::format("{}Length", what)] = value;
    } else if (is_array) {
      schema[fmt::format("{}Items", what)] = value;
    } else if (is_object) {
      schema[fmt::format("{}Properties", what)] = value;
    }
  };
  if (c.min_length) length("min", c.min_length->value);
  if (c.max_length) length("max", c.max_length->value);
  if (is_string && !c.patterns.empty()) {
    schema["pattern"] = AnchoredRegex(c.patterns.front().regex);
  }
  if (is_int) {
    std::int64_t lo = std::numeric_limits<std::int64_t>::min();
    std::int64_t hi = std::numeric_limits<std::int64_t>::max();
    if (c.minimum && c.minimum->integer) lo = c.minimum->InclusiveInt(true);
    if (c.maximum && c.maximum->integer) hi = c.maximum->InclusiveInt(false);
    schema["minimum"] = lo;
    schema["maximum"] = hi;
  } else if (is_float) {
    if (c.minimum) {
      schema[c.minimum->exclusive ? "exclusiveMinimum" : "minimum"] =
          Number(c.minimum->value, false);
    }
    if (c.maximum) {
      schema[c.maximum->exclusive ? "exclusiveMaximum" : "maximum"] =
          Number(c.maximum->value, false);
    }
  }
}

Json Nullable(Json schema) {
  return Json{{"anyOf", Json::array({std::move(schema), Json{{"type", "null"}}})}};
}

// Schema of a field/parameter: type, constraints when the app validates them, null when
// optional.
Json ValueSchema(const ir::Type& declared, const Constraints* constraints, bool nullable,
                 const ServiceModel& model) {
  const ir::Type& type = Unwrapped(declared);
  Json schema = TypeSchema(type, model);
  if (constraints != nullptr) AddConstraints(schema, *constraints, type);
  return nullable ? Nullable(std::move(schema)) : schema;
}

struct ObjectBuilder {
  Json properties = Json::object();
  Json required = Json::array();
  void Add(const std::string& name, Json schema, bool is_required) {
    properties[name] = std::move(schema);
    if (is_required) required.push_back(name);
  }
  // Moves the collected properties out: called once, last.
  [[nodiscard]] Json Build(const std::string& description) && {
    Json out{{"type", "object"}, {"description", description}};
    out["properties"] = std::move(properties);
    if (!required.empty()) out["required"] = std::move(required);
    return out;
  }
};

bool StoredInline(const convention::EntityField& f) {
  return !f.is_id && (f.storage == convention::FieldStorage::kColumn ||
                      f.storage == convention::FieldStorage::kJsonColumn);
}

std::string Wire(const convention::EntityField& f) { return f.column.empty() ? f.name : f.column; }

// Component schemas in declaration order: ErrorResponse and FastAPI's validation error shapes,
// then per entity Create/Read/Update/Seed, then per operation Request/Response.
std::vector<std::pair<std::string, Json>> AllSchemas(const ir::Module& module,
                                                     const ServiceModel& model) {
  std::vector<std::pair<std::string, Json>> out;
  out.emplace_back("ErrorResponse",
                   Json{{"type", "object"},
                        {"description", "Error body of 401/404/409 answers and of 422 answers "
                                        "raised by guards or the database."},
                        {"properties", {{"detail", {{"type", "string"}}}}},
                        {"required", Json::array({"detail"})}});
  out.emplace_back(
      "ValidationError",
      Json{{"type", "object"},
           {"properties",
            {{"loc",
              {{"type", "array"},
               {"items", {{"anyOf", Json::array({Json{{"type", "string"}},
                                                  Json{{"type", "integer"}}})}}}}},
             {"msg", {{"type", "string"}}},
             {"type", {{"type", "string"}}},
             {"input", Json::object()},
             {"ctx", {{"type", "object"}}}}},
           {"required", Json::array({"loc", "msg", "type"})}});
  out.emplace_back(
      "HTTPValidationError",
      Json{{"type", "object"},
           {"description", "Request validation error (FastAPI)."},
           {"properties",
            {{"detail", {{"type", "array"}, {"items", {{"$ref", Ref("ValidationError")}}}}}}}});

  for (const convention::Entity& entity : model.entities) {
    ObjectBuilder create, read, update, seed;
    read.Add("id", Json{{"type", "integer"}}, true);
    Constraints id_constraints;
    const ir::Type int_type = ir::Type::Of(ir::TypeKind::kInt);
    const ir::Type* id_type = &int_type;
    if (const convention::EntityField* id = entity.FindField(entity.primary_key);
        id != nullptr && !entity.synthesized_id) {
      id_constraints = id->validation.value;
      id_type = &id->type;
    }
    seed.Add("id", ValueSchema(Unwrapped(*id_type).kind == ir::TypeKind::kInt ? *id_type : int_type,
                               &id_constraints, true, model),
             false);
    for (const convention::EntityField& f : entity.fields) {
      if (!StoredInline(f)) continue;
      const Constraints* c = &f.validation.value;
      create.Add(Wire(f), ValueSchema(f.type, c, f.nullable, model), !f.nullable);
      if (!f.sensitive) read.Add(Wire(f), ValueSchema(f.type, nullptr, f.nullable, model), !f.nullable);
      update.Add(Wire(f), ValueSchema(f.type, c, true, model), false);
      seed.Add(Wire(f), ValueSchema(f.type, c, f.nullable, model), !f.nullable);
    }
    for (const convention::EntityField& f : entity.fields) {  // child rows: listed when read
      const convention::Entity* child = ChildRowsEntity(model, f);
      if (child == nullptr) continue;
      read.Add(f.name, Json{{"type", "array"}, {"items", {{"$ref", Ref(child->read_schema)}}}},
               false);
    }
    out.emplace_back(entity.create_schema,
                     std::move(create).Build("Create payload for " + entity.name + "."));
    out.emplace_back(entity.read_schema,
                     std::move(read).Build("Read view of " + entity.name + "."));
    std::vector<std::string> revealed = RevealedFields(model, entity);
    if (!revealed.empty()) {
      Json with = out.back().second;
      for (const convention::EntityField& f : entity.fields) {
        if (std::find(revealed.begin(), revealed.end(), f.name) == revealed.end()) continue;
        with["properties"][Wire(f)] = ValueSchema(f.type, nullptr, f.nullable, model);
        if (!f.nullable) with["required"].push_back(Wire(f));
      }
      with["description"] = "Read view of " + entity.name +
                            " with the secrets the operation generated (shown once).";
      out.emplace_back(WithSecretsSchema(entity), std::move(with));
    }
    out.emplace_back(entity.update_schema,
                     std::move(update).Build("Update payload for " + entity.name +
                                             " (every field optional)."));
    out.emplace_back(entity.name + "Seed",
                     std::move(seed).Build("Admin seed payload for " + entity.name +
                                           " (`id` optional)."));
  }

  for (const Operation& op : model.operations) {
    if (op.request.kind == convention::RequestBodyKind::kOperation) {
      ObjectBuilder body;
      for (const std::string& name : op.request.fields) {
        const convention::Parameter* p = op.FindParam(name);
        if (p == nullptr) continue;
        bool optional = p->type.kind == ir::TypeKind::kOption || !p->required;
        body.Add(name, ValueSchema(p->type, &p->validation.value, optional, model), !optional);
      }
      out.emplace_back(op.request.schema, std::move(body).Build("Body of " + op.name + "."));
    }
    if (op.response.kind == ResponseKind::kOutputs && op.ir_index < module.operations.size()) {
      ObjectBuilder body;
      const ir::Operation& ir_op = module.operations[op.ir_index];
      for (const std::string& name : op.response.outputs) {
        const ir::Param* p = ir_op.FindOutput(name);
        if (p == nullptr) continue;
        bool optional = p->type.kind == ir::TypeKind::kOption;
        body.Add(name, ValueSchema(p->type, nullptr, optional, model), !optional);
      }
      out.emplace_back(op.response.schema, std::move(body).Build("Outputs of " + op.name + "."));
    }
  }
  return out;
}

Json JsonContent(Json schema) {
  return Json{{"application/json", {{"schema", std::move(schema)}}}};
}

Json ErrorResponse(const std::string& description) {
  return Json{{"description", description}, {"content", JsonContent({{"$ref", Ref("ErrorResponse")}})}};
}

Json ValidationResponse(bool also_detail_string) {
  Json schema = {{"$ref", Ref("HTTPValidationError")}};
  if (also_detail_string) {
    schema = Json{{"anyOf", Json::array({schema, Json{{"$ref", Ref("ErrorResponse")}}})}};
  }
  return Json{{"description", also_detail_string
                                  ? "Validation error: request validation (FastAPI) or a value "
                                    "the guards or the database reject"
                                  : "Validation error"},
              {"content", JsonContent(std::move(schema))}};
}

// A 401 `{"detail": "Unauthorized"}` with its challenge header.
Json UnauthorizedResponse(const std::string& description) {
  return Json{{"description", description},
              {"headers", {{"WWW-Authenticate", {{"schema", {{"type", "string"}}}}}}},
              {"content", JsonContent({{"$ref", Ref("ErrorResponse")}})}};
}

bool IsPaginated(const Operation& op) { return op.response.kind == ResponseKind::kEntityList; }

Json SuccessResponse(const Operation& op) {
  std::string status_text = op.status == 204 ? "No content" : "Successful response";
  Json r{{"description", status_text}};
  switch (op.response.kind) {
    case ResponseKind::kNoContent:
    case ResponseKind::kEmpty:
      if (op.status != 204) r["description"] = "Successful response (empty body)";
      break;
    case ResponseKind::kEntity:
    case ResponseKind::kOutputs:
      r["content"] = JsonContent({{"$ref", Ref(op.response.schema)}});
      break;
    case ResponseKind::kEntityList:
      r["content"] =
          JsonContent({{"type", "array"}, {"items", {{"$ref", Ref(op.response.schema)}}}});
      break;
    case ResponseKind::kRedirect:
      r["description"] = "Redirect";
      r["headers"] = {{"Location",
                       {{"description", "The redirect target."},
                        {"required", true},
                        {"schema", {{"type", "string"}}}}}};
      break;
  }
  return r;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Json OperationObject(const Operation& op, const ServiceModel& model) {
  Json o{{"tags", Json::array({op.tag})},
         {"summary", op.name},
         {"description",
          fmt::format("{}: `{} {}`.", op.name, convention::MethodName(op.method), op.path)},
         {"operationId", op.snake}};
  Json params = Json::array();
  bool has_path_params = false;
  for (const convention::Parameter& p : op.params) {
    if (p.location == ParamLocation::kBody) continue;
    bool path = p.location == ParamLocation::kPath;
    has_path_params = has_path_params || path;
    bool optional = p.type.kind == ir::TypeKind::kOption;
    params.push_back({{"name", p.name},
                      {"in", path ? "path" : "query"},
                      {"required", path || p.required},
                      {"schema", ValueSchema(p.type, &p.validation.value, optional && !path, model)}});
  }
  if (IsPaginated(op)) {
    params.push_back({{"name", "limit"},
                      {"in", "query"},
                      {"required", false},
                      {"description", "Number of items to return."},
                      {"schema",
                       {{"type", "integer"},
                        {"minimum", 1},
                        {"maximum", kPageLimitMax},
                        {"default", kPageLimitDefault}}}});
    params.push_back({{"name", "offset"},
                      {"in", "query"},
                      {"required", false},
                      {"description", "Number of items to skip."},
                      {"schema",
                       {{"type", "integer"}, {"minimum", 0}, {"maximum", kOffsetMax}, {"default", 0}}}});
  }
  bool has_params = !params.empty();
  if (has_params) o["parameters"] = std::move(params);
  bool has_body = op.request.kind != convention::RequestBodyKind::kNone;
  if (has_body) {
    o["requestBody"] = {{"required", true},
                        {"content", JsonContent({{"$ref", Ref(op.request.schema)}})}};
  }
  bool writes = op.method != convention::HttpMethod::kGet;
  Json responses = Json::object();
  responses[std::to_string(op.status)] = SuccessResponse(op);
  // FastAPI answers 400 when the body cannot be decoded (not UTF-8) before validation runs.
  if (has_body) {
    responses["400"] = ErrorResponse("Malformed request body: it could not be decoded");
  }
  // Guards answer 404 for a missing key (get_or_404, present, `_rt.fail(404, ...)`); every route
  // addressing a resource by its path, or looking a row up by a key from its body, can answer it.
  if (has_path_params || op.answers_not_found) {
    responses["404"] = ErrorResponse("Resource not found");
  }
  // State guards (`_rt.fail(409, ...)`) answer 409 on any route; the app-wide IntegrityError
  // handler on writes.
  if (writes || op.answers_conflict) {
    responses["409"] = ErrorResponse("Conflict: a guard or a database constraint rejected the change");
  }
  // Value guards (`_rt.fail(422, ...)`) answer a string detail, on reads too.
  if (has_params || has_body || writes || op.answers_invalid) {
    responses["422"] = ValidationResponse(writes || op.answers_invalid);
  }
  if (!op.auth.empty()) {
    // requires_auth: any one scheme suffices (a list of one-scheme requirements is an OR); the
    // operation's dependency answers 401 before the handler runs.
    Json security = Json::array();
    for (const std::string& scheme : op.auth) {
      security.push_back(Json{{scheme, Json::array()}});
    }
    o["security"] = std::move(security);
    responses["401"] = UnauthorizedResponse("Missing or invalid credentials");
  }
  o["responses"] = std::move(responses);
  return o;
}

// components.securitySchemes entry of a spec scheme (the same scheme name and description the
// app's FastAPI security objects carry).
Json SecuritySchemeObject(const convention::SecuritySchemeModel& scheme) {
  Json out;
  switch (scheme.kind) {
    case convention::SecurityKind::kBearerJwt:
    case convention::SecurityKind::kBearerToken:
      out = {{"type", "http"}, {"scheme", "bearer"}};
      if (!scheme.bearer_format.empty()) out["bearerFormat"] = scheme.bearer_format;
      break;
    case convention::SecurityKind::kApiKey:
      out = {{"type", "apiKey"},
             {"in", std::string(convention::ApiKeyLocationName(scheme.location))},
             {"name", scheme.parameter_name}};
      break;
    case convention::SecurityKind::kBasic:
      out = {{"type", "http"}, {"scheme", "basic"}};
      break;
  }
  out["description"] = SchemeDescription(scheme);
  return out;
}

Json AdminErrors(Json responses) {
  responses["401"] = UnauthorizedResponse("Missing or wrong admin bearer token");
  responses["404"] = ErrorResponse("The admin surface is disabled (no ADMIN_TOKEN configured)");
  return responses;
}

Json AdminOp(std::string_view id, std::string_view summary, Json responses) {
  return Json{{"tags", Json::array({"admin"})},
              {"summary", summary},
              {"operationId", id},
              {"security", Json::array({Json{{"AdminBearer", Json::array()}}})},
              {"responses", AdminErrors(std::move(responses))}};
}

Json BuildDocument(const ir::Module& module, const ServiceModel& model) {
  Json doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = {{"title", model.name},
                 {"version", "0.1.0"},
                 {"description", fmt::format("API for {}. Generated from formal specification.",
                                             model.name)}};
  doc["servers"] = Json::array(
      {Json{{"url", "http://localhost:8000"}, {"description", "Local development"}}});

  Json tags = Json::array();
  std::set<std::string> seen_tags;
  for (const convention::Entity& e : model.entities) {
    if (e.operations.empty() || !seen_tags.insert(e.tag).second) continue;
    tags.push_back({{"name", e.tag}, {"description", e.name + " operations"}});
  }
  for (const Operation& op : model.operations) {
    if (seen_tags.insert(op.tag).second) {
      tags.push_back({{"name", op.tag}, {"description", "Service-level operations"}});
    }
  }
  tags.push_back({{"name", "infrastructure"}, {"description", "Health and metrics endpoints"}});
  tags.push_back({{"name", "admin"},
                  {"description", "Bearer-guarded admin surface (state export / seed / reset)"}});
  doc["tags"] = std::move(tags);

  Json paths = Json::object();
  // Infrastructure routes of app/main.py.
  paths["/health"]["get"] = {
      {"tags", Json::array({"infrastructure"})},
      {"summary", "Liveness probe"},
      {"operationId", "health"},
      {"responses",
       {{"200",
         {{"description", "The process is up"},
          {"content", JsonContent({{"type", "object"},
                                   {"properties", {{"status", {{"type", "string"}, {"enum", Json::array({"ok"})}}}}},
                                   {"required", Json::array({"status"})}})}}}}}};
  auto status_body = [](std::string_view value) {
    return JsonContent({{"type", "object"},
                        {"properties", {{"status", {{"type", "string"}, {"enum", Json::array({value})}}}}},
                        {"required", Json::array({"status"})}});
  };
  paths["/ready"]["get"] = {
      {"tags", Json::array({"infrastructure"})},
      {"summary", "Readiness probe (database reachable)"},
      {"operationId", "ready"},
      {"responses",
       {{"200", {{"description", "The database answers"}, {"content", status_body("ready")}}},
        {"503", {{"description", "The database does not answer"}, {"content", status_body("unavailable")}}}}}};
  paths["/metrics"]["get"] = {
      {"tags", Json::array({"infrastructure"})},
      {"summary", "Prometheus metrics"},
      {"operationId", "metrics"},
      {"responses",
       {{"200",
         {{"description", "Prometheus text exposition format"},
          {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}}}}}};

  // The /admin surface of app/routers/admin.py.
  paths["/admin/reset"]["post"] =
      AdminOp("reset", "Delete every row and restore the scalar state to its seed",
              {{"204", {{"description", "No content"}}}});
  paths["/admin/state"]["get"] = AdminOp(
      "state", "The spec's state, one key per state field",
      {{"200", {{"description", "State snapshot"},
                {"content", JsonContent({{"type", "object"}, {"additionalProperties", true}})}}}});
  for (const convention::Entity& e : model.entities) {
    Json op = AdminOp(
        "seed_" + e.snake, "Insert one " + e.name + " row as given, bypassing preconditions",
        {{"201", {{"description", "Created; the body carries the primary key"},
                  {"content", JsonContent({{"type", "object"}, {"additionalProperties", true}})}}},
         {"400", ErrorResponse("Malformed request body: it could not be decoded")},
         {"422", ValidationResponse(true)}});
    op["requestBody"] = {{"required", true},
                         {"content", JsonContent({{"$ref", Ref(e.name + "Seed")}})}};
    paths["/admin/seed/" + e.snake]["post"] = std::move(op);
  }

  for (const Operation& op : model.operations) {
    paths[op.path][Lower(convention::MethodName(op.method))] = OperationObject(op, model);
  }
  doc["paths"] = std::move(paths);

  // Component schemas, only those referenced (the app documents exactly the models it uses).
  // A schema used by a used schema (OrderRead -> LineItemRead) is used: repeat to a fixpoint.
  std::set<std::string, std::less<>> referenced;
  CollectRefs(doc["paths"], referenced);
  auto all = AllSchemas(module, model);
  std::vector<bool> used(all.size(), false);
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!used[i] && referenced.count(all[i].first) != 0) {
        used[i] = true;
        CollectRefs(all[i].second, referenced);
        grew = true;
      }
    }
  }
  Json schemas = Json::object();
  for (std::size_t i = 0; i < all.size(); ++i) {  // declaration order, not discovery order
    if (used[i]) schemas[all[i].first] = std::move(all[i].second);
  }
  doc["components"]["schemas"] = std::move(schemas);
  Json schemes = Json::object();
  for (const convention::SecuritySchemeModel& scheme : model.security) {
    schemes[scheme.name] = SecuritySchemeObject(scheme);
  }
  schemes["AdminBearer"] = {
      {"type", "http"},
      {"scheme", "bearer"},
      {"description", "Admin surface credential (ADMIN_TOKEN). With no token configured on the "
                      "service, /admin routes answer 404."}};
  doc["components"]["securitySchemes"] = std::move(schemes);
  return doc;
}

}  // namespace

std::string RenderOpenApi(const ir::Module& module, const ServiceModel& model) {
  std::string text = "# generated by spec-to-rest from " +
                     (model.source_name.empty()
                          ? std::string("the spec")
                          : std::filesystem::path(model.source_name).filename().string()) +
                     "; do not edit\n" + YamlText(BuildDocument(module, model));
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace s2r::emit::python_fastapi
