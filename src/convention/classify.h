// Operation classification (the reference's M1-M10 decision tree), target entity, synthesis
// strategy label and scalar-state operations. Pure functions of the IR.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "convention/service_model.h"
#include "ir/module.h"

namespace s2r::convention {

// State fields backed by a service_state column: bare Int (or an Int alias whose refinements
// reduce to bounds), not named `id`, with a seed derivable from the global invariants (each
// atom mentioning it must be `name cmp int`; universals are ignored) and the alias bounds.
// Maps name -> seed (the satisfying value nearest 0). Empty when an entity table would be
// named `service_state`.
[[nodiscard]] std::map<std::string, std::int64_t> BackedScalars(const ir::Module& module);

struct Classification {
  OperationKind kind = OperationKind::kRead;
  HttpMethod default_method = HttpMethod::kGet;
  std::string target_entity;          // empty when none
  SynthesisStrategy strategy = SynthesisStrategy::kLlmSynthesis;
  bool scalar_op = false;
  std::vector<std::string> primed;    // roots of primed expressions, first-occurrence order
  std::vector<std::string> mutated;   // primed state fields minus the preserved ones
};

// Classifies `op` (§1.1 of the codegen notes). `backed` is BackedScalars(module).
[[nodiscard]] Classification Classify(const ir::Module& module, const ir::Operation& op,
                                      const std::map<std::string, std::int64_t>& backed);

// The entity a type names: `E`, `Set/Seq/Option[E]`, `Map[K, E]`, `A -> m E`; empty otherwise.
[[nodiscard]] std::string EntityNameFromType(const ir::Type& type);

// The default method of a kind (M1 POST, M2 GET, ...).
[[nodiscard]] HttpMethod DefaultMethod(OperationKind kind);

// Names of the state fields each operation primes (for "written" state), over all operations.
[[nodiscard]] std::vector<std::string> PrimedRoots(const ir::Operation& op);

}  // namespace s2r::convention
