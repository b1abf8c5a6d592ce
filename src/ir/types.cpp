// Type equality and printing.
#include "ir/types.h"

#include <fmt/format.h>

namespace s2r::ir {

bool Type::SameAs(const Type& other) const {
  if (kind != other.kind || name != other.name || args.size() != other.args.size()) {
    return false;
  }
  if (kind == TypeKind::kRelation && multiplicity != other.multiplicity) {
    return false;
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!args[i].SameAs(other.args[i])) {
      return false;
    }
  }
  return true;
}

std::string ToString(const Type& type) {
  if (!type.alias.empty()) {
    return type.alias;
  }
  switch (type.kind) {
    case TypeKind::kUnknown: return "?";
    case TypeKind::kBool: return "Bool";
    case TypeKind::kInt: return "Int";
    case TypeKind::kFloat: return "Float";
    case TypeKind::kString: return "String";
    case TypeKind::kDateTime: return "DateTime";
    case TypeKind::kDuration: return "Duration";
    case TypeKind::kUuid: return "UUID";
    case TypeKind::kEntity: return type.name;
    case TypeKind::kEnum: return type.name;
    case TypeKind::kNone: return "None";
    case TypeKind::kLambda: return "Lambda";
    case TypeKind::kSet: return fmt::format("Set[{}]", ToString(type.args.at(0)));
    case TypeKind::kSeq: return fmt::format("Seq[{}]", ToString(type.args.at(0)));
    case TypeKind::kOption: return fmt::format("Option[{}]", ToString(type.args.at(0)));
    case TypeKind::kMap:
      return fmt::format("Map[{}, {}]", ToString(type.args.at(0)), ToString(type.args.at(1)));
    case TypeKind::kRelation:
      return fmt::format("{} -> {} {}", ToString(type.args.at(0)), Spelling(type.multiplicity),
                         ToString(type.args.at(1)));
  }
  return "?";
}

}  // namespace s2r::ir
