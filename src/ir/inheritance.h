// `extends` flattening (language.md §4.4).
#pragma once

#include <vector>

#include "ir/module.h"

namespace s2r::ir {

// Flattens every entity with a parent, exactly once: the ancestor chain (root first, stopping at
// a missing parent or a cycle) contributes its own fields, each later declaration of a name
// replacing the earlier one in its original position, then the entity's own fields likewise;
// invariants are the ancestors' (root first) followed by the entity's own. Inherited fields keep
// their spans and `declared_in`. Input entities must be unflattened.
void FlattenInheritance(std::vector<Entity>& entities);

}  // namespace s2r::ir
