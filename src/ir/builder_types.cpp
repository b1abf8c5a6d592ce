// Written types -> semantic types: primitives, declared names, alias chains.
#include <optional>

#include "ir/builder_internal.h"

namespace s2r::ir {
namespace {

std::optional<TypeKind> PrimitiveKind(std::string_view name) {
  if (name == "String") return TypeKind::kString;
  if (name == "Int") return TypeKind::kInt;
  if (name == "Bool") return TypeKind::kBool;
  if (name == "Float") return TypeKind::kFloat;
  if (name == "DateTime") return TypeKind::kDateTime;
  if (name == "Duration") return TypeKind::kDuration;
  if (name == "UUID") return TypeKind::kUuid;
  return std::nullopt;
}

}  // namespace

TypeResolver::TypeResolver(const syntax::Service& service, diag::DiagnosticSink& sink)
    : sink_(sink) {
  for (const syntax::Entity& entity : service.entities) {
    entities_.insert(entity.name.text);
  }
  for (const syntax::Enum& enumeration : service.enums) {
    enums_.insert(enumeration.name.text);
  }
  for (const syntax::TypeAlias& alias : service.type_aliases) {
    // The first declaration of a name wins, as everywhere else in the builder.
    aliases_.emplace(alias.name.text, &alias);
  }
}

Type TypeResolver::Resolve(const syntax::TypeExpr& type) {
  switch (type.kind) {
    case syntax::TypeKind::kNamed:
      return ResolveNamed(type);
    case syntax::TypeKind::kSet:
      return Type::Wrap(TypeKind::kSet, Resolve(type.args.at(0)));
    case syntax::TypeKind::kSeq:
      return Type::Wrap(TypeKind::kSeq, Resolve(type.args.at(0)));
    case syntax::TypeKind::kOption:
      return Type::Wrap(TypeKind::kOption, Resolve(type.args.at(0)));
    case syntax::TypeKind::kMap:
      return Type::Pair(TypeKind::kMap, Resolve(type.args.at(0)), Resolve(type.args.at(1)));
    case syntax::TypeKind::kRelation: {
      Type relation =
          Type::Pair(TypeKind::kRelation, Resolve(type.args.at(0)), Resolve(type.args.at(1)));
      relation.multiplicity = type.multiplicity;
      return relation;
    }
  }
  return {};
}

Type TypeResolver::ResolveNamed(const syntax::TypeExpr& type) {
  if (std::optional<TypeKind> primitive = PrimitiveKind(type.name)) {
    return Type::Of(*primitive);
  }
  if (entities_.count(type.name) != 0) {
    return Type::Named(TypeKind::kEntity, type.name);
  }
  if (enums_.count(type.name) != 0) {
    return Type::Named(TypeKind::kEnum, type.name);
  }
  if (aliases_.count(type.name) != 0) {
    Type resolved = AliasBase(type.name);
    resolved.alias = type.name;
    return resolved;
  }
  sink_.Report(diag::UnknownTypeName(type.span, type.name)
                   .WithHelp("declare it with `entity`, `enum` or `type`, or use a built-in type "
                             "(String, Int, Bool, Float, DateTime, Duration, UUID)"));
  return Type::Named(TypeKind::kUnknown, type.name);
}

Type TypeResolver::AliasBase(const std::string& name) {
  if (auto cached = alias_bases_.find(name); cached != alias_bases_.end()) {
    return cached->second;
  }
  auto alias = aliases_.find(name);
  if (alias == aliases_.end() || !resolving_.insert(name).second) {
    // Not an alias, or a cycle (`type A = B`, `type B = A`): opaque, like the reference.
    return Type::Named(TypeKind::kUnknown, name);
  }
  Type base = Resolve(alias->second->type);
  resolving_.erase(name);
  alias_bases_.emplace(name, base);
  return base;
}

}  // namespace s2r::ir
