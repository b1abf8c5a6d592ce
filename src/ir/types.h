// Semantic types of the IR.
#pragma once

#include <string>
#include <vector>

#include "base/operators.h"

namespace s2r::ir {

enum class TypeKind {
  kUnknown,  // could not be inferred (an error was reported, or the construct is untyped)
  kBool, kInt, kFloat, kString, kDateTime, kDuration, kUuid,
  kEntity, kEnum,
  kSet, kSeq, kOption, kMap, kRelation,
  kNone,     // the type of the literal `none`, compatible with every Option
  kLambda,   // the type of `x => e` (args[0] is the body type)
};

// A type as a value. `name` is the entity or enum name. `alias` remembers the refined alias the
// type was written as (e.g. `ShortCode` for a String), so later phases can find its refinements.
// kSet/kSeq/kOption: args = {element}. kMap: args = {key, value}.
// kRelation: args = {from, to} with `multiplicity`.
struct Type {
  TypeKind kind = TypeKind::kUnknown;
  std::string name;
  std::string alias;
  std::vector<Type> args;
  Multiplicity multiplicity = Multiplicity::kOne;

  static Type Of(TypeKind kind) { return Type{kind, {}, {}, {}, Multiplicity::kOne}; }
  static Type Named(TypeKind kind, std::string name) {
    return Type{kind, std::move(name), {}, {}, Multiplicity::kOne};
  }
  static Type Wrap(TypeKind kind, Type element) {
    Type t = Of(kind);
    t.args.push_back(std::move(element));
    return t;
  }
  static Type Pair(TypeKind kind, Type key, Type value) {
    Type t = Of(kind);
    t.args.push_back(std::move(key));
    t.args.push_back(std::move(value));
    return t;
  }

  [[nodiscard]] bool IsKnown() const { return kind != TypeKind::kUnknown; }
  [[nodiscard]] bool IsNumeric() const {
    return kind == TypeKind::kInt || kind == TypeKind::kFloat || kind == TypeKind::kDateTime ||
           kind == TypeKind::kDuration;
  }
  [[nodiscard]] bool IsCollection() const {
    return kind == TypeKind::kSet || kind == TypeKind::kSeq || kind == TypeKind::kMap ||
           kind == TypeKind::kRelation;
  }
  // Structural equality ignoring `alias`.
  [[nodiscard]] bool SameAs(const Type& other) const;
};

// `Int`, `Set[User]`, `String -> lone UrlMapping`, `ShortCode` (alias shown when present).
[[nodiscard]] std::string ToString(const Type& type);

}  // namespace s2r::ir
