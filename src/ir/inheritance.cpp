// Flattening reads the original (unflattened) declarations, so the order of entities is irrelevant.
#include "ir/inheritance.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace s2r::ir {
namespace {

// Ancestors of `entity`, root first, excluding the entity itself.
std::vector<const Entity*> AncestorChain(const Entity& entity,
                                         const std::unordered_map<std::string, const Entity*>& by_name) {
  std::vector<const Entity*> chain;
  std::unordered_set<std::string> visited = {entity.name};
  const Entity* current = &entity;
  while (current->parent) {
    auto parent = by_name.find(*current->parent);
    if (parent == by_name.end() || !visited.insert(parent->second->name).second) {
      break;
    }
    chain.push_back(parent->second);
    current = parent->second;
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

void Upsert(std::vector<Field>& fields, const Field& field) {
  auto existing = std::find_if(fields.begin(), fields.end(),
                               [&](const Field& f) { return f.name == field.name; });
  if (existing == fields.end()) {
    fields.push_back(field);
  } else {
    *existing = field;
  }
}

}  // namespace

void FlattenInheritance(std::vector<Entity>& entities) {
  const std::vector<Entity> original = entities;
  std::unordered_map<std::string, const Entity*> by_name;
  for (const Entity& entity : original) {
    by_name.emplace(entity.name, &entity);
  }
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const Entity& declared = original[i];
    if (!declared.parent) {
      continue;
    }
    std::vector<Field> fields;
    std::vector<Expr> invariants;
    for (const Entity* ancestor : AncestorChain(declared, by_name)) {
      for (const Field& field : ancestor->fields) {
        Upsert(fields, field);
      }
      invariants.insert(invariants.end(), ancestor->invariants.begin(), ancestor->invariants.end());
    }
    for (const Field& field : declared.fields) {
      Upsert(fields, field);
    }
    invariants.insert(invariants.end(), declared.invariants.begin(), declared.invariants.end());
    entities[i].fields = std::move(fields);
    entities[i].invariants = std::move(invariants);
  }
}

}  // namespace s2r::ir
