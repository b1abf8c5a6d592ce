// Helpers shared by the context builders.
#include <fmt/format.h>

#include "emit/python_fastapi/contexts.h"
#include "emit/python_fastapi/names.h"

namespace s2r::emit::python_fastapi {

using nlohmann::json;

json FlagList(json items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    items[i]["first"] = i == 0;
    items[i]["last"] = i + 1 == items.size();
  }
  return items;
}

std::string ColumnAttr(const std::string& column) { return EscapeAttr(column); }

const convention::Entity* ChildRowsEntity(const convention::ServiceModel& model,
                                          const convention::EntityField& field) {
  return field.storage == convention::FieldStorage::kChildRows ? model.FindEntity(field.ref_entity)
                                                               : nullptr;
}

std::string OrmBaseName(const convention::ServiceModel& model) {
  auto taken = [&](const std::string& name) {
    return model.FindEntity(name) != nullptr || name == "ServiceState";
  };
  if (!taken("Base")) return "Base";
  std::string name = "OrmBase";
  for (int n = 2; taken(name); ++n) name = "OrmBase" + std::to_string(n);
  return name;
}

std::string SchemaModule(const convention::ServiceModel& model, const convention::Operation& op) {
  if (const convention::Entity* entity = model.FindEntity(op.entity)) {
    return entity->snake;
  }
  return "state_ops";
}

std::string ResultType(const convention::Operation& op) {
  switch (op.response.kind) {
    case convention::ResponseKind::kEntity:
    case convention::ResponseKind::kOutputs:
      return op.response.schema;
    case convention::ResponseKind::kEntityList:
      return fmt::format("list[{}]", op.response.schema);
    case convention::ResponseKind::kRedirect:
      return "str";
    case convention::ResponseKind::kNoContent:
    case convention::ResponseKind::kEmpty:
      return "None";
  }
  return "None";
}

std::vector<std::string> ApiConstraints(const convention::Constraints& c, const ir::Type& raw_type,
                                        convention::Dialect /*dialect*/) {
  const ir::Type* type = &raw_type;
  if (type->kind == ir::TypeKind::kOption && !type->args.empty()) {
    type = &type->args[0];
  }
  bool is_int = type->kind == ir::TypeKind::kInt || type->kind == ir::TypeKind::kEntity;
  bool is_float = type->kind == ir::TypeKind::kFloat;
  bool has_length = type->kind == ir::TypeKind::kString || type->IsCollection();
  std::vector<std::string> out;
  if (has_length && c.min_length) {
    out.push_back(fmt::format("min_length={}", c.min_length->value));
  }
  if (has_length && c.max_length) {
    out.push_back(fmt::format("max_length={}", c.max_length->value));
  }
  if (type->kind == ir::TypeKind::kString && !c.patterns.empty()) {
    // TODO: several patterns need an AfterValidator (docs/emit-context.md §9); first one only.
    out.push_back(fmt::format("pattern={}", PyRegex(AnchoredRegex(c.patterns.front().regex))));
  }
  if (is_int) {
    std::int64_t lo = INT64_MIN;
    std::int64_t hi = INT64_MAX;
    if (c.minimum && c.minimum->integer) {
      lo = c.minimum->InclusiveInt(true);
    }
    if (c.maximum && c.maximum->integer) {
      hi = c.maximum->InclusiveInt(false);
    }
    out.push_back(fmt::format("ge={}", lo));
    out.push_back(fmt::format("le={}", hi));
  } else if (is_float) {
    if (c.minimum) {
      out.push_back(fmt::format("{}={}", c.minimum->exclusive ? "gt" : "ge", c.minimum->value));
    }
    if (c.maximum) {
      out.push_back(fmt::format("{}={}", c.maximum->exclusive ? "lt" : "le", c.maximum->value));
    }
  }
  // pydantic order: min_length, max_length, pattern, ge, gt, le, lt.
  if (is_float && out.size() >= 2) {
    auto rank = [](const std::string& s) {
      for (int i = 0; const char* k : {"min_length", "max_length", "pattern", "ge", "gt", "le", "lt"}) {
        if (s.rfind(std::string(k) + "=", 0) == 0) return i;
        ++i;
      }
      return 9;
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  }
  return out;
}

void BuildGroups(BuildState& state) {
  const convention::ServiceModel& model = state.model;
  for (const convention::Entity& entity : model.entities) {
    OpGroup group;
    group.entity = &entity;
    group.module = entity.snake;
    group.router_module = entity.router_module;
    group.service_class = entity.service_class;
    group.tag = entity.tag;
    group.doc_subject = entity.name;
    for (std::size_t index : entity.operations) {
      group.operations.push_back(&model.operations[index]);
    }
    if (!group.operations.empty()) {
      state.groups.push_back(std::move(group));
    }
  }
  OpGroup service;
  service.module = "state_ops";
  service.router_module = "state_ops";
  service.service_class = "StateOpsService";
  service.tag = "state";
  service.doc_subject = "the service state";
  for (const convention::Operation& op : model.operations) {
    if (model.FindEntity(op.entity) == nullptr) {
      service.operations.push_back(&op);
    }
  }
  if (!service.operations.empty()) {
    state.groups.push_back(std::move(service));
  }
}

}  // namespace s2r::emit::python_fastapi
