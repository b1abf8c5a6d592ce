// The syntax tree: exactly what the source says, with spans. No names are resolved here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/operators.h"
#include "base/span.h"

namespace s2r::syntax {

// A name as written, with its span.
struct Name {
  std::string text;
  Span span;
};

enum class ExprKind {
  kBinary, kUnary, kQuantifier, kSomeWrap, kThe, kFieldAccess, kEnumAccess, kIndex, kCall,
  kPrime, kPre, kWith, kIf, kLet, kLambda, kConstructor, kSetLiteral, kMapLiteral,
  kSetComprehension, kSeqLiteral, kMatches, kIntLit, kFloatLit, kStringLit, kBoolLit, kNoneLit,
  kIdentifier,
};

// One uniform expression node. Which members are meaningful depends on `kind`:
//   kBinary            binary_op; operands = {left, right}
//   kUnary             unary_op; operands = {operand}
//   kQuantifier        quantifier; names[i] = variable i (binding_kinds[i], binding_spans[i]);
//                      operands = {domain_0 .. domain_n-1, body}
//   kSomeWrap, kPrime, kPre   operands = {inner}
//   kThe, kSetComprehension   text = variable (names[0] has its span); operands = {domain, body}
//   kFieldAccess       text = field name; operands = {base}
//   kEnumAccess        text = member name; operands = {base}
//   kIndex             operands = {base, index}
//   kCall              operands = {callee, args...}
//   kWith              names = updated fields; operands = {base, value_0 .. value_n-1}
//   kIf                operands = {condition, then, else}
//   kLet               text = variable (names[0]); operands = {value, body}
//   kLambda            text = parameter (names[0]); operands = {body}
//   kConstructor       text = type name; names = fields; operands = values
//   kSetLiteral, kSeqLiteral  operands = elements
//   kMapLiteral        operands = {key_0, value_0, key_1, value_1, ...}
//   kMatches           text = regex pattern (`\/` already unescaped); operands = {subject}
//   kIntLit            text = decimal digits as written (leading zeros kept)
//   kFloatLit          text = source text
//   kStringLit         text = unescaped value
//   kBoolLit           bool_value
//   kIdentifier        text = name
struct Expr {
  ExprKind kind = ExprKind::kNoneLit;
  Span span;
  BinaryOp binary_op = BinaryOp::kAnd;
  UnaryOp unary_op = UnaryOp::kNot;
  QuantifierKind quantifier = QuantifierKind::kAll;
  bool bool_value = false;
  std::string text;
  std::vector<Name> names;
  std::vector<BindingKind> binding_kinds;
  // For quantifiers: each binding's span (variable through domain). For with/constructor: each
  // field assignment's span (name through value).
  std::vector<Span> item_spans;
  std::vector<Expr> operands;
  // Height of this subtree (a leaf is 1). The parser bounds it, so recursive walkers are safe.
  std::uint32_t height = 1;
};

// One `requires:` or `ensures:` clause: its juxtaposed expressions in order.
using Clause = std::vector<Expr>;

enum class TypeKind { kNamed, kSet, kSeq, kOption, kMap, kRelation };

// kNamed: name. kSet/kSeq/kOption: args = {element}. kMap: args = {key, value}.
// kRelation: args = {from, to} with multiplicity (default `one`).
struct TypeExpr {
  TypeKind kind = TypeKind::kNamed;
  std::string name;
  std::vector<TypeExpr> args;
  Multiplicity multiplicity = Multiplicity::kOne;
  Span span;
};

struct Field {
  Name name;
  TypeExpr type;
  std::optional<Expr> constraint;
  Span span;
};

struct Entity {
  Name name;
  std::optional<Name> parent;
  std::vector<Field> fields;
  std::vector<Expr> invariants;
  Span span;
};

struct Enum {
  Name name;
  std::vector<Name> values;
  Span span;
};

struct TypeAlias {
  Name name;
  TypeExpr type;
  std::optional<Expr> constraint;
  Span span;
};

struct Param {
  Name name;
  TypeExpr type;
  Span span;
};

struct State {
  std::vector<Param> fields;
  Span span;
};

struct Operation {
  Name name;
  std::vector<Param> inputs;
  std::vector<Param> outputs;
  std::vector<Clause> requires_clauses;
  std::vector<Clause> ensures_clauses;
  // Present only when a `requires_auth:` clause exists (several clauses concatenate).
  std::optional<std::vector<Name>> requires_auth;
  Span span;
};

struct TransitionRule {
  Name from;
  Name to;
  Name via;
  std::optional<Expr> guard;
  Span span;
};

struct Transition {
  Name name;
  Name entity;
  Name field;
  std::vector<TransitionRule> rules;
  Span span;
};

// Used for `invariant` and `fact`; the name is optional for both.
struct Invariant {
  std::optional<Name> name;
  Expr expr;
  Span span;
};

struct Temporal {
  Name name;
  Expr expr;
  Span span;
};

struct Function {
  Name name;
  std::vector<Param> params;
  TypeExpr return_type;
  Expr body;
  Span span;
};

struct Predicate {
  Name name;
  std::vector<Param> params;
  Expr body;
  Span span;
};

struct StringLiteral {
  std::string value;
  Span span;
};

// `Target.property = value`, `Target.qualifier.property = value` or
// `Target.property "qualifier" = value`.
struct ConventionRule {
  Name target;
  Name property;
  std::optional<Name> dotted_qualifier;
  std::optional<StringLiteral> string_qualifier;
  Expr value;
  Span span;
};

struct Conventions {
  std::vector<ConventionRule> rules;
  Span span;
};

struct SecurityArgument {
  Name name;
  StringLiteral value;
  Span span;
};

struct SecurityScheme {
  Name name;
  Name kind;
  std::vector<SecurityArgument> arguments;
  Span span;
};

struct Import {
  StringLiteral path;
  Span span;
};

// A whole spec file. Repeated `state`/`conventions` blocks are kept so the IR builder can
// report them; `security` blocks concatenate.
struct Service {
  Name name;
  std::vector<Import> imports;
  std::vector<Entity> entities;
  std::vector<Enum> enums;
  std::vector<TypeAlias> type_aliases;
  std::vector<State> states;
  std::vector<Operation> operations;
  std::vector<Transition> transitions;
  std::vector<Invariant> invariants;
  std::vector<Temporal> temporals;
  std::vector<Invariant> facts;
  std::vector<Function> functions;
  std::vector<Predicate> predicates;
  std::vector<Conventions> conventions;
  std::vector<SecurityScheme> security;
  Span span;
};

}  // namespace s2r::syntax
