// HTTP mapping of operations and route validation.
#include "convention/routes.h"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "convention/expr_util.h"
#include "convention/naming.h"
#include "convention/schema.h"
#include "convention/validation.h"
#include "ir/infer_type.h"

namespace s2r::convention {
namespace {

using ir::Expr;
using ir::ExprKind;
using ir::TypeKind;

std::optional<HttpMethod> ParseMethod(std::string_view text) {
  if (text == "GET") return HttpMethod::kGet;
  if (text == "POST") return HttpMethod::kPost;
  if (text == "PUT") return HttpMethod::kPut;
  if (text == "PATCH") return HttpMethod::kPatch;
  if (text == "DELETE") return HttpMethod::kDelete;
  return std::nullopt;
}

bool IsRedirectStatus(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// `ArchiveTodo` -> `Archive`, `TodoArchive` -> `Archive`, else the whole name.
std::string ExtractVerb(std::string_view op, std::string_view entity) {
  if (!entity.empty() && op.size() > entity.size()) {
    if (op.substr(op.size() - entity.size()) == entity) {
      return std::string(op.substr(0, op.size() - entity.size()));
    }
    if (op.substr(0, entity.size()) == entity) {
      return std::string(op.substr(entity.size()));
    }
  }
  return std::string(op);
}

// The first input that can identify a resource: typed like the key of a state relation, or a
// bare Int named `id` / `*_id`.
std::string FindIdParam(const ir::Module& module, const ir::Operation& op) {
  if (!module.state) {
    return {};
  }
  std::set<std::string> key_types;
  for (const ir::StateField& field : *module.state) {
    if (field.type.kind == TypeKind::kRelation && !field.type.args.empty()) {
      std::string name = WrittenTypeName(field.type.args[0]);
      if (!name.empty()) {
        key_types.insert(name);
      }
    }
  }
  for (const ir::Param& input : op.inputs) {
    std::string name = WrittenTypeName(input.type);
    if (name.empty()) {
      continue;
    }
    bool int_id = input.type.kind == TypeKind::kInt && input.type.alias.empty() &&
                  (input.name == "id" ||
                   (input.name.size() > 3 && input.name.compare(input.name.size() - 3, 3, "_id") == 0));
    if (key_types.count(name) > 0 || int_id) {
      return input.name;
    }
  }
  return {};
}

struct ParsedPath {
  std::vector<std::string> segments;      // placeholders kept as `{name}`
  std::vector<std::string> placeholders;  // in order, with repeats
  std::string bad_char;                   // first invalid character, rendered
  bool empty_segment = false;
};

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsPathChar(char c) {
  return IsWordChar(c) || c == '-' || c == '.' || c == '~' || c == ':' || c == '/' || c == '@' ||
         c == '%';
}

std::string RenderChar(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7f) {
    return fmt::format("U+{:04X}", static_cast<unsigned>(byte));
  }
  if (byte >= 0x80) {
    return fmt::format("byte 0x{:02X}", static_cast<unsigned>(byte));
  }
  return fmt::format("`{}`", c);
}

ParsedPath ParsePath(std::string_view path) {
  ParsedPath parsed;
  std::string segment;
  bool started = false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '/') {
      if (started) {
        if (segment.empty()) {
          parsed.empty_segment = true;
        }
        parsed.segments.push_back(segment);
        segment.clear();
      }
      started = true;
      continue;
    }
    if (c == '{') {
      std::size_t close = path.find('}', i + 1);
      std::string_view name =
          close == std::string_view::npos ? std::string_view{} : path.substr(i + 1, close - i - 1);
      if (!name.empty() && std::all_of(name.begin(), name.end(), IsWordChar)) {
        parsed.placeholders.emplace_back(name);
        segment += fmt::format("{{{}}}", name);
        i = close;
        continue;
      }
    }
    if (!IsPathChar(c) && parsed.bad_char.empty()) {
      parsed.bad_char = RenderChar(c);
    }
    segment += c;
  }
  if (started) {
    parsed.segments.push_back(segment);  // a trailing `/` leaves an empty last segment
  }
  return parsed;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool QueryCompatible(const ir::Type& type, bool allow_list) {
  switch (type.kind) {
    case TypeKind::kString:
    case TypeKind::kInt:
    case TypeKind::kFloat:
    case TypeKind::kBool:
    case TypeKind::kDateTime:
    case TypeKind::kDuration:
    case TypeKind::kUuid:
    case TypeKind::kEnum:
    case TypeKind::kUnknown:
      return true;
    case TypeKind::kOption:
      return !type.args.empty() && QueryCompatible(type.args[0], allow_list);
    case TypeKind::kSet:
    case TypeKind::kSeq:
      return allow_list && !type.args.empty() && QueryCompatible(type.args[0], false);
    default:
      return false;
  }
}

// The output an expression designates: `output.x` or a bare output name.
std::string OutputOf(const ir::Operation& op, const Expr& e) {
  if (e.kind == ExprKind::kFieldAccess && !e.operands.empty() && IsIdentifier(e.Operand(), "output") &&
      op.FindOutput(e.text) != nullptr) {
    return e.text;
  }
  if (e.kind == ExprKind::kIdentifier && op.FindOutput(e.text) != nullptr) {
    return e.text;
  }
  return {};
}

RouteKind DecideRouteKind(OperationKind kind, int status, const Response& response) {
  if (IsRedirectStatus(status)) {
    return RouteKind::kRedirect;
  }
  switch (kind) {
    case OperationKind::kCreate:
    case OperationKind::kCreateChild:
      return RouteKind::kCreate;
    case OperationKind::kDelete:
      return RouteKind::kDelete;
    case OperationKind::kTransition:
      return RouteKind::kTransition;
    case OperationKind::kRead:
    case OperationKind::kFilteredRead:
      return response.kind == ResponseKind::kEntityList ? RouteKind::kList : RouteKind::kRead;
    case OperationKind::kReplace:
    case OperationKind::kPartialUpdate:
      return RouteKind::kUpdate;
    case OperationKind::kSideEffect:
    case OperationKind::kBatchMutation:
      return RouteKind::kAction;
  }
  return RouteKind::kAction;
}

}  // namespace

int DefaultStatus(HttpMethod method, OperationKind kind) {
  if (method == HttpMethod::kDelete) {
    return 204;
  }
  switch (kind) {
    case OperationKind::kCreate:
    case OperationKind::kCreateChild:
      return 201;
    case OperationKind::kDelete:
      return 204;
    default:
      return 200;
  }
}

Endpoint ResolveEndpoint(const ir::Module& module, const ir::Operation& op,
                         const Classification& classification, const ConventionTable& conventions,
                         std::string_view segment) {
  Endpoint endpoint;
  endpoint.method = classification.default_method;
  if (std::optional<std::string> method = conventions.String(op.name, ConventionProperty::kHttpMethod)) {
    if (std::optional<HttpMethod> parsed = ParseMethod(*method)) {
      endpoint.method = *parsed;
      endpoint.method_from = Provenance::kConvention;
    }
  }
  if (std::optional<std::string> path = conventions.String(op.name, ConventionProperty::kHttpPath)) {
    endpoint.path = *path;
    endpoint.path_from = Provenance::kConvention;
  } else {
    std::string base = segment.empty() ? ToKebabCase(op.name) : std::string(segment);
    std::string id = FindIdParam(module, op);
    std::string action = ToKebabCase(ExtractVerb(op.name, classification.target_entity));
    switch (classification.kind) {
      case OperationKind::kCreate:
      case OperationKind::kCreateChild:
        endpoint.path = "/" + base;
        break;
      case OperationKind::kBatchMutation:
        endpoint.path = fmt::format("/{}/batch", base);
        break;
      case OperationKind::kSideEffect:
        endpoint.path = "/" + ToKebabCase(op.name);
        break;
      case OperationKind::kTransition:
        endpoint.path = id.empty() ? fmt::format("/{}/{}", base, action)
                                   : fmt::format("/{}/{{{}}}/{}", base, id, action);
        break;
      case OperationKind::kRead:
      case OperationKind::kFilteredRead:
      case OperationKind::kReplace:
      case OperationKind::kPartialUpdate:
      case OperationKind::kDelete:
        endpoint.path = id.empty() ? "/" + base : fmt::format("/{}/{{{}}}", base, id);
        break;
    }
  }
  if (std::optional<std::int64_t> status =
          conventions.Integer(op.name, ConventionProperty::kHttpStatusSuccess)) {
    endpoint.status = static_cast<int>(*status);
    endpoint.status_from = Provenance::kConvention;
  } else {
    endpoint.status = DefaultStatus(endpoint.method, classification.kind);
  }
  return endpoint;
}

// An input stored unchanged in an entity field (`E { f = input }`, `row with { f = input }` in
// `ensures`) must also satisfy the field's declared type, so the edge validates it (422) instead
// of leaving it to the table's CHECK constraint.
void AdoptStoredFieldConstraints(const ir::Operation& op, const ServiceModel& model,
                                 std::vector<Parameter>& params) {
  auto adopt = [&](const std::string& entity_name, const std::string& field_name,
                   const Expr& value) {
    if (value.kind != ir::ExprKind::kIdentifier || value.ref != ir::RefKind::kInput) return;
    const Entity* entity = model.FindEntity(entity_name);
    const EntityField* field = entity != nullptr ? entity->FindField(field_name) : nullptr;
    if (field == nullptr) return;
    for (Parameter& param : params) {
      if (param.name != value.text) continue;
      MergeConstraints(param.validation.value, field->validation.value);
      MergeConstraints(param.validation.element, field->validation.element);
    }
  };
  for (const Expr& clause : op.ensures_exprs) {
    ir::ForEachSubexpression(clause, [&](const Expr& e) {
      if (e.kind == ir::ExprKind::kConstructor) {
        for (std::size_t i = 0; i < e.names.size() && i < e.operands.size(); ++i) {
          adopt(e.text, e.names[i].text, e.operands[i]);
        }
      } else if (e.kind == ir::ExprKind::kWith && !e.operands.empty()) {
        for (std::size_t i = 0; i < e.names.size() && i + 1 < e.operands.size(); ++i) {
          adopt(ir::Unwrapped(e.operands[0].type).name, e.names[i].text, e.operands[i + 1]);
        }
      }
    });
  }
}

void DeriveRoute(const ir::Module& module, const ir::Operation& op,
                 const Classification& classification, const ConventionTable& conventions,
                 const ServiceModel& model, Operation& out,
                 std::vector<diag::Diagnostic>& diagnostics) {
  const Entity* entity = out.entity_index ? &model.entities[*out.entity_index] : nullptr;
  Endpoint endpoint = ResolveEndpoint(module, op, classification, conventions,
                                      entity != nullptr ? entity->plural_kebab : std::string());
  out.method = endpoint.method;
  out.method_from = endpoint.method_from;
  out.path = endpoint.path;
  out.path_from = endpoint.path_from;
  out.status = endpoint.status;
  out.status_from = endpoint.status_from;

  ParsedPath parsed = ParsePath(out.path);
  for (const std::string& name : parsed.placeholders) {
    if (std::find(out.path_params.begin(), out.path_params.end(), name) == out.path_params.end()) {
      out.path_params.push_back(name);
    }
  }
  ValidationReducer reducer(module);
  std::vector<std::string> body_fields;
  for (const ir::Param& input : op.inputs) {
    Parameter param;
    param.name = input.name;
    param.type = input.type;
    param.span = input.span;
    param.validation = reducer.ForType(input.type, nullptr);
    param.sensitive = false;
    bool in_path = std::find(out.path_params.begin(), out.path_params.end(), input.name) !=
                   out.path_params.end();
    if (in_path) {
      param.location = ParamLocation::kPath;
      param.required = true;
      if (!QueryCompatible(input.type, false)) {
        diagnostics.push_back(diag::UnsupportedParameterType(
            input.span, op.name, input.name, ir::ToString(input.type), "a URL path segment"));
      }
    } else {
      param.required = input.type.kind != TypeKind::kOption;
      if (out.method == HttpMethod::kGet) {
        param.location = ParamLocation::kQuery;
        // An absent repeated parameter is the empty collection, a valid Set or Seq value.
        if (input.type.kind == TypeKind::kSet || input.type.kind == TypeKind::kSeq) {
          param.required = false;
        }
        if (!QueryCompatible(input.type, true)) {
          diagnostics.push_back(diag::UnsupportedParameterType(
              input.span, op.name, input.name, ir::ToString(input.type),
              "the query string of a GET route"));
        }
      } else {
        param.location = ParamLocation::kBody;
        body_fields.push_back(input.name);
      }
    }
    out.params.push_back(std::move(param));
  }
  // `requires` atoms on one input alone (`len(title) <= 200`) are validated at the edge too.
  for (const Expr* atom : FlattenAll(op.requires_exprs)) {
    std::string_view subject = reducer.InvariantSubject(*atom);
    for (Parameter& param : out.params) {
      if (!subject.empty() && param.name == subject) {
        (void)reducer.ReduceSubjectAtom(*atom, subject, ConstraintOrigin::kPrecondition,
                                        param.validation.value);
      }
    }
  }

  AdoptStoredFieldConstraints(op, model, out.params);

  // Response.
  Response& response = out.response;
  for (const ParsedRule* rule : conventions.FindAll(op.name, ConventionProperty::kHttpHeader)) {
    ResponseHeader header;
    header.name = rule->rule->qualifier.value_or("");
    header.expr = rule->expr;
    header.output = rule->expr != nullptr ? OutputOf(op, *rule->expr) : std::string();
    header.span = rule->rule->span;
    response.headers.push_back(std::move(header));
  }
  for (const ir::Param& output : op.outputs) {
    response.outputs.push_back(output.name);
  }
  if (out.status == 204) {
    response.kind = ResponseKind::kNoContent;
  } else if (IsRedirectStatus(out.status)) {
    response.kind = ResponseKind::kRedirect;
    for (const ResponseHeader& header : response.headers) {
      std::string lower = header.name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == "location" && !header.output.empty()) {
        response.location_output = header.output;
      }
    }
    if (response.location_output.empty()) {
      std::vector<std::string> strings;
      for (const ir::Param& output : op.outputs) {
        if (output.type.kind == TypeKind::kString) {
          strings.push_back(output.name);
        }
      }
      if (strings.size() == 1) {
        response.location_output = strings[0];
      } else {
        diagnostics.push_back(
            diag::RedirectWithoutLocation(op.name_span.IsValid() ? op.name_span : op.span, op.name,
                                          out.status)
                .WithHelp(fmt::format("add `{}.http_header \"Location\" = output.<name>` to the "
                                      "conventions block",
                                      op.name)));
      }
    }
  } else if (op.outputs.empty()) {
    response.kind = ResponseKind::kEmpty;
  } else if (op.outputs.size() == 1 && op.outputs[0].type.kind == TypeKind::kEntity &&
             model.FindEntity(op.outputs[0].type.name) != nullptr) {
    response.kind = ResponseKind::kEntity;
    response.entity = op.outputs[0].type.name;
    response.schema = model.FindEntity(response.entity)->read_schema;
  } else if (op.outputs.size() == 1 &&
             (op.outputs[0].type.kind == TypeKind::kSet ||
              op.outputs[0].type.kind == TypeKind::kSeq) &&
             !op.outputs[0].type.args.empty() &&
             op.outputs[0].type.args[0].kind == TypeKind::kEntity &&
             model.FindEntity(op.outputs[0].type.args[0].name) != nullptr) {
    response.kind = ResponseKind::kEntityList;
    response.entity = op.outputs[0].type.args[0].name;
    response.schema = model.FindEntity(response.entity)->read_schema;
  } else {
    response.kind = ResponseKind::kOutputs;
    response.schema = op.name + "Response";
  }

  out.route_kind = DecideRouteKind(classification.kind, out.status, response);

  // Request body.
  if (!body_fields.empty()) {
    bool entity_shape = false;
    if (out.route_kind == RouteKind::kCreate && entity != nullptr) {
      std::set<std::string> expected;
      for (const EntityField& field : entity->fields) {
        if (!field.is_id && field.storage != FieldStorage::kChildRows) {
          expected.insert(field.name);
        }
      }
      std::set<std::string> given(body_fields.begin(), body_fields.end());
      entity_shape = given == expected && given.size() == body_fields.size();
    }
    out.request.kind = entity_shape ? RequestBodyKind::kEntityCreate : RequestBodyKind::kOperation;
    out.request.schema = entity_shape ? entity->create_schema : op.name + "Request";
    out.request.fields = body_fields;
    // An <E>Create body is validated with the entity's field constraints.
    for (Parameter& param : out.params) {
      const EntityField* field = entity_shape && param.location == ParamLocation::kBody
                                     ? entity->FindField(param.name)
                                     : nullptr;
      if (field == nullptr) continue;
      MergeConstraints(param.validation.value, field->validation.value);
      MergeConstraints(param.validation.element, field->validation.element);
    }
  }
}

namespace {

struct ReservedPrefix {
  std::string_view path;
  std::string_view owner;
};

constexpr ReservedPrefix kReserved[] = {
    {"/health", "the generated health endpoint"},
    {"/ready", "the generated readiness endpoint"},
    {"/metrics", "the generated Prometheus endpoint"},
    {"/admin", "the generated admin surface"},
    {"/docs", "the framework's interactive API documentation"},
    {"/redoc", "the framework's interactive API documentation"},
    {"/openapi.json", "the served OpenAPI document"},
};

std::string Normalized(const ParsedPath& parsed) {
  std::string out;
  for (const std::string& segment : parsed.segments) {
    out += "/";
    out += IsPlaceholder(segment) ? "{}" : segment;
  }
  return out.empty() ? "/" : out;
}

// Could `segment` be a valid value of `param`? Conservative: true unless a constraint rules it
// out.
bool CouldBe(const Parameter& param, const std::string& segment) {
  const ir::Type* type = &param.type;
  while (type->kind == TypeKind::kOption && !type->args.empty()) {
    type = &type->args[0];
  }
  const Constraints& c = param.validation.value;
  if (type->kind == TypeKind::kInt || type->kind == TypeKind::kDuration) {
    std::size_t start = !segment.empty() && segment[0] == '-' ? 1 : 0;
    if (segment.size() == start ||
        !std::all_of(segment.begin() + static_cast<long>(start), segment.end(),
                     [](char ch) { return ch >= '0' && ch <= '9'; })) {
      return false;
    }
  }
  if (type->kind == TypeKind::kBool && segment != "true" && segment != "false") {
    return false;
  }
  if (!c.allowed_values.empty() &&
      std::find(c.allowed_values.begin(), c.allowed_values.end(), segment) == c.allowed_values.end()) {
    return false;
  }
  auto length = static_cast<std::int64_t>(segment.size());
  if (type->kind == TypeKind::kString) {
    if ((c.min_length && length < c.min_length->value) ||
        (c.max_length && length > c.max_length->value)) {
      return false;
    }
    for (const Pattern& pattern : c.patterns) {
      try {
        if (!std::regex_match(segment, std::regex(pattern.regex, std::regex::ECMAScript))) {
          return false;
        }
      } catch (const std::regex_error&) {
        // Not understood here: assume it may match.
      }
    }
  }
  return true;
}

}  // namespace

void ValidateRoutes(ServiceModel& model, std::vector<diag::Diagnostic>& diagnostics) {
  std::vector<ParsedPath> parsed;
  for (const Operation& op : model.operations) {
    parsed.push_back(ParsePath(op.path));
    const ParsedPath& path = parsed.back();
    Span span = op.span;
    for (const ReservedPrefix& reserved : kReserved) {
      if (op.path == reserved.path ||
          (op.path.size() > reserved.path.size() &&
           op.path.compare(0, reserved.path.size(), reserved.path) == 0 &&
           op.path[reserved.path.size()] == '/')) {
        diagnostics.push_back(
            diag::ReservedRoute(span, op.name, op.path, reserved.owner)
                .WithHelp("rename the operation or set an `http_path` convention override"));
        break;
      }
    }
    std::set<std::string> seen;
    for (const std::string& name : path.placeholders) {
      if (!seen.insert(name).second) {
        diagnostics.push_back(diag::RepeatedPathParameter(span, op.name, op.path, name));
      }
    }
    for (const std::string& name : seen) {
      if (op.FindParam(name) == nullptr) {
        diagnostics.push_back(
            diag::PathParameterWithoutInput(span, op.name, op.path, name)
                .WithHelp(fmt::format("add an input named `{}` or correct the `http_path` "
                                      "override",
                                      name)));
      }
    }
    if (!path.bad_char.empty()) {
      diagnostics.push_back(diag::InvalidPathCharacter(span, op.name, op.path, path.bad_char));
    }
    if (path.empty_segment) {
      diagnostics.push_back(diag::EmptyPathSegment(span, op.name, op.path));
    }
  }
  // Duplicates and overlaps between routes of the same method.
  for (std::size_t i = 0; i < model.operations.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const Operation& a = model.operations[j];
      const Operation& b = model.operations[i];
      if (a.method != b.method || parsed[i].segments.size() != parsed[j].segments.size()) {
        continue;
      }
      if (Normalized(parsed[i]) == Normalized(parsed[j])) {
        diagnostics.push_back(
            diag::DuplicateRoute(b.span, a.name, b.name, MethodName(b.method), b.path)
                .WithLabel(a.span, "first route declared here"));
        continue;
      }
      // Overlap: every segment pair is equal or involves a placeholder.
      bool overlap = true;
      const Operation* general = nullptr;
      const Operation* specific = nullptr;
      std::string param_name;
      std::string literal;
      bool excluded = false;
      for (std::size_t s = 0; s < parsed[i].segments.size() && overlap; ++s) {
        const std::string& x = parsed[j].segments[s];
        const std::string& y = parsed[i].segments[s];
        bool px = IsPlaceholder(x);
        bool py = IsPlaceholder(y);
        if (!px && !py) {
          overlap = x == y;
        } else if (px != py) {
          const Operation& holder = px ? a : b;
          const std::string& name = px ? x : y;
          const std::string& value = px ? y : x;
          std::string bare = name.substr(1, name.size() - 2);
          if (const Parameter* param = holder.FindParam(bare); param != nullptr &&
                                                               !CouldBe(*param, value)) {
            excluded = true;
          }
          if (general == nullptr) {
            general = &holder;
            specific = px ? &b : &a;
            param_name = bare;
            literal = value;
          }
        }
      }
      if (overlap && !excluded && general != nullptr) {
        diagnostics.push_back(diag::AmbiguousRoute(
            general->span, MethodName(general->method), general->path, general->name,
            MethodName(specific->method), specific->path, specific->name,
            fmt::format("`{}` can never be `{}`", param_name, literal)));
      }
    }
  }
  // Registration order: at the first segment where two paths differ in kind, the static one
  // comes first.
  std::vector<std::size_t> order(model.operations.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::vector<std::vector<int>> keys;
  for (const ParsedPath& path : parsed) {
    std::vector<int> key;
    for (const std::string& segment : path.segments) {
      key.push_back(IsPlaceholder(segment) ? 1 : 0);
    }
    keys.push_back(std::move(key));
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return keys[x] < keys[y]; });
  model.route_order = std::move(order);
}

}  // namespace s2r::convention
