// How a behavioral test brings the service into the state an operation's `requires` talks
// about, using only the service's own operations: a key of a state relation is made by a
// "producer" (a create operation whose response carries the key), and an entity's transition
// field is advanced along unguarded `transition` rules by calling their `via` operations.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "convention/service_model.h"
#include "ir/module.h"
#include "synth/plan.h"

namespace s2r::emit::python_fastapi::testgen {

// A `requires` conjunct `<input> in <relation>` (404 when it fails).
struct KeyNeed {
  std::string input;
  std::string relation;
};

// A `requires` conjunct `<input> not in <relation>` (409 when it fails).
struct KeyConflict {
  std::string input;
  std::string relation;
  std::size_t clause = 0;  // index among the operation's requires conjuncts
};

// The operation that makes new keys of a relation, and where the key is in its response.
struct Producer {
  const convention::Operation* op = nullptr;
  std::string relation;
  // Python over `response`: `response.json()["id"]`.
  std::string key_expr;
  // The status its entity's transition field starts in, when its ensures say so.
  std::optional<std::string> initial_status;
};

// One transition rule taken to move an entity's status during arrangement.
struct StatusStep {
  const convention::Operation* via = nullptr;
  std::string key_input;  // the via's input that takes the key
  std::string from;
  std::string to;
};

// The transition field condition an operation's `requires` (and the transition rules it is the
// `via` of) put on the row of a key input.
struct StatusNeed {
  KeyNeed key;
  std::string field;
  std::set<std::string> allowed;    // the statuses the row may be in
  std::vector<std::size_t> clauses; // requires conjuncts that state it
  bool guarded_via = false;         // some rule via this operation has a `when` guard
};

class Arrangement {
 public:
  Arrangement(const ir::Module& module, const convention::ServiceModel& model,
              const std::vector<synth::OperationPlan>& plans);

  // True when tests may call the operation (it has a real body and needs no credentials).
  [[nodiscard]] bool Callable(const convention::Operation& op) const;

  [[nodiscard]] std::vector<KeyNeed> KeyNeeds(const convention::Operation& op) const;
  [[nodiscard]] std::vector<KeyConflict> KeyConflicts(const convention::Operation& op) const;
  // The producer of `relation`, or nullptr (none, or its own needs cannot be arranged).
  [[nodiscard]] const Producer* ProducerOf(const std::string& relation) const;
  // Every producer, in operation order (each relation once).
  [[nodiscard]] const std::vector<Producer>& Producers() const { return producers_; }
  [[nodiscard]] std::optional<StatusNeed> StatusNeedOf(const convention::Operation& op) const;
  // Rules to take from `from` to a status inside (or, with `inside` false, outside) `targets`;
  // nullopt when no unguarded path exists.
  [[nodiscard]] std::optional<std::vector<StatusStep>> PathTo(const std::string& relation,
                                                              const std::string& from,
                                                              const std::set<std::string>& targets,
                                                              bool inside) const;
  // The requires conjuncts (top-level `and` split) of an operation, in order.
  [[nodiscard]] std::vector<const ir::Expr*> Requires(const convention::Operation& op) const;
  [[nodiscard]] const ir::Operation& Ir(const convention::Operation& op) const {
    return module_.operations[op.ir_index];
  }
  // The status a failed requires conjunct answers: the synthesized guard's when the plan has one
  // for this clause, else the convention's (404 missing key, 409 state, 422 value).
  [[nodiscard]] int GuardStatus(const convention::Operation& op, const ir::Expr& conjunct) const;
  // The first state condition (409 class) of `op`'s requires that the arrangement does not
  // establish (neither a key lookup, a key conflict, nor the status it advances the row to), as
  // written; empty when there is none.
  [[nodiscard]] std::string UnarrangedCondition(const convention::Operation& op) const;
  // The transition over the entity stored in `relation`, or nullptr.
  [[nodiscard]] const ir::Transition* TransitionOf(const std::string& relation) const;

 private:
  void FindProducers();

  const ir::Module& module_;
  const convention::ServiceModel& model_;
  const std::vector<synth::OperationPlan>& plans_;
  std::vector<Producer> producers_;
};

}  // namespace s2r::emit::python_fastapi::testgen
