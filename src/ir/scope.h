// Names in scope while resolving IR expressions (the builder; lint L02 for suggestions).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ir/module.h"

namespace s2r::ir {

// One name and what it resolves to.
struct ScopeEntry {
  std::string name;
  RefKind ref = RefKind::kUnresolved;
  Type type;
  std::string enum_name;  // for kEnumValue
};

// The global scope of language.md §7 (L02): state fields, entity, enum and alias names, enum
// values, predicates (preamble included), functions, the built-ins, and every name called as
// f(..) inside a `fact`. When a name is declared twice the earlier category in that list wins.
// A name used as an expression denotes: a state field its value; an entity, enum or alias name
// the set of all its values (so `x: User` and `x in User` both bind x to a User).
class GlobalScope {
 public:
  // `module`'s declarations must be complete (facts included); expressions need not be resolved.
  explicit GlobalScope(const Module& module);

  // nullptr when `name` is not global.
  [[nodiscard]] const ScopeEntry* Find(std::string_view name) const;
  // Every global name, sorted (for suggestions).
  [[nodiscard]] std::vector<std::string> Names() const;

 private:
  void Add(ScopeEntry entry);

  std::unordered_map<std::string, ScopeEntry> entries_;
};

// Names every `Call(Identifier f, ..)` inside `expr` calls, in walk order, with duplicates.
void CollectCallNames(const Expr& expr, std::vector<std::string>& names);

}  // namespace s2r::ir
