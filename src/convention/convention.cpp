// The convention phase: names, classification, schema, routes, validation, in that order.
#include "convention/convention.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "convention/classify.h"
#include "convention/conventions.h"
#include "convention/naming.h"
#include "convention/routes.h"
#include "convention/schema.h"
#include "convention/validation.h"

namespace s2r::convention {
namespace {

Entity NameEntity(const ir::Entity& entity, const ConventionTable& conventions) {
  Entity out;
  out.name = entity.name;
  out.snake = ToSnakeCase(entity.name);
  out.kebab = ToKebabCase(entity.name);
  if (std::optional<std::string> plural = conventions.String(entity.name, ConventionProperty::kPlural)) {
    out.plural_snake = ToSnakeCase(*plural);
    out.plural_kebab = ToKebabCase(*plural);
  } else {
    out.plural_snake = PluralSnake(entity.name);
    out.plural_kebab = PluralKebab(entity.name);
  }
  out.table = conventions.String(entity.name, ConventionProperty::kDbTable).value_or(out.plural_snake);
  out.create_schema = entity.name + "Create";
  out.read_schema = entity.name + "Read";
  out.update_schema = entity.name + "Update";
  out.service_class = entity.name + "Service";
  out.router_module = out.plural_snake;
  out.tag = out.snake;
  out.span = entity.span;
  return out;
}

void CheckSecurity(const ir::Module& module, const ir::Operation& op,
                   std::vector<diag::Diagnostic>& diagnostics) {
  if (!op.requires_auth) {
    return;
  }
  std::vector<std::string> declared;
  for (const ir::SecurityScheme& scheme : module.security) {
    declared.push_back(scheme.name);
  }
  for (const std::string& name : *op.requires_auth) {
    if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
      std::string hint = declared.empty()
                             ? std::string("no security block is declared")
                             : fmt::format("declared schemes: {}", fmt::join(declared, ", "));
      diagnostics.push_back(diag::UndeclaredSecurityScheme(op.span, op.name, name, hint));
    }
  }
}

SecuritySchemeModel NameSecurity(const ir::SecurityScheme& scheme) {
  SecuritySchemeModel out;
  out.name = scheme.name;
  out.snake = ToSnakeCase(scheme.name);
  out.span = scheme.span;
  switch (scheme.kind) {
    case ir::SecurityKind::kBearer: {
      out.bearer_format = scheme.bearer_format.value_or("");
      std::string format = out.bearer_format;
      for (char& c : format) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.kind = format == "jwt" ? SecurityKind::kBearerJwt : SecurityKind::kBearerToken;
      break;
    }
    case ir::SecurityKind::kApiKey:
      out.kind = SecurityKind::kApiKey;
      out.location = scheme.location == "query"    ? ApiKeyLocation::kQuery
                     : scheme.location == "cookie" ? ApiKeyLocation::kCookie
                                                   : ApiKeyLocation::kHeader;
      out.parameter_name = scheme.parameter_name.value_or("");
      break;
    case ir::SecurityKind::kBasic:
      out.kind = SecurityKind::kBasic;
      break;
  }
  return out;
}

// The schemes of a requires_auth list as one set: declared ones only (the others are E0629),
// each once, in declaration order.
std::vector<std::string> AcceptedSchemes(const ServiceModel& model,
                                         const std::vector<std::string>& requested) {
  std::vector<std::string> accepted;
  for (const SecuritySchemeModel& scheme : model.security) {
    if (std::find(requested.begin(), requested.end(), scheme.name) != requested.end() &&
        std::find(accepted.begin(), accepted.end(), scheme.name) == accepted.end()) {
      accepted.push_back(scheme.name);
    }
  }
  return accepted;
}

// Two schemes whose snake names agree would share settings (`AUTH_KEY_<NAME>`) and dependency
// names in the generated service.
void CheckSecurityNames(const ServiceModel& model, std::vector<diag::Diagnostic>& diagnostics) {
  for (std::size_t i = 0; i < model.security.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (model.security[i].snake == model.security[j].snake) {
        diagnostics.push_back(diag::NameCollision(
            model.security[i].span, "security schemes", model.security[j].name,
            model.security[i].name,
            fmt::format("the settings and dependency name `{}`", model.security[i].snake)));
        break;
      }
    }
  }
}

void CheckOperationNames(const ServiceModel& model, std::vector<diag::Diagnostic>& diagnostics) {
  for (std::size_t i = 0; i < model.operations.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (model.operations[i].snake == model.operations[j].snake) {
        diagnostics.push_back(diag::NameCollision(model.operations[i].span, "operations",
                                                  model.operations[j].name,
                                                  model.operations[i].name,
                                                  fmt::format("the handler name `{}`",
                                                              model.operations[i].snake)));
      }
    }
  }
  for (std::size_t i = 0; i < model.entities.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (model.entities[i].snake == model.entities[j].snake) {
        diagnostics.push_back(diag::NameCollision(model.entities[i].span, "entities",
                                                  model.entities[j].name, model.entities[i].name,
                                                  fmt::format("the module name `{}`",
                                                              model.entities[i].snake)));
      } else if (model.entities[i].router_module == model.entities[j].router_module) {
        diagnostics.push_back(diag::NameCollision(
            model.entities[i].span, "entities", model.entities[j].name, model.entities[i].name,
            fmt::format("the router module `{}`", model.entities[i].router_module)));
      }
    }
  }
}

}  // namespace

ServiceModel BuildServiceModel(const ir::Module& module, const ConventionOptions& options,
                               diag::DiagnosticSink& sink) {
  std::vector<diag::Diagnostic> diagnostics;
  ConventionTable conventions = ConventionTable::Build(module, &diagnostics);

  ServiceModel model;
  model.name = module.name;
  model.snake = ToSnakeCase(module.name);
  model.kebab = ToKebabCase(module.name);
  model.dialect = options.dialect;
  model.source_name = module.source_name;
  for (const ir::Entity& entity : module.entities) {
    model.entities.push_back(NameEntity(entity, conventions));
  }
  for (const ir::Enum& e : module.enums) {
    model.enums.push_back(EnumModel{e.name, ToSnakeCase(e.name), e.values, e.span});
  }
  for (const ir::SecurityScheme& scheme : module.security) {
    model.security.push_back(NameSecurity(scheme));
  }

  std::map<std::string, std::int64_t> backed = BackedScalars(module);
  std::vector<Classification> classifications;
  std::set<std::string> written;
  for (const ir::Operation& op : module.operations) {
    classifications.push_back(Classify(module, op, backed));
    for (const std::string& root : classifications.back().primed) {
      if (module.FindStateField(root) != nullptr) {
        written.insert(root);
      }
    }
  }

  BuildSchema(SchemaInputs{module, conventions, options.dialect, backed, written}, model,
              diagnostics);

  for (std::size_t i = 0; i < module.operations.size(); ++i) {
    const ir::Operation& op = module.operations[i];
    const Classification& c = classifications[i];
    Operation out;
    out.name = op.name;
    out.snake = ToSnakeCase(op.name);
    out.kebab = ToKebabCase(op.name);
    out.ir_index = i;
    out.kind = c.kind;
    out.strategy = c.strategy;
    out.scalar_op = c.scalar_op;
    out.entity = c.target_entity;
    out.span = op.name_span.IsValid() ? op.name_span : op.span;
    for (std::size_t e = 0; e < model.entities.size(); ++e) {
      if (model.entities[e].name == c.target_entity) {
        out.entity_index = e;
      }
    }
    out.router_module = out.entity_index ? model.entities[*out.entity_index].router_module
                                         : std::string("state_ops");
    out.tag = out.entity_index ? model.entities[*out.entity_index].tag : std::string("state");
    if (op.requires_auth) {
      out.auth = AcceptedSchemes(model, *op.requires_auth);
    }
    DeriveRoute(module, op, c, conventions, model, out, diagnostics);
    for (Parameter& param : out.params) {
      const EntityField* field =
          out.entity_index ? model.entities[*out.entity_index].FindField(param.name) : nullptr;
      param.sensitive = field != nullptr && field->sensitive;
      // Integers are bounded by the column they land in (the entity field of the same name),
      // else by BIGINT, so an overflow is a 422 and never a driver error.
      const ir::Type* type = &param.type;
      while (type->kind == ir::TypeKind::kOption && !type->args.empty()) {
        type = &type->args[0];
      }
      if (type->kind == ir::TypeKind::kInt || type->kind == ir::TypeKind::kDuration) {
        SqlTypeKind width = SqlTypeKind::kBigInteger;
        if (field != nullptr && !field->column.empty()) {
          const Table& table = model.schema.tables[model.entities[*out.entity_index].table_index];
          if (const Column* column = table.FindColumn(field->column)) {
            width = column->type.kind;
          }
        }
        AddIntegerRange(param.validation.value, width);
      }
    }
    CheckSecurity(module, op, diagnostics);
    if (out.entity_index) {
      model.entities[*out.entity_index].operations.push_back(model.operations.size());
    }
    model.operations.push_back(std::move(out));
  }
  // Parameters are sensitive when their names are, whatever entity they touch.
  for (Operation& op : model.operations) {
    for (Parameter& param : op.params) {
      param.sensitive = param.sensitive || IsSensitiveName(param.name);
    }
  }

  ValidateRoutes(model, diagnostics);
  CheckOperationNames(model, diagnostics);
  CheckSecurityNames(model, diagnostics);
  for (diag::Diagnostic& diagnostic : diagnostics) {
    sink.Report(std::move(diagnostic));
  }
  return model;
}

std::vector<int> ResolveSuccessStatuses(const ir::Module& module) {
  ConventionTable conventions = ConventionTable::Build(module, nullptr);
  std::map<std::string, std::int64_t> backed = BackedScalars(module);
  std::vector<int> statuses;
  for (const ir::Operation& op : module.operations) {
    Classification c = Classify(module, op, backed);
    statuses.push_back(ResolveEndpoint(module, op, c, conventions, "").status);
  }
  return statuses;
}

}  // namespace s2r::convention
