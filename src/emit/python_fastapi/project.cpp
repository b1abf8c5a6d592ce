// Global keys (§3) and the once-per-project files (§4.8), per dialect (§5).
#include <algorithm>

#include <fmt/format.h>

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/hook_review.h"
#include "emit/python_fastapi/names.h"
#include "emit/python_fastapi/type_map.h"

namespace s2r::emit::python_fastapi {

using convention::Dialect;
using nlohmann::json;

namespace {

json Env(const std::vector<std::pair<std::string, std::string>>& pairs) {
  json out = json::array();
  for (const auto& [k, v] : pairs) out.push_back({{"key", k}, {"value", v}});
  return out;
}

bool HasCatchAll(const convention::ServiceModel& model, const OpGroup& group) {
  for (const convention::Operation* op : group.operations) {
    if (op->path.size() > 1 && op->path[1] == '{') return true;
  }
  (void)model;
  return false;
}

}  // namespace

Result<void> BuildProject(BuildState& state) {
  const convention::ServiceModel& model = state.model;
  const std::string& s = model.snake;
  json g;
  g["spec_file"] = state.in.spec_name;
  g["service_name"] = model.name;
  g["project_name"] = model.kebab;
  g["service_snake"] = s;
  g["version"] = state.in.options.version;
  g["create_date"] = state.in.options.create_date;
  json dialect;
  json db;
  json compose;
  json ci;
  switch (model.dialect) {
    case Dialect::kPostgres:
      dialect = {{"name", "postgresql"}, {"display", "PostgreSQL"}, {"async_driver", "asyncpg"},
                 {"driver_requirement", "asyncpg>=0.30"},
                 {"local_requirement", "a PostgreSQL server"}};
      g["database_url_local"] = fmt::format("postgresql+asyncpg://{0}:{0}@localhost:5432/{0}", s);
      g["database_url_compose"] = fmt::format("postgresql+asyncpg://{0}:{0}@db:5432/{0}", s);
      g["database_url_ci"] = fmt::format("postgresql+asyncpg://{0}:{0}@localhost:5432/{0}", s);
      db = {{"engine_kwargs", {"pool_size=10", "max_overflow=20", "pool_pre_ping=True"}},
            {"sqlite_pragmas", false},
            {"render_as_batch", "False"}};
      {
        json env = Env({{"POSTGRES_USER", s}, {"POSTGRES_PASSWORD", s}, {"POSTGRES_DB", s}});
        std::string health = fmt::format("pg_isready -U {0} -d {0}", s);
        compose = {{"db", {{"image", "postgres:17-alpine"}, {"data_path", "/var/lib/postgresql/data"},
                           {"environment", env}, {"healthcheck", health}}},
                   {"app_volume", false}, {"volume_name", "db_data"}};
        ci = {{"service", {{"image", "postgres:17-alpine"}, {"port", "5432"}, {"environment", env},
                           {"healthcheck", health}}}};
      }
      break;
    case Dialect::kSqlite:
      dialect = {{"name", "sqlite"}, {"display", "SQLite"}, {"async_driver", "aiosqlite"},
                 {"driver_requirement", "aiosqlite>=0.20"}, {"local_requirement", false}};
      g["database_url_local"] = fmt::format("sqlite+aiosqlite:///./{}.db", s);
      g["database_url_compose"] = fmt::format("sqlite+aiosqlite:////data/{}.db", s);
      g["database_url_ci"] = fmt::format("sqlite+aiosqlite:///./{}.db", s);
      db = {{"engine_kwargs", {"connect_args={\"timeout\": 30}"}},
            {"sqlite_pragmas", true},
            {"render_as_batch", "True"}};
      compose = {{"db", false}, {"app_volume", "db_data:/data"}, {"volume_name", "db_data"}};
      ci = {{"service", false}};
      break;
    case Dialect::kMysql:
      dialect = {{"name", "mysql"}, {"display", "MySQL / MariaDB"}, {"async_driver", "aiomysql"},
                 {"driver_requirement", "aiomysql>=0.2"},
                 {"local_requirement", "a MySQL 8 or MariaDB 10.6+ server"}};
      g["database_url_local"] =
          fmt::format("mysql+aiomysql://{0}:{0}@localhost:3306/{0}?charset=utf8mb4", s);
      g["database_url_compose"] =
          fmt::format("mysql+aiomysql://{0}:{0}@db:3306/{0}?charset=utf8mb4", s);
      g["database_url_ci"] =
          fmt::format("mysql+aiomysql://{0}:{0}@127.0.0.1:3306/{0}?charset=utf8mb4", s);
      db = {{"engine_kwargs",
             {"pool_size=10", "max_overflow=20", "pool_pre_ping=True", "pool_recycle=3600"}},
            {"sqlite_pragmas", false},
            {"render_as_batch", "False"}};
      {
        json env = Env({{"MYSQL_USER", s}, {"MYSQL_PASSWORD", s}, {"MYSQL_DATABASE", s},
                        {"MYSQL_ROOT_PASSWORD", s + "_root"}});
        std::string health = fmt::format("mysqladmin ping -h 127.0.0.1 -u {0} -p{0} --silent", s);
        compose = {{"db", {{"image", "mysql:8.4"}, {"data_path", "/var/lib/mysql"},
                           {"environment", env}, {"healthcheck", health}}},
                   {"app_volume", false}, {"volume_name", "db_data"}};
        ci = {{"service", {{"image", "mysql:8.4"}, {"port", "3306"}, {"environment", env},
                           {"healthcheck", health}}}};
      }
      break;
  }
  g["dialect"] = dialect;
  g["db"] = db;
  g["compose"] = compose;
  g["ci"] = ci;
  g["pagination"] = {{"default_limit", "50"}, {"max_limit", "100"}};
  g["sensitive_names"] = {"password", "password_hash", "secret", "token",
                          "api_key",  "authorization", "admin_token"};
  g["sensitive_suffixes"] = {"_hash", "_secret", "_password", "_api_key", "_token"};

  json settings_extra = json::array();
  for (const convention::StateBinding& binding : model.state) {
    if (binding.storage != convention::StateStorage::kSetting || binding.setting == "base_url") {
      continue;
    }
    std::string py = PyType(binding.type);
    std::string def = "\"\"";
    std::string env_def;
    if (py == "int") { def = "0"; env_def = "0"; }
    else if (py == "float") { def = "0.0"; env_def = "0.0"; }
    else if (py == "bool") { def = "False"; env_def = "false"; }
    else if (py != "str") { py = "str"; }
    std::string attr = EscapeAttr(binding.setting);
    std::string env = attr;
    for (char& c : env) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    settings_extra.push_back({{"comment", "state `" + binding.name + "` (read-only setting)"},
                              {"attr", attr}, {"py_type", py}, {"default", def},
                              {"env", env}, {"env_default", env_def}});
  }
  g["settings_extra"] = settings_extra;

  // Routers: admin first, then entity routers; routers with a catch-all first segment last.
  json imports = json::array({"admin"});
  std::vector<const OpGroup*> includes;
  for (const OpGroup& group : state.groups) includes.push_back(&group);
  std::stable_sort(includes.begin(), includes.end(), [&](const OpGroup* a, const OpGroup* b) {
    return !HasCatchAll(model, *a) && HasCatchAll(model, *b);
  });
  json include_list = json::array({"admin"});
  std::vector<std::string> sorted_imports = {"admin"};
  for (const OpGroup* group : includes) {
    include_list.push_back(group->router_module);
    sorted_imports.push_back(group->router_module);
  }
  std::sort(sorted_imports.begin(), sorted_imports.end());
  g["router_imports"] = sorted_imports;
  g["router_includes"] = include_list;

  json route_table = json::array();
  std::vector<std::string> hook_ops;
  for (const convention::Operation& op : model.operations) hook_ops.push_back(op.snake);
  for (std::size_t index : model.route_order) {
    const convention::Operation& op = model.operations[index];
    std::string auth;
    for (const std::string& scheme : op.auth) {
      auth += fmt::format("{}`{}`", auth.empty() ? "" : " or ", scheme);
    }
    route_table.push_back({{"method", convention::MethodName(op.method)},
                           {"path", op.path},
                           {"operation", op.name},
                           {"auth", auth.empty() ? json(false) : json(auth)}});
  }
  std::string joined;
  for (const std::string& h : hook_ops) joined += (joined.empty() ? "" : ", ") + h;
  g["hook_ops"] = joined;
  json example = {{"op", "example"}, {"params", ""}};
  if (!model.operations.empty()) {
    const convention::Operation& op = model.operations.front();
    std::string params;
    for (const convention::Parameter& p : op.params) {
      params += (params.empty() ? "" : ", ") + EscapeLocal(p.name) + ": " + PyType(p.type);
    }
    example = {{"op", op.snake}, {"params", params}};
  }
  g["hook_example"] = example;
  g["route_table"] = route_table;
  std::string detail = "not found";
  for (const convention::Operation& op : model.operations) {
    if (!op.path_params.empty()) {
      detail = fmt::format("{}.requires: {} in store", op.name, op.path_params.front());
      break;
    }
  }
  g["example_detail"] = detail;
  g["orm_base"] = OrmBaseName(model);
  state.global = std::move(g);

  static const char* const kStatic[] = {
      "app/__init__.py", "app/config.py", "app/database.py", "app/db/__init__.py",
      "app/db/base.py", "app/db/types.py", "app/redaction.py", "app/pagination.py",
      "app/main.py", "app/extensions/__init__.py", "app/schemas/__init__.py",
      "app/routers/__init__.py", "app/services/__init__.py", "app/services/_runtime.py",
      "alembic/env.py", "alembic/script.py.mako", "alembic.ini", "pyproject.toml", "Dockerfile",
      "docker-compose.yml", ".env.example", "Makefile", ".github/workflows/ci.yml", "README.md",
      ".gitignore", ".dockerignore"};
  for (const char* path : kStatic) {
    state.files.push_back({std::string(path) + ".mustache", path, json::object()});
  }
  state.files.push_back({std::string(kHooksModulePath) + ".mustache",
                         std::string(kHooksModulePath), json::object(), Ownership::kUserOwned});
  return {};
}

}  // namespace s2r::emit::python_fastapi
