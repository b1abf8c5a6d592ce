// Shared state of one operation's derivation. Private to src/synth.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/source_manager.h"
#include "ir/module.h"
#include "synth/plan.h"

namespace s2r::synth {

struct DerivationContext {
  const ir::Module& module;
  const ir::Operation& operation;
  const SourceManager& sources;
  // The first clause no rule could realise, with the reason; empty while everything derives.
  std::optional<std::pair<Span, std::string>> failure;

  [[nodiscard]] std::string Quote(Span span) const;
  void FailAt(Span span, std::string reason) {
    if (!failure) {
      failure.emplace(span, std::move(reason));
    }
  }
};

// Guards from `requires` and from transitions whose rules name this operation, in order.
[[nodiscard]] std::vector<Step> DeriveGuards(DerivationContext& context);

// Steps realising the `ensures` clauses (unordered: defining steps and writes, in clause order).
[[nodiscard]] std::vector<Step> DeriveEnsures(DerivationContext& context);

// Defining steps in dependency order, then writes in clause order. Reports cycles as failures.
[[nodiscard]] std::vector<Step> OrderSteps(DerivationContext& context, std::vector<Step> steps);

}  // namespace s2r::synth
