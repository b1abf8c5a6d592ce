// Operation plans: target-neutral bodies derived from `requires` / `ensures`.
// A plan is a list of steps over ir::Expr values. Values read inputs, the pre-state (bare or
// `pre(...)` state names), and locals bound by earlier steps; a target lowers each step to its
// data layer. Every write happens after every guard, and all values are computed from the
// pre-state snapshot (cli-synthesis-targets.md §2.3).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "ir/expr.h"

namespace s2r::synth {

// Why a guard fails, which decides the HTTP status a target answers with.
enum class GuardKind {
  kMissingKey,       // `k in R` is false: 404
  kConflict,         // `k not in R`, wrong transition state, state-dependent condition: 409
  kInvalidValue,     // a constraint on input values alone: 422
};

struct Guard {
  GuardKind kind = GuardKind::kInvalidValue;
  ir::Expr condition;
  // The HTTP detail naming the violated clause: `<Op>.requires: <clause as written>` (e.g.
  // "GetTodo.requires: id in todos"), or for transition rules
  // `<Transition>: <FROM> -> <TO> via <Op> when <guard>`.
  std::string message;
  Span span;
};

enum class StepKind {
  kGuard,         // guard
  kBind,          // name := value (let, `the` lookup, copy-with, output expressions)
  kSampleFresh,   // name := random value of `type` (refined string) that is not a key of
                  // relation (or, with `field` set, no row's value of that field: R11)
  kAllocate,      // name := pre(counter); counter := pre(counter) + 1
  kConstruct,     // name := new entity { fields } (unmentioned fields get default values)
  kPut,           // relation[key] := value (insert or replace)
  kErase,         // delete relation[key]
  kUpdateField,   // relation[key].field := value; the row is created with defaults if missing
  kSetScalar,     // scalar := value
  kAppend,        // sequence scalar := pre(scalar) + [value]
  kBranch,        // if condition then then_steps else else_steps
  kCollect,       // name := every value of relation satisfying predicate over `variable`
};

// One field assignment of a constructed value. Several may name the same field; the first whose
// condition holds wins, and a field with none that holds keeps its fallback (the `base` row's
// value for updates, else the default policy: now() for DateTime, none for Option, empty
// collections, false, 0).
struct FieldValue {
  std::string field;
  ir::Expr value;
  std::optional<ir::Expr> condition;
};

struct Step {
  StepKind kind = StepKind::kBind;
  // The local, output, relation or scalar the step defines or writes.
  std::string target;
  std::optional<ir::Expr> key;
  std::optional<ir::Expr> value;
  // kUpdateField: the field; kCollect: the bound variable; kAllocate: the counter scalar;
  // kSampleFresh: the entity field whose stored values the sample avoids (empty: the key).
  std::string field;
  // kConstruct: the entity; kSampleFresh: the type whose refinements describe valid values.
  ir::Type type;
  // kSampleFresh / kCollect: the relation whose keys (or values) are involved.
  std::string relation;
  std::vector<FieldValue> fields;
  // kConstruct: the existing value unassigned fields are copied from (least change), if any.
  std::optional<ir::Expr> base;
  // kCollect: true when `field` (the variable) ranges over the relation's keys rather than
  // its values.
  bool variable_is_key = false;
  std::optional<Guard> guard;
  std::vector<Step> then_steps;
  std::vector<Step> else_steps;
  // The ensures/requires clause this step realises, and its text (whitespace collapsed).
  Span origin;
  std::string clause;
};

struct OperationPlan {
  std::string operation;
  // True when the body could not be derived and the user opted into 501 stubs.
  bool stub = false;
  std::string stub_reason;
  std::vector<Step> steps;
  // State relations and scalars the plan writes; targets lock what they read-modify-write.
  std::vector<std::string> written_state;
};

// The plan of operation `name`, or nullptr.
[[nodiscard]] inline const OperationPlan* FindPlan(const std::vector<OperationPlan>& plans,
                                                   std::string_view name) {
  for (const OperationPlan& plan : plans) {
    if (plan.operation == name) return &plan;
  }
  return nullptr;
}

}  // namespace s2r::synth
