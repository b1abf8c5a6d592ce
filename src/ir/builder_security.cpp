// Security schemes: kind and argument validation (language.md §2.1), then the IR form.
#include <array>
#include <optional>
#include <unordered_set>

#include "ir/builder_internal.h"

namespace s2r::ir {
namespace {

constexpr std::array<std::string_view, 3> kApiKeyLocations = {"header", "query", "cookie"};

std::optional<SecurityKind> KindOf(std::string_view name) {
  if (name == "Bearer") return SecurityKind::kBearer;
  if (name == "ApiKey") return SecurityKind::kApiKey;
  if (name == "Basic") return SecurityKind::kBasic;
  return std::nullopt;
}

bool IsAllowedArgument(SecurityKind kind, std::string_view argument) {
  switch (kind) {
    case SecurityKind::kBearer:
      return argument == "bearer_format";
    case SecurityKind::kApiKey:
      for (std::string_view location : kApiKeyLocations) {
        if (argument == location) {
          return true;
        }
      }
      return false;
    case SecurityKind::kBasic:
      return false;
  }
  return false;
}

std::string_view ExpectedArguments(SecurityKind kind) {
  switch (kind) {
    case SecurityKind::kBearer: return "; expected `bearer_format`";
    case SecurityKind::kApiKey: return "; expected `header`, `query` or `cookie`";
    case SecurityKind::kBasic: return "";
  }
  return "";
}

// Reports the scheme's first problem, in the reference's order (unknown argument before
// duplicate, then the ApiKey location count). Returns false when the scheme is invalid.
bool Validate(const syntax::SecurityScheme& scheme, SecurityKind kind,
              diag::DiagnosticSink& sink) {
  const std::string& name = scheme.name.text;
  for (const syntax::SecurityArgument& argument : scheme.arguments) {
    if (!IsAllowedArgument(kind, argument.name.text)) {
      diag::Diagnostic d = diag::UnknownSecurityArgument(
          argument.name.span, name, scheme.kind.text, argument.name.text, ExpectedArguments(kind));
      if (kind == SecurityKind::kBasic) {
        d.WithHelp("Basic takes no arguments");
      }
      sink.Report(std::move(d));
      return false;
    }
  }
  std::unordered_set<std::string> seen;
  for (const syntax::SecurityArgument& argument : scheme.arguments) {
    if (!seen.insert(argument.name.text).second) {
      sink.Report(diag::DuplicateSecurityArgument(argument.name.span, name, argument.name.text));
      return false;
    }
  }
  if (kind == SecurityKind::kApiKey && scheme.arguments.empty()) {
    sink.Report(diag::ApiKeyNeedsLocation(scheme.span, name)
                    .WithHelp("for example `ApiKey(header: \"X-API-Key\")`"));
    return false;
  }
  if (kind == SecurityKind::kApiKey && scheme.arguments.size() > 1) {
    sink.Report(diag::ApiKeyOneLocation(scheme.span, name));
    return false;
  }
  return true;
}

}  // namespace

std::vector<SecurityScheme> BuildSecurity(const std::vector<syntax::SecurityScheme>& schemes,
                                          diag::DiagnosticSink& sink) {
  std::vector<SecurityScheme> built;
  for (const syntax::SecurityScheme& scheme : schemes) {
    std::optional<SecurityKind> kind = KindOf(scheme.kind.text);
    if (!kind) {
      sink.Report(diag::UnknownSecurityKind(scheme.kind.span, scheme.kind.text));
      continue;
    }
    if (!Validate(scheme, *kind, sink)) {
      continue;
    }
    SecurityScheme out;
    out.name = scheme.name.text;
    out.kind = *kind;
    out.span = scheme.span;
    for (const syntax::SecurityArgument& argument : scheme.arguments) {
      if (*kind == SecurityKind::kBearer) {
        out.bearer_format = argument.value.value;
      } else {
        out.location = argument.name.text;
        out.parameter_name = argument.value.value;
      }
    }
    built.push_back(std::move(out));
  }
  return built;
}

}  // namespace s2r::ir
