// app/security.py: the /admin guard, then per security scheme a credential extractor, a check
// and a `require_<scheme>` dependency, and one dependency per multi-scheme requires_auth set
// (docs/emit-context.md §4.9). Also the credential settings (config.py, .env.example), the
// pyjwt requirement and the README's scheme list.
#include "emit/python_fastapi/security.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/imports.h"
#include "emit/python_fastapi/names.h"

namespace s2r::emit::python_fastapi {

using convention::ApiKeyLocation;
using convention::SecurityKind;
using convention::SecuritySchemeModel;
using convention::ServiceModel;
using nlohmann::json;

namespace {

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// A credential setting: optional, no default, empty in .env.example.
AuthSetting Credential(const std::string& attr, const std::string& py_type, std::string comment) {
  return AuthSetting{attr, py_type, "None", Upper(attr), "", std::move(comment)};
}

std::string_view ApiKeyClass(ApiKeyLocation location) {
  switch (location) {
    case ApiKeyLocation::kHeader: return "APIKeyHeader";
    case ApiKeyLocation::kQuery: return "APIKeyQuery";
    case ApiKeyLocation::kCookie: return "APIKeyCookie";
  }
  return "APIKeyHeader";
}

std::string_view ApiKeyWhere(ApiKeyLocation location) {
  switch (location) {
    case ApiKeyLocation::kHeader: return "header";
    case ApiKeyLocation::kQuery: return "query parameter";
    case ApiKeyLocation::kCookie: return "cookie";
  }
  return "header";
}

// The annotation of what the scheme's extractor yields (None when the request carries nothing).
std::string_view CredentialType(const SecuritySchemeModel& scheme) {
  switch (scheme.kind) {
    case SecurityKind::kBearerJwt:
    case SecurityKind::kBearerToken: return "HTTPAuthorizationCredentials | None";
    case SecurityKind::kApiKey: return "str | None";
    case SecurityKind::kBasic: return "HTTPBasicCredentials | None";
  }
  return "str | None";
}

// The FastAPI security object that reads the credential: its class and keyword arguments.
// auto_error=False: a missing credential reaches the check as None, so an alternative scheme can
// still admit the request. The scheme name and description make the app's own /openapi.json
// name and describe the scheme as openapi.yaml does.
json Extractor(const SecuritySchemeModel& scheme, ImportBlock& imports) {
  std::string cls;
  json args = json::array();
  switch (scheme.kind) {
    case SecurityKind::kBearerJwt:
    case SecurityKind::kBearerToken:
      cls = "HTTPBearer";
      imports.FromAll("fastapi.security", "HTTPAuthorizationCredentials", "HTTPBearer");
      if (!scheme.bearer_format.empty()) {
        args.push_back("bearerFormat=" + PyString(scheme.bearer_format));
      }
      break;
    case SecurityKind::kApiKey:
      cls = std::string(ApiKeyClass(scheme.location));
      imports.From("fastapi.security", cls);
      args.push_back("name=" + PyString(scheme.parameter_name));
      break;
    case SecurityKind::kBasic:
      cls = "_OptionalBasic";
      imports.From("fastapi.security", "HTTPBasicCredentials");
      break;
  }
  args.push_back("scheme_name=" + PyString(scheme.name));
  args.push_back("description=" + PyString(SchemeDescription(scheme)));
  args.push_back("auto_error=False");
  return {{"class", cls}, {"args", args}};
}

json SchemeContext(const SecuritySchemeModel& scheme, ImportBlock& imports) {
  std::vector<AuthSetting> settings = SchemeSettings(scheme);
  auto attr = [&](std::size_t i) { return json(i < settings.size() ? settings[i].attr : ""); };
  bool jwt = scheme.kind == SecurityKind::kBearerJwt;
  bool basic = scheme.kind == SecurityKind::kBasic;
  json extractor = Extractor(scheme, imports);
  json out = {{"name", scheme.name},
              {"extractor", "_scheme_" + scheme.snake},
              {"extractor_class", extractor["class"]},
              {"extractor_args", extractor["args"]},
              {"check", "_check_" + scheme.snake},
              {"credential_type", std::string(CredentialType(scheme))},
              {"doc", fmt::format("Whether `credential` is a valid `{}` credential.", scheme.name)},
              {"is_jwt", jwt},
              {"is_token", scheme.kind == SecurityKind::kBearerToken},
              {"is_api_key", scheme.kind == SecurityKind::kApiKey},
              {"is_basic", basic},
              {"secret_attr", jwt || basic ? json(false) : attr(0)},
              {"username_attr", basic ? attr(0) : json(false)},
              {"password_attr", basic ? attr(1) : json(false)}};
  return out;
}

json DependencyContext(const ServiceModel& model, const AuthDependency& dependency) {
  json params = json::array();
  std::vector<std::string> checks;
  std::vector<std::string> challenges;
  std::vector<std::string> names;
  for (const std::string& name : dependency.schemes) {
    const SecuritySchemeModel* scheme = model.FindSecurity(name);
    if (scheme == nullptr) continue;
    std::string param = EscapeLocal(scheme->snake);
    params.push_back({{"name", param},
                      {"type", std::string(CredentialType(*scheme))},
                      {"extractor", "_scheme_" + scheme->snake}});
    checks.push_back(fmt::format("_check_{}({})", scheme->snake, param));
    std::string challenge = SchemeChallenge(*scheme, model.name);
    if (std::find(challenges.begin(), challenges.end(), challenge) == challenges.end()) {
      challenges.push_back(challenge);
    }
    names.push_back(fmt::format("`{}`", scheme->name));
  }
  std::string condition = checks.size() == 1
                              ? "not " + checks.front()
                              : fmt::format("not ({})", fmt::join(checks, " or "));
  std::string doc = names.size() == 1
                        ? fmt::format("Admits a request with a valid {} credential, else 401.",
                                      names.front())
                        : fmt::format("Admits a request with a valid credential of any of {}, "
                                      "else 401.",
                                      fmt::join(names, ", "));
  return {{"function", dependency.function},
          {"params", params},
          {"condition", condition},
          {"challenge", PyString(fmt::format("{}", fmt::join(challenges, ", ")))},
          {"doc", doc}};
}

}  // namespace

std::vector<AuthSetting> SchemeSettings(const SecuritySchemeModel& scheme) {
  switch (scheme.kind) {
    case SecurityKind::kBearerJwt:
      return {Credential("jwt_secret", "SecretStr | None",
                         "Key that verifies JWT bearer tokens (every JWT scheme; an HMAC key "
                         "of at least 32 bytes); unset or empty rejects every token (401)"),
              AuthSetting{"jwt_algorithm", "str", "\"HS256\"", "JWT_ALGORITHM", "HS256",
                          "Signing algorithm the JWT bearer tokens must use"}};
    case SecurityKind::kBearerToken:
      return {Credential("auth_token_" + scheme.snake, "SecretStr | None",
                         fmt::format("Bearer token of security scheme `{}`; unset or empty "
                                     "rejects every request (401)",
                                     scheme.name))};
    case SecurityKind::kApiKey:
      return {Credential("auth_key_" + scheme.snake, "SecretStr | None",
                         fmt::format("API key of security scheme `{}` ({} {}); unset or empty "
                                     "rejects every request (401)",
                                     scheme.name, ApiKeyWhere(scheme.location),
                                     scheme.parameter_name))};
    case SecurityKind::kBasic:
      return {Credential("auth_basic_" + scheme.snake + "_username", "str | None",
                         fmt::format("HTTP Basic user name of security scheme `{}`; unset or "
                                     "empty rejects every request (401)",
                                     scheme.name)),
              Credential("auth_basic_" + scheme.snake + "_password", "SecretStr | None",
                         fmt::format("HTTP Basic password of security scheme `{}`; unset or "
                                     "empty rejects every request (401)",
                                     scheme.name))};
  }
  return {};
}

std::string SchemeDescription(const SecuritySchemeModel& scheme) {
  std::vector<AuthSetting> settings = SchemeSettings(scheme);
  switch (scheme.kind) {
    case SecurityKind::kBearerJwt:
      return "JWT bearer token signed with JWT_SECRET (algorithm JWT_ALGORITHM, default HS256); "
             "an expired token is rejected.";
    case SecurityKind::kBearerToken:
      return fmt::format("Bearer token{} equal to {}.",
                         scheme.bearer_format.empty()
                             ? std::string()
                             : fmt::format(" (format {})", scheme.bearer_format),
                         settings.front().env);
    case SecurityKind::kApiKey:
      return fmt::format("API key in the {} {}, equal to {}.", scheme.parameter_name,
                         ApiKeyWhere(scheme.location), settings.front().env);
    case SecurityKind::kBasic:
      return fmt::format("HTTP Basic credentials equal to {} and {}.", settings[0].env,
                         settings[1].env);
  }
  return "";
}

std::string SchemeChallenge(const SecuritySchemeModel& scheme, const std::string& service_name) {
  switch (scheme.kind) {
    case SecurityKind::kBearerJwt:
    case SecurityKind::kBearerToken: return "Bearer";
    case SecurityKind::kApiKey: return "ApiKey";
    case SecurityKind::kBasic: return fmt::format("Basic realm=\"{}\"", service_name);
  }
  return "Bearer";
}

std::vector<AuthDependency> AuthDependencies(const ServiceModel& model) {
  std::vector<AuthDependency> out;
  std::set<std::string> used = {"require_admin"};
  auto add = [&](const std::vector<std::string>& schemes) {
    std::string base = "require";
    for (std::size_t i = 0; i < schemes.size(); ++i) {
      const SecuritySchemeModel* scheme = model.FindSecurity(schemes[i]);
      base += (i == 0 ? "_" : "_or_") + (scheme != nullptr ? scheme->snake : schemes[i]);
    }
    std::string name = base;
    for (int suffix = 2; !used.insert(name).second; ++suffix) {
      name = fmt::format("{}_{}", base, suffix);
    }
    out.push_back({schemes, name});
  };
  for (const SecuritySchemeModel& scheme : model.security) {
    add({scheme.name});
  }
  for (const convention::Operation& op : model.operations) {
    bool known = std::any_of(out.begin(), out.end(),
                             [&](const AuthDependency& d) { return d.schemes == op.auth; });
    if (op.auth.size() > 1 && !known) {
      add(op.auth);
    }
  }
  return out;
}

const AuthDependency* FindAuthDependency(const std::vector<AuthDependency>& dependencies,
                                         const convention::Operation& op) {
  if (op.auth.empty()) {
    return nullptr;
  }
  auto found = std::find_if(dependencies.begin(), dependencies.end(),
                            [&](const AuthDependency& d) { return d.schemes == op.auth; });
  return found == dependencies.end() ? nullptr : &*found;
}

Result<void> BuildSecurity(BuildState& state) {
  const ServiceModel& model = state.model;
  ImportBlock imports;
  imports.Import("hmac")
      .From("typing", "Annotated")
      .FromAll("fastapi", "Depends", "HTTPException")
      .FromAll("fastapi.security", "HTTPAuthorizationCredentials", "HTTPBearer")
      .From("app.config", "settings");

  json schemes = json::array();
  json settings = json::array();
  json readme = json::array();
  std::set<std::string> seen_settings;
  bool has_jwt = false;
  bool has_basic = false;
  for (const SecuritySchemeModel& scheme : model.security) {
    schemes.push_back(SchemeContext(scheme, imports));
    has_jwt = has_jwt || scheme.kind == SecurityKind::kBearerJwt;
    has_basic = has_basic || scheme.kind == SecurityKind::kBasic;
    for (const AuthSetting& s : SchemeSettings(scheme)) {
      if (seen_settings.insert(s.attr).second) {
        settings.push_back({{"comment", s.comment},
                            {"attr", s.attr},
                            {"py_type", s.py_type},
                            {"default", s.py_default},
                            {"env", s.env},
                            {"env_default", s.env_default}});
      }
    }
    readme.push_back({{"name", scheme.name},
                      {"kind", std::string(convention::SecurityKindName(scheme.kind))},
                      {"description", SchemeDescription(scheme)}});
  }
  json dependencies = json::array();
  for (const AuthDependency& dependency : AuthDependencies(model)) {
    dependencies.push_back(DependencyContext(model, dependency));
  }
  bool has_schemes = !model.security.empty();
  if (has_schemes) {
    imports.From("typing", "Any").From("pydantic", "SecretStr");
  }
  if (has_jwt) {
    imports.Import("jwt");
  }
  if (has_basic) {
    imports.From("fastapi.requests", "HTTPConnection").From("fastapi.security", "HTTPBasic");
  }

  state.global["auth_settings"] = settings;
  state.global["auth_schemes"] = readme;
  state.global["has_auth"] = has_schemes;
  json extra = json::array();
  if (has_jwt) {
    extra.push_back("pyjwt>=2.10");
  }
  state.global["extra_dependencies"] = extra;
  state.files.push_back({"app/security.py.mustache", "app/security.py",
                         {{"imports", imports.Render()},
                          {"has_schemes", has_schemes},
                          {"has_basic", has_basic},
                          {"schemes", schemes},
                          {"dependencies", dependencies}}});
  return {};
}

}  // namespace s2r::emit::python_fastapi
