// Lookups over the module's declarations.
#include "ir/module.h"

#include <algorithm>
#include <unordered_set>

namespace s2r::ir {
namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, std::string_view name) {
  auto found = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return found == items.end() ? nullptr : &*found;
}

}  // namespace

const Field* Entity::FindField(std::string_view field_name) const {
  return FindByName(fields, field_name);
}

const Param* Operation::FindInput(std::string_view param_name) const {
  return FindByName(inputs, param_name);
}

const Param* Operation::FindOutput(std::string_view param_name) const {
  return FindByName(outputs, param_name);
}

const Entity* Module::FindEntity(std::string_view name) const { return FindByName(entities, name); }
const Enum* Module::FindEnum(std::string_view name) const { return FindByName(enums, name); }
const TypeAlias* Module::FindAlias(std::string_view name) const {
  return FindByName(type_aliases, name);
}
const Operation* Module::FindOperation(std::string_view name) const {
  return FindByName(operations, name);
}
const StateField* Module::FindStateField(std::string_view name) const {
  return state ? FindByName(*state, name) : nullptr;
}
const Function* Module::FindFunction(std::string_view name) const {
  return FindByName(functions, name);
}
const Predicate* Module::FindPredicate(std::string_view name) const {
  return FindByName(predicates, name);
}

std::vector<const Expr*> Module::RefinementsOf(const Type& type) const {
  std::vector<const Expr*> constraints;
  const Type* current = &type;
  while (current->kind == TypeKind::kOption && !current->args.empty() && current->alias.empty()) {
    current = &current->args[0];
  }
  std::unordered_set<std::string> visited;
  std::string alias_name = current->alias;
  while (!alias_name.empty() && visited.insert(alias_name).second) {
    const TypeAlias* alias = FindAlias(alias_name);
    if (alias == nullptr) {
      break;
    }
    if (alias->constraint) {
      constraints.push_back(&*alias->constraint);
    }
    alias_name = alias->base.alias;
  }
  return constraints;
}

}  // namespace s2r::ir
