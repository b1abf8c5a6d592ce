// The global scope table.
#include "ir/scope.h"

#include <algorithm>

#include "ir/builtins.h"

namespace s2r::ir {

GlobalScope::GlobalScope(const Module& module) {
  if (module.state) {
    for (const StateField& field : *module.state) {
      Add({field.name, RefKind::kStateField, field.type, {}});
    }
  }
  for (const Entity& entity : module.entities) {
    Add({entity.name, RefKind::kEntity,
         Type::Wrap(TypeKind::kSet, Type::Named(TypeKind::kEntity, entity.name)), {}});
  }
  for (const Enum& enumeration : module.enums) {
    Add({enumeration.name, RefKind::kEnum,
         Type::Wrap(TypeKind::kSet, Type::Named(TypeKind::kEnum, enumeration.name)), {}});
  }
  for (const Enum& enumeration : module.enums) {
    for (const std::string& value : enumeration.values) {
      Add({value, RefKind::kEnumValue, Type::Named(TypeKind::kEnum, enumeration.name),
           enumeration.name});
    }
  }
  for (const TypeAlias& alias : module.type_aliases) {
    Type aliased = alias.base;
    aliased.alias = alias.name;
    Add({alias.name, RefKind::kAlias, Type::Wrap(TypeKind::kSet, std::move(aliased)), {}});
  }
  for (const Predicate& predicate : module.predicates) {
    Add({predicate.name, RefKind::kPredicate, {}, {}});
  }
  for (const Function& function : module.functions) {
    Add({function.name, RefKind::kFunction, {}, {}});
  }
  for (std::string_view builtin : kBuiltinNames) {
    Add({std::string(builtin), RefKind::kBuiltin, {}, {}});
  }
  // A fact may call helpers it never declares; they act as uninterpreted predicates.
  for (const Invariant& fact : module.facts) {
    std::vector<std::string> callees;
    CollectCallNames(fact.expr, callees);
    for (std::string& callee : callees) {
      Add({std::move(callee), RefKind::kPredicate, {}, {}});
    }
  }
}

void GlobalScope::Add(ScopeEntry entry) {
  std::string key = entry.name;
  entries_.emplace(std::move(key), std::move(entry));
}

const ScopeEntry* GlobalScope::Find(std::string_view name) const {
  auto found = entries_.find(std::string(name));
  return found == entries_.end() ? nullptr : &found->second;
}

std::vector<std::string> GlobalScope::Names() const {
  std::vector<std::string> names;
  names.reserve(entries_.size());
  for (const auto& [name, entry] : entries_) {
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

void CollectCallNames(const Expr& expr, std::vector<std::string>& names) {
  ForEachSubexpression(expr, [&](const Expr& node) {
    if (node.kind == ExprKind::kCall && node.operands[0].kind == ExprKind::kIdentifier) {
      names.push_back(node.operands[0].text);
    }
  });
}

}  // namespace s2r::ir
