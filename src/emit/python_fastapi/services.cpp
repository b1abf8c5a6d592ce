// services/<module>.py (hook-wrapped methods + lowered bodies) and routers/<module>.py (§4.4,
// §4.5).
#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/hook_signature.h"
#include "emit/python_fastapi/imports.h"
#include "emit/python_fastapi/names.h"
#include "emit/python_fastapi/security.h"
#include "emit/python_fastapi/type_map.h"

namespace s2r::emit::python_fastapi {

using convention::ResponseKind;
using nlohmann::json;

namespace {

// Records the schema classes a result annotation needs.
void ImportResult(const convention::ServiceModel& model, const convention::Operation& op,
                  ImportBlock& imports) {
  if (op.response.schema.empty() || op.response.kind == ResponseKind::kRedirect) {
    return;
  }
  const convention::Entity* entity = model.FindEntity(op.response.entity);
  if ((op.response.kind == ResponseKind::kEntity || op.response.kind == ResponseKind::kEntityList) &&
      entity != nullptr) {
    imports.From("app.schemas." + entity->snake, op.response.schema);
  } else {
    imports.From("app.schemas." + SchemaModule(model, op), op.response.schema);
  }
}

std::size_t Braces(const std::string& path) {
  return static_cast<std::size_t>(std::count(path.begin(), path.end(), '{'));
}

}  // namespace

Result<void> BuildServices(BuildState& state) {
  const convention::ServiceModel& model = state.model;
  const std::vector<AuthDependency> auth = AuthDependencies(model);
  for (const OpGroup& group : state.groups) {
    ImportBlock simports;
    simports.FromAll("typing", "Protocol", "cast")
        .From("sqlalchemy.ext.asyncio", "AsyncSession")
        .From("app.extensions", "hook");
    ImportBlock rimports;
    rimports.From("fastapi", "APIRouter").From("app.database", "SessionDep");
    rimports.From("app.services." + group.module, group.service_class);
    json operations = json::array();
    json routes = json::array();
    for (const convention::Operation* op : group.operations) {
      // --- service method
      // The names come from the hook calling convention, so the stale-hook review compares
      // user hooks with exactly what these methods pass; the extras past the inputs are the
      // pagination ints.
      json params = json::array();
      std::vector<std::string> keywords = HookKeywords(*op);
      for (std::size_t i = 0; i < keywords.size(); ++i) {
        std::string type = i < op->params.size() ? PyType(op->params[i].type, &simports) : "int";
        params.push_back({{"py_name", keywords[i]}, {"py_type", type}});
      }
      std::string result_type = ResultType(*op);
      ImportResult(model, *op, simports);
      auto body = state.bodies.find(op->name);
      if (body == state.bodies.end()) {
        return Fail(fmt::format("no synthesis plan for operation {}", op->name));
      }
      for (const std::string& line : body->second.import_lines) {
        simports.AddLine(line);
      }
      operations.push_back({{"name", op->name},
                            {"snake", op->snake},
                            {"method_name", EscapeLocal(op->snake)},
                            {"http", fmt::format("{} {}", convention::MethodName(op->method), op->path)},
                            {"params", FlagList(std::move(params))},
                            {"result_type", result_type},
                            {"has_result", result_type != "None"},
                            {"body", body->second.text}});

      // --- route
      json rparams = json::array();
      json args = json::array();
      for (const convention::Parameter& p : op->params) {
        std::string py = EscapeLocal(p.name);
        // A collection that need not be given defaults to empty; anything else optional is None.
        bool empty_default = !p.required && (p.type.kind == ir::TypeKind::kSet ||
                                              p.type.kind == ir::TypeKind::kSeq);
        bool optional = p.type.kind == ir::TypeKind::kOption || (!p.required && !empty_default);
        if (p.location == convention::ParamLocation::kBody) {
          continue;
        }
        std::vector<std::string> kwargs;
        if (py != p.name) kwargs.push_back("alias=" + PyString(p.name));
        if (empty_default) kwargs.push_back("default_factory=list");
        for (const std::string& c : ApiConstraints(p.validation.value, p.type, model.dialect)) {
          kwargs.push_back(c);
        }
        std::string joined;
        for (const std::string& k : kwargs) joined += (joined.empty() ? "" : ", ") + k;
        std::string type = PyType(p.type, &rimports);
        if (optional && type.find("| None") == std::string::npos) type += " | None";
        bool path = p.location == convention::ParamLocation::kPath;
        std::string marker = path ? "Path" : "Query";
        rimports.From("typing", "Annotated").From("fastapi", marker);
        rparams.push_back(fmt::format("{}: Annotated[{}, {}({})]{}", py, type, marker, joined,
                                      optional && !path ? " = None" : ""));
        args.push_back({{"name", py}, {"expr", py}});
      }
      if (op->request.kind != convention::RequestBodyKind::kNone) {
        rparams.push_back("body: " + op->request.schema);
        rimports.From("app.schemas." + SchemaModule(model, *op), op->request.schema);
        for (const std::string& name : op->request.fields) {
          args.push_back({{"name", EscapeLocal(name)}, {"expr", "body." + EscapeAttr(name)}});
        }
      }
      if (IsPaginated(*op)) {
        rparams.push_back("page: Annotated[Pagination, Depends(pagination)]");
        rimports.From("typing", "Annotated").From("fastapi", "Depends");
        rimports.FromAll("app.pagination", "Pagination", "pagination");
        args.push_back({{"name", "limit"}, {"expr", "page.limit"}});
        args.push_back({{"name", "offset"}, {"expr", "page.offset"}});
      }
      bool redirect = op->response.kind == ResponseKind::kRedirect;
      bool empty = result_type == "None";
      std::string ret = result_type;
      if (redirect) {
        ret = "RedirectResponse";
        rimports.From("fastapi.responses", "RedirectResponse");
      } else if (empty) {
        ret = "Response";
        rimports.From("fastapi", "Response");
      } else {
        ImportResult(model, *op, rimports);
      }
      // requires_auth: the operation's dependency runs before the handler (401 when no
      // accepted credential is valid); AUTH_RESPONSES documents that 401.
      json dependencies = false;
      json responses = false;
      if (const AuthDependency* dependency = FindAuthDependency(auth, *op)) {
        dependencies = fmt::format("[Depends({})]", dependency->function);
        responses = "AUTH_RESPONSES";
        rimports.From("fastapi", "Depends").FromAll("app.security", "AUTH_RESPONSES",
                                                    dependency->function);
      }
      routes.push_back({{"verb", [&] {
                           std::string v(convention::MethodName(op->method));
                           for (char& c : v) c = static_cast<char>(std::tolower(c));
                           return v;
                         }()},
                        {"path_literal", PyString(op->path)},
                        {"path", op->path},
                        {"status", std::to_string(op->status)},
                        {"response_model", false},
                        {"responses", responses},
                        {"dependencies", dependencies},
                        {"handler", EscapeLocal(op->snake)},
                        {"summary", fmt::format("{}: `{} {}`.", op->name,
                                                convention::MethodName(op->method), op->path)},
                        {"params", std::move(rparams)},
                        {"args", std::move(args)},
                        {"kind_value", !redirect && !empty},
                        {"kind_redirect", redirect},
                        {"kind_empty", !redirect && empty},
                        {"return_annotation", ret},
                        {"service_class", group.service_class},
                        {"method_name", EscapeLocal(op->snake)}});
    }
    std::vector<json> sorted(std::make_move_iterator(routes.begin()),
                            std::make_move_iterator(routes.end()));
    std::stable_sort(sorted.begin(), sorted.end(), [](const json& a, const json& b) {
      return Braces(a["path"].get<std::string>()) < Braces(b["path"].get<std::string>());
    });
    state.files.push_back({"app/services/entity.py.mustache",
                           "app/services/" + group.module + ".py",
                           {{"doc_subject", group.doc_subject},
                            {"imports", simports.Render()},
                            {"service_class", group.service_class},
                            {"operations", std::move(operations)}}});
    state.files.push_back({"app/routers/entities.py.mustache",
                           "app/routers/" + group.router_module + ".py",
                           {{"doc_subject", group.doc_subject},
                            {"imports", rimports.Render()},
                            {"tag", group.tag},
                            {"routes", json(std::move(sorted))}}});
  }
  return {};
}

}  // namespace s2r::emit::python_fastapi
