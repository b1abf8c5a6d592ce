// ir::Module: the checked, resolved, immutable form of one spec, consumed by every later phase.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "ir/expr.h"
#include "ir/types.h"

namespace s2r::ir {

struct Field {
  std::string name;
  Type type;
  std::optional<Expr> constraint;  // `where` predicate; `value` and sibling fields in scope
  Span span;
  // The entity that declared the field (differs from the owner for inherited fields).
  std::string declared_in;
};

struct Entity {
  std::string name;
  std::optional<std::string> parent;
  // Flattened: ancestors' fields first (a redeclared field replaces the inherited one in place).
  std::vector<Field> fields;
  // Ancestors' invariants first, then the entity's own.
  std::vector<Expr> invariants;
  Span span;
  Span name_span;

  [[nodiscard]] const Field* FindField(std::string_view field_name) const;
};

struct Enum {
  std::string name;
  std::vector<std::string> values;
  Span span;
  Span name_span;
};

// `type Name = Base where P`. `base` is resolved through alias chains; `constraints` collects the
// whole chain outermost first (every one applies).
struct TypeAlias {
  std::string name;
  Type base;
  std::optional<Expr> constraint;
  Span span;
  Span name_span;
};

struct Param {
  std::string name;
  Type type;
  Span span;
};

struct Operation {
  std::string name;
  std::vector<Param> inputs;
  std::vector<Param> outputs;
  // Clauses concatenated in order; a `let` followed by more elements of its clause has them
  // folded into its body as a right-nested `and` (the reference's let-folding).
  std::vector<Expr> requires_exprs;
  std::vector<Expr> ensures_exprs;
  std::optional<std::vector<std::string>> requires_auth;
  Span span;
  Span name_span;

  [[nodiscard]] const Param* FindInput(std::string_view param_name) const;
  [[nodiscard]] const Param* FindOutput(std::string_view param_name) const;
};

struct TransitionRule {
  std::string from;
  std::string to;
  std::string via;
  std::optional<Expr> guard;
  Span span;
};

struct Transition {
  std::string name;
  std::string entity;
  std::string field;
  std::vector<TransitionRule> rules;
  Span span;
};

struct Invariant {
  std::optional<std::string> name;
  Expr expr;
  Span span;
};

enum class TemporalKind { kAlways, kEventually, kFairness, kInvalid };

struct Temporal {
  std::string name;
  TemporalKind kind = TemporalKind::kInvalid;
  // The argument of always(...)/eventually(...)/fairness(...); the raw body when kInvalid.
  Expr body;
  Span span;
};

struct Function {
  std::string name;
  std::vector<Param> params;
  Type return_type;
  Expr body;
  Span span;
};

struct Predicate {
  std::string name;
  std::vector<Param> params;
  Expr body;
  Span span;
  // True for isValidURI / isValidEmail injected from the built-in preamble.
  bool from_preamble = false;
};

struct ConventionRule {
  std::string target;
  std::string property;
  std::optional<std::string> qualifier;  // dotted (`User.password.test_strategy`) or string
  Expr value;
  Span span;
};

enum class SecurityKind { kBearer, kApiKey, kBasic };

struct SecurityScheme {
  std::string name;
  SecurityKind kind = SecurityKind::kBearer;
  std::optional<std::string> bearer_format;
  // ApiKey only: where the key travels (`header`, `query`, `cookie`) and its parameter name.
  std::optional<std::string> location;
  std::optional<std::string> parameter_name;
  Span span;
};

struct StateField {
  std::string name;
  Type type;
  Span span;
};

struct Module {
  std::string name;
  std::string source_name;  // the spec path as given
  std::vector<std::string> imports;
  std::vector<Entity> entities;
  std::vector<Enum> enums;
  std::vector<TypeAlias> type_aliases;
  std::optional<std::vector<StateField>> state;
  std::vector<Operation> operations;
  std::vector<Transition> transitions;
  std::vector<Invariant> invariants;
  std::vector<Temporal> temporals;
  std::vector<Invariant> facts;
  std::vector<Function> functions;
  std::vector<Predicate> predicates;  // user predicates, then the preamble's
  std::vector<ConventionRule> conventions;
  bool has_conventions_block = false;
  std::vector<SecurityScheme> security;
  Span span;

  [[nodiscard]] const Entity* FindEntity(std::string_view name) const;
  [[nodiscard]] const Enum* FindEnum(std::string_view name) const;
  [[nodiscard]] const TypeAlias* FindAlias(std::string_view name) const;
  [[nodiscard]] const Operation* FindOperation(std::string_view name) const;
  [[nodiscard]] const StateField* FindStateField(std::string_view name) const;
  [[nodiscard]] const Function* FindFunction(std::string_view name) const;
  [[nodiscard]] const Predicate* FindPredicate(std::string_view name) const;
  // Every refinement predicate that applies to a value of `type`: the alias chain's constraints,
  // outermost first (looking through Option). Empty for unrefined types.
  [[nodiscard]] std::vector<const Expr*> RefinementsOf(const Type& type) const;
};

}  // namespace s2r::ir
