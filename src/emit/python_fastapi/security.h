// Spellings of the spec's security schemes in the generated python-fastapi project, shared by
// app/security.py, config.py, .env.example, the routers and openapi.yaml so they cannot drift.
#pragma once

#include <string>
#include <vector>

#include "convention/service_model.h"

namespace s2r::emit::python_fastapi {

// One setting that holds a credential of a scheme.
struct AuthSetting {
  std::string attr;     // Settings attribute (`auth_key_api_key`)
  std::string py_type;  // `SecretStr | None`, `str | None`, `str`
  std::string py_default;  // Python literal (`None`, `"HS256"`)
  std::string env;      // environment variable (`AUTH_KEY_API_KEY`)
  std::string env_default;  // value written to .env.example (empty for credentials)
  std::string comment;  // one line, no `#`
};

// The settings a scheme reads, in the order config.py declares them. JWT schemes share
// `jwt_secret` and `jwt_algorithm`; callers deduplicate by `attr`.
[[nodiscard]] std::vector<AuthSetting> SchemeSettings(
    const convention::SecuritySchemeModel& scheme);

// The OpenAPI description of a scheme: what it expects and which setting configures it. The same
// text goes to openapi.yaml and to the FastAPI security object, so both documents agree.
[[nodiscard]] std::string SchemeDescription(const convention::SecuritySchemeModel& scheme);

// The `WWW-Authenticate` challenge of a 401 from a scheme (`Bearer`, `Basic realm="<service>"`,
// `ApiKey`).
[[nodiscard]] std::string SchemeChallenge(const convention::SecuritySchemeModel& scheme,
                                          const std::string& service_name);

// Every dependency app/security.py defines: one per declared scheme (declaration order), then one
// per distinct multi-scheme set of the operations (first use order). A dependency admits a
// request carrying a valid credential of any one of its schemes. Its name is `require_<a>` or
// `require_<a>_or_<b>` from the schemes' snake names; names are unique and never `require_admin`
// (a clash gets a `_2`, `_3`... suffix).
struct AuthDependency {
  std::vector<std::string> schemes;  // scheme names, declaration order
  std::string function;              // `require_bearer_or_api_key`
};
[[nodiscard]] std::vector<AuthDependency> AuthDependencies(const convention::ServiceModel& model);

// The dependency of an operation (null when it requires no authentication).
[[nodiscard]] const AuthDependency* FindAuthDependency(
    const std::vector<AuthDependency>& dependencies, const convention::Operation& op);

}  // namespace s2r::emit::python_fastapi
